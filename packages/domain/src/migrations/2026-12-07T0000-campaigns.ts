import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: campaigns as of 2026-12-07. Never import app code here.
//
// - campaign: a 创城 campaign of a 街道 or a 社区 (scope_unit_id), its kind, period (China dates) and stage.
// - campaign_leader: its 领导小组, an account or a name, each with a 职务.
// - campaign_item: one indicator of the 测评体系 checklist, in one 社区's copy: a street's campaign gives
//   each of its 社区 a copy of the template, which that 社区 edits; evidence_kinds and measure are JSON
//   text. An item with evidence is archived rather than deleted (archived_at), so nothing filed is lost.
// - campaign_evidence: a file (or files) filed under an item, with a title, its date and a note.
// - campaign_link: a record of the system (an activity, a 黑白榜 edition, a closed problem) that counts
//   as evidence of an item by itself: proposed by the system, confirmed or removed by a person.
// - campaign_assessment, campaign_grade: a round of 模拟测评 and its grades per item.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("campaign")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("scope_unit_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("period_start", "text", (c) => c.notNull())
    .addColumn("period_end", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("campaign_scope_idx").on("campaign").columns(["scope_unit_id", "id"]).execute();

  await db.schema
    .createTable("campaign_leader")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("title", "text")
    .addColumn("sort", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("campaign_leader_campaign_idx")
    .on("campaign_leader")
    .columns(["campaign_id", "sort"])
    .execute();

  await db.schema
    .createTable("campaign_item")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("sort", "integer", (c) => c.notNull())
    .addColumn("project", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("standard", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("points", "real", (c) => c.notNull())
    .addColumn("evidence_kinds", "text", (c) => c.notNull())
    .addColumn("measure", "text")
    .addColumn("assignee_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex("campaign_item_copy_idx")
    .on("campaign_item")
    .columns(["campaign_id", "community_id", "sort", "id"])
    .execute();

  await db.schema
    .createTable("campaign_evidence")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("item_id", "integer", (c) => c.notNull().references("campaign_item.id").onDelete("restrict"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("evidence_date", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("campaign_evidence_item_idx")
    .on("campaign_evidence")
    .columns(["item_id", "evidence_date", "id"])
    .execute();

  await db.schema
    .createTable("campaign_link")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("item_id", "integer", (c) => c.notNull().references("campaign_item.id").onDelete("restrict"))
    .addColumn("record_type", "text", (c) => c.notNull())
    .addColumn("record_id", "integer", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("decided_at", "text")
    .addUniqueConstraint("campaign_link_record_uq", ["item_id", "record_type", "record_id"])
    .execute();

  await db.schema
    .createTable("campaign_assessment")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaign.id").onDelete("cascade"))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("campaign_assessment_copy_idx")
    .on("campaign_assessment")
    .columns(["campaign_id", "community_id", "id"])
    .execute();
  await db.schema
    .createTable("campaign_grade")
    .addColumn("assessment_id", "integer", (c) =>
      c.notNull().references("campaign_assessment.id").onDelete("cascade"),
    )
    .addColumn("item_id", "integer", (c) => c.notNull().references("campaign_item.id").onDelete("restrict"))
    .addColumn("grade", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addPrimaryKeyConstraint("campaign_grade_pk", ["assessment_id", "item_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "campaign_grade",
    "campaign_assessment",
    "campaign_link",
    "campaign_evidence",
    "campaign_item",
    "campaign_leader",
    "campaign",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
