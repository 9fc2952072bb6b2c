import type { Kysely } from "kysely";

// Frozen once shipped: the schema as of 2026-12-13. Never import app code here.
//
// The dashboards (report.communityDashboard, report.streetDashboard) count a 社区's tasks by state and
// read its open ones: with 100,000 tasks (npm run bench -- dashboard) both scanned every task of the
// listed units. This index answers the count from the index alone and the open ones by a range.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("task_unit_state_idx").on("task").columns(["unit_id", "state"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("task_unit_state_idx").execute();
}
