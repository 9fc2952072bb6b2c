import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: the 工作总结 drafts as of 2026-12-14. Never import app code here.
//
// summary_draft: one draft of a 社区's or 街道's 工作总结 for a period: the period as asked (kind) and
// as dates, the campaign it was read against, the title and the document (JSON: paragraphs with their
// figures, the 附表, which paragraphs a person edited). 重新生成 writes a new row pointing at the one
// it replaces (previous_id), so the old text is kept. version: two people saving one draft at once,
// the second is refused.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("summary_draft")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("cascade"))
    .addColumn("period_kind", "text", (c) => c.notNull())
    .addColumn("period_from", "text", (c) => c.notNull())
    .addColumn("period_to", "text", (c) => c.notNull())
    .addColumn("period_label", "text", (c) => c.notNull())
    .addColumn("campaign_id", "integer", (c) => c.references("campaign.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("previous_id", "integer", (c) => c.references("summary_draft.id").onDelete("set null"))
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex("summary_draft_unit_idx")
    .on("summary_draft")
    .columns(["unit_id", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("summary_draft").execute();
}
