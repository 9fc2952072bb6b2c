import type { Kysely } from "kysely";

// Frozen once shipped: the schema as of 2026-12-04. Never import app code here.
//
// The problem list at 200,000 problems (npm run bench -- problems): no index held the category, so a
// category filter read every row of a 社区 from the table (p50 608 ms at 20 connections), and the
// overdue page looked each overdue row up in the table to sort it by time. These let the counts and
// the page of both filters be read from indexes alone.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("problem_community_category_state_idx")
    .on("problem")
    .columns(["community_id", "category", "state", "deadline"])
    .execute();
  await db.schema
    .createIndex("problem_community_category_created_idx")
    .on("problem")
    .columns(["community_id", "category", "created_at", "id"])
    .execute();
  await db.schema
    .createIndex("problem_community_state_created_idx")
    .on("problem")
    .columns(["community_id", "state", "deadline", "created_at", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("problem_community_state_created_idx").execute();
  await db.schema.dropIndex("problem_community_category_created_idx").execute();
  await db.schema.dropIndex("problem_community_category_state_idx").execute();
}
