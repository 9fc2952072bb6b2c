import { sql, type Kysely } from "kysely";
import { onPostgres } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-03. Never import app code here.
//
// A name prefix (王*) is matched as a range in "C" order on PostgreSQL (db/text-match.ts), so that
// the match does not depend on the database's collation. The (community_id, name) index of
// 2026-11-29T0100 is in the database's collation and cannot serve that range: measured on 50,000
// volunteers, the roster's 王* search read the whole table (18 req/s against 118 on SQLite). SQLite
// compares in code-point order already and uses the existing index, so this changes nothing there.

export async function up(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await sql`create index volunteer_community_name_c_idx on volunteer (community_id, name collate "C")`.execute(db);
  await sql`create index volunteer_name_c_idx on volunteer (name collate "C")`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!onPostgres(db)) return;
  await sql`drop index volunteer_name_c_idx`.execute(db);
  await sql`drop index volunteer_community_name_c_idx`.execute(db);
}
