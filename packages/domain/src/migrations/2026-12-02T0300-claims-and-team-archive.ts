import type { Kysely } from "kysely";

// Frozen once shipped: the schema as of 2026-12-02. Never import app code here.
//
// - team.archived_at: an archived 志愿服务队 (归档) leaves the pickers and lists but keeps its history
//   (the activities it ran, its members); null while the team is active. Reversible.
// - volunteer_claim_failure: each wrong last-4 of the 身份证号 entered by an account claiming a record
//   imported from a paper form; the claim is throttled per account per day. No id, like login_failure.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("team").addColumn("archived_at", "text").execute();

  await db.schema
    .createTable("volunteer_claim_failure")
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("volunteer_claim_failure_user_idx")
    .on("volunteer_claim_failure")
    .columns(["user_id", "at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("volunteer_claim_failure").execute();
  await db.schema.alterTable("team").dropColumn("archived_at").execute();
}
