import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: the 黑白榜 as of 2026-12-05. Never import app code here.
//
// - board_entry: one entry of a 社区's board (白榜 or 黑榜), its subject, its state, its publication
//   window (start_date … end_date, China dates) and, for a 黑榜 entry with a linked person, the last day
//   of the notice period (notice_until). Whether it shows today is computed from these, never stored.
// - board_edition: one per 社区 per month; an entry belongs to the edition of the month it starts in.
// - board_appeal: a linked person's 申诉 and the decision on it.
// - board_setting, board_category: a 社区's own settings and category labels (absent: the defaults).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("board_edition")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("published_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("published_at", "text")
    .addUniqueConstraint("board_edition_community_month_uq", ["community_id", "month"])
    .execute();

  await db.schema
    .createTable("board_entry")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("courtyard_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("building_id", "integer", (c) => c.references("org_unit.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("subject_kind", "text", (c) => c.notNull())
    .addColumn("subject_name", "text")
    .addColumn("subject_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("subject_volunteer_id", "integer", (c) => c.references("volunteer.id").onDelete("set null"))
    .addColumn("consent_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("consent_at", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("proposer_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("problem_id", "integer", (c) => c.references("problem.id").onDelete("set null"))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("reject_reason", "text")
    .addColumn("edition_id", "integer", (c) => c.references("board_edition.id").onDelete("restrict"))
    .addColumn("start_date", "text")
    .addColumn("end_date", "text")
    .addColumn("notice_until", "text")
    .addColumn("photos_confirmed_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("photos_confirmed_at", "text")
    .addColumn("approved_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("approved_at", "text")
    .addColumn("rectified_at", "text")
    .addColumn("withdrawn_at", "text")
    .addColumn("erased_at", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // An edition's entries (the public board, the poster), a 社区's queue by state, and each person's own.
  await db.schema
    .createIndex("board_entry_edition_idx")
    .on("board_entry")
    .columns(["edition_id", "kind", "id"])
    .execute();
  await db.schema
    .createIndex("board_entry_community_state_idx")
    .on("board_entry")
    .columns(["community_id", "state", "created_at"])
    .execute();
  await db.schema
    .createIndex("board_entry_proposer_idx")
    .on("board_entry")
    .columns(["proposer_user_id"])
    .execute();
  await db.schema
    .createIndex("board_entry_subject_idx")
    .on("board_entry")
    .columns(["subject_user_id"])
    .execute();
  await db.schema.createIndex("board_entry_problem_idx").on("board_entry").columns(["problem_id"]).execute();

  await db.schema
    .createTable("board_appeal")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("board_entry.id").onDelete("cascade"))
    .addColumn("appellant_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decision", "text")
    .addColumn("decision_reason", "text")
    .addColumn("decided_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("decided_at", "text")
    .execute();
  await db.schema
    .createIndex("board_appeal_entry_idx")
    .on("board_appeal")
    .columns(["entry_id", "id"])
    .execute();

  await db.schema
    .createTable("board_setting")
    .addColumn("community_id", "integer", (c) => c.primaryKey().references("org_unit.id").onDelete("cascade"))
    .addColumn("black_visibility", "text", (c) => c.notNull())
    .addColumn("black_name_display", "text", (c) => c.notNull())
    .addColumn("black_max_days", "integer", (c) => c.notNull())
    .addColumn("white_days", "integer", (c) => c.notNull())
    .addColumn("notice_days", "integer", (c) => c.notNull())
    .addColumn("rectified_removal", "text", (c) => c.notNull())
    .addColumn("retention_days", "integer", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("board_category")
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("board_category_pk", ["community_id", "code"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("board_category").execute();
  await db.schema.dropTable("board_setting").execute();
  await db.schema.dropTable("board_appeal").execute();
  await db.schema.dropTable("board_entry").execute();
  await db.schema.dropTable("board_edition").execute();
}
