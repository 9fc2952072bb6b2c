import { sql, type Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: the calendar of recurring duties (常态化工作) as of 2026-12-10. Never import app
// code here.
//
// duty_rule: what a 社区 must do every month or quarter (宣传栏 更新 每季度, 道德讲堂 每月 2 次 …), who
// answers for it, and what counts as done: activities of a kind, a published 黑白榜 edition, evidence
// of a kind under a checklist item, or a manual tick with a photo (duty_tick). Whether a period is
// done, due or overdue is computed from those records, never stored. Removed rules that were ticked
// are archived (archived_at) so their ticks stay on record.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("duty_rule")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("sort", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("cadence", "text", (c) => c.notNull())
    .addColumn("times", "integer", (c) => c.notNull())
    .addColumn("done_by", "text", (c) => c.notNull())
    .addColumn("activity_kind", "text")
    .addColumn("evidence_kind", "text")
    .addColumn("evidence_item", "text")
    .addColumn("responsible_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("remind_days", "integer", (c) => c.notNull())
    .addColumn("for_residents", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex("duty_rule_community_idx")
    .on("duty_rule")
    .columns(["community_id", "sort"])
    .where(sql.ref("archived_at"), "is", null)
    .execute();
  await db.schema
    .createTable("duty_tick")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("rule_id", "integer", (c) => c.notNull().references("duty_rule.id").onDelete("restrict"))
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("done_on", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("restrict"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("duty_tick_rule_idx").on("duty_tick").columns(["rule_id", "period"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("duty_tick").execute();
  await db.schema.dropTable("duty_rule").execute();
}
