import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: 督办 as of 2026-12-12. Never import app code here.
//
// task_supervision: a 督办单 issued by hand on a task by someone above its 责任单位: its colour
// (red/yellow/blue, red by default), the note and the day a reply is due; the 责任人's answer (反馈)
// and who gave it when; the 销号 (cleared) and who did it when. state: open → answered → cleared
// (cleared from either). unit_id: the unit the issuer acted for (null for a system admin): its
// admins may clear it too. version: two people acting on one 督办单 at once, the second is refused.
// supervision_setting: a 街道's own thresholds of the computed colours (absent: the defaults), like
// board_setting for a 社区.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("task_supervision")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("task_id", "integer", (c) => c.notNull().references("task.id").onDelete("cascade"))
    .addColumn("unit_id", "integer", (c) => c.references("org_unit.id").onDelete("set null"))
    .addColumn("issued_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("colour", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("reply_by", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("answer", "text")
    .addColumn("answered_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("answered_at", "text")
    .addColumn("cleared_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("cleared_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex("task_supervision_task_idx")
    .on("task_supervision")
    .columns(["task_id", "id"])
    .execute();
  await db.schema
    .createIndex("task_supervision_issuer_idx")
    .on("task_supervision")
    .columns(["issued_by", "state"])
    .execute();

  await db.schema
    .createTable("supervision_setting")
    .addColumn("street_id", "integer", (c) => c.primaryKey().references("org_unit.id").onDelete("cascade"))
    .addColumn("blue_days", "integer", (c) => c.notNull())
    .addColumn("red_after_days", "integer", (c) => c.notNull())
    .addColumn("pace_gap", "integer", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("supervision_setting").execute();
  await db.schema.dropTable("task_supervision").execute();
}
