#!/usr/bin/env bash
# Stops a cluster started by start-test-cluster.sh and removes its folder: stop-test-cluster.sh "$CC_PG_DIR"
set -euo pipefail
dir="${1:?usage: stop-test-cluster.sh DIR (the CC_PG_DIR that start-test-cluster.sh printed)}"
case "$(basename "$dir")" in cc-pg.*) ;; *) echo "stop-test-cluster: $dir is not a test cluster folder" >&2; exit 1 ;; esac
cd /
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -f "$dir/data/postmaster.pid" ]; then
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  else
    "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
fi
rm -rf "$dir"
