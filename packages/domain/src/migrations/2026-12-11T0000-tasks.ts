import { sql, type Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: tasks as of 2026-12-11. Never import app code here.
//
// task: a campaign's work split level by level (depth ≤ 4) down to a 责任单位 and a 责任人, with its
// dates, state (one transition table in src/task/rules.ts), the 责任人's own percentage and a weight
// among its siblings; overdue and rolled-up progress are computed, never stored.
// task_helper: its 协办 units or people. task_item: the checklist items (测评内容) it serves.
// task_step: its timeline (created, assigned, each report, 提交验收, 退回, 验收, 取消, moves), photos
// of a report attached through the files feature (owner task_step).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("task")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("restrict"))
    .addColumn("parent_id", "integer", (c) => c.references("task.id").onDelete("restrict"))
    .addColumn("sort", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("assignee_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("assigned_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("start_on", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("priority", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("weight", "real")
    .addColumn("cancel_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex("task_campaign_idx")
    .on("task")
    .columns(["campaign_id", "parent_id", "sort"])
    .execute();
  await db.schema.createIndex("task_parent_idx").on("task").column("parent_id").execute();
  await db.schema
    .createIndex("task_assignee_idx")
    .on("task")
    .columns(["assignee_user_id", "due_on"])
    .where(sql.ref("assignee_user_id"), "is not", null)
    .execute();
  await db.schema.createIndex("task_unit_idx").on("task").columns(["unit_id", "due_on"]).execute();

  await db.schema
    .createTable("task_helper")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("task_id", "integer", (c) => c.notNull().references("task.id").onDelete("cascade"))
    .addColumn("unit_id", "integer", (c) => c.references("org_unit.id").onDelete("restrict"))
    .addColumn("user_id", "integer", (c) => c.references("user.id").onDelete("cascade"))
    .execute();
  await db.schema.createIndex("task_helper_task_idx").on("task_helper").column("task_id").execute();
  await db.schema
    .createIndex("task_helper_user_idx")
    .on("task_helper")
    .column("user_id")
    .where(sql.ref("user_id"), "is not", null)
    .execute();

  await db.schema
    .createTable("task_item")
    .addColumn("task_id", "integer", (c) => c.notNull().references("task.id").onDelete("cascade"))
    .addColumn("item_id", "integer", (c) => c.notNull().references("campaign_item.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("task_item_pk", ["task_id", "item_id"])
    .execute();
  await db.schema.createIndex("task_item_item_idx").on("task_item").column("item_id").execute();

  await db.schema
    .createTable("task_step")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("task_id", "integer", (c) => c.notNull().references("task.id").onDelete("cascade"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("progress", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("task_step_task_idx").on("task_step").columns(["task_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("task_step").execute();
  await db.schema.dropTable("task_item").execute();
  await db.schema.dropTable("task_helper").execute();
  await db.schema.dropTable("task").execute();
}
