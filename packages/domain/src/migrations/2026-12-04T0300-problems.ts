import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: problems (随手拍, 巡查, 督查, 转办), their timeline and each 社区's category
// settings, as of 2026-12-04. Never import app code here.
//
// - problem: one row per problem; `version` is raised by every state change (update … where version = ?),
//   `deadline` a China date (YYYY-MM-DD); overdue is computed from it, never stored.
// - problem_step: the timeline; photos hang on steps as files (owner_type 'problem_step').
// - problem_category: a 社区's own label, 处置时限 or switch for a built-in category.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("problem")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("courtyard_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("building_id", "integer", (c) => c.references("org_unit.id").onDelete("set null"))
    .addColumn("place", "text")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("referral_origin", "text")
    .addColumn("reporter_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("assignee_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("deadline", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("duplicate_of_id", "integer", (c) => c.references("problem.id").onDelete("set null"))
    .addColumn("reject_reason", "text")
    .addColumn("referred_department", "text")
    .addColumn("rating", "text")
    .addColumn("rating_comment", "text")
    .addColumn("rated_at", "text")
    .addColumn("reopened_once", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .execute();
  // Counts per state (the console's tabs) and the overdue count (open states, deadline before today).
  await db.schema
    .createIndex("problem_community_state_idx")
    .on("problem")
    .columns(["community_id", "state", "deadline"])
    .execute();
  // The list, newest first, and this month's 受理 figure.
  await db.schema
    .createIndex("problem_community_created_idx")
    .on("problem")
    .columns(["community_id", "created_at"])
    .execute();
  // This month's 办结 figure and the portal's feed of solved problems.
  await db.schema
    .createIndex("problem_community_closed_idx")
    .on("problem")
    .columns(["community_id", "closed_at"])
    .execute();
  // A grid worker's 网格: the problems of its 楼院.
  await db.schema
    .createIndex("problem_courtyard_state_idx")
    .on("problem")
    .columns(["courtyard_id", "state"])
    .execute();
  await db.schema
    .createIndex("problem_assignee_state_idx")
    .on("problem")
    .columns(["assignee_user_id", "state"])
    .execute();
  await db.schema
    .createIndex("problem_reporter_idx")
    .on("problem")
    .columns(["reporter_user_id", "created_at"])
    .execute();

  await db.schema
    .createTable("problem_step")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("problem_id", "integer", (c) => c.notNull().references("problem.id").onDelete("cascade"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text")
    .addColumn("actor_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("note", "text")
    .addColumn("assignee_user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("deadline", "text")
    .addColumn("rating", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("problem_step_problem_idx")
    .on("problem_step")
    .columns(["problem_id", "id"])
    .execute();

  await db.schema
    .createTable("problem_category")
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("time_limit_days", "integer", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("problem_category_pk", ["community_id", "code"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("problem_category").execute();
  await db.schema.dropTable("problem_step").execute();
  await db.schema.dropTable("problem").execute();
}
