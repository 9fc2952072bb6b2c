#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for tests and benches: its own data directory in a fresh temp
# folder, listening only on a unix socket in that folder (no TCP port to collide with), trusting local
# connections, fsync off (nothing in it is worth keeping). Prints the lines to evaluate:
#
#   eval "$(tooling/postgres/start-test-cluster.sh)"     # sets TEST_DATABASE_URL and CC_PG_DIR
#   npm test                                             # the domain suite runs on SQLite, then PostgreSQL
#   tooling/postgres/stop-test-cluster.sh "$CC_PG_DIR"   # stops the cluster and removes the folder
#
# Needs Debian's postgresql package (apt-get install postgresql); its default cluster is not used.
# As root, the cluster runs as the `postgres` user (initdb refuses root). PG_BIN overrides where the
# server's programs are (default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail

bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "start-test-cluster: PostgreSQL server programs not found (apt-get install postgresql, or set PG_BIN)" >&2
  exit 1
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/cc-pg.XXXXXX")"
cd "$dir" # the postgres user may not be allowed into the caller's folder
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
user="$("${as_owner[@]}" id -un)"

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# max_connections: every vitest worker and every test server holds a small pool.
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
"${as_owner[@]}" "$bin/createdb" -h "$dir" -U "$user" chuangcheng

echo "export CC_PG_DIR='$dir'"
echo "export TEST_DATABASE_URL='postgres://$user@/chuangcheng?host=$dir'"
