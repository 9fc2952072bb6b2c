import type { Kysely } from "kysely";

// Frozen once shipped: the schema as of 2026-12-04. Never import app code here.
//
// user.care_mode: the portal's 关怀模式 (larger text and buttons, a simpler home) kept on the
// account, so that it follows an older resident to a new phone. Null until they choose.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("user").addColumn("care_mode", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("user").dropColumn("care_mode").execute();
}
