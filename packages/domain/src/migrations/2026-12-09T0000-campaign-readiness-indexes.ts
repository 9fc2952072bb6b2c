import type { Kysely } from "kysely";

// Frozen once shipped: the schema as of 2026-12-09. Never import app code here.
//
// campaign.readiness of a street's campaign reads 5 years of its 30 社区's data at once (npm run bench
// -- readiness): the problems closed in the period (195,000), the 道德讲堂 and 志愿服务 activities, and
// the records confirmed as evidence. Each was a range over an index followed by a lookup of every row
// for the columns the index lacked (state, deadline; kind, status; state): indexes holding them make
// each an index-only range. EXPLAIN QUERY PLAN before: problem_community_closed_idx then the table
// for 190,000 rows, the slowest query by far; after: COVERING INDEX.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("problem_community_state_closed_idx")
    .on("problem")
    .columns(["community_id", "state", "closed_at", "deadline"])
    .execute();
  await db.schema
    .createIndex("activity_community_kind_start_idx")
    .on("activity")
    .columns(["community_id", "kind", "starts_at", "status"])
    .execute();
  await db.schema
    .createIndex("campaign_link_item_state_idx")
    .on("campaign_link")
    .columns(["item_id", "state", "record_type"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("campaign_link_item_state_idx").execute();
  await db.schema.dropIndex("activity_community_kind_start_idx").execute();
  await db.schema.dropIndex("problem_community_state_closed_idx").execute();
}
