import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen: volunteers, teams, activities and sign-ups as of 2026-11-29. Never import app code here.
// Edited once, for PostgreSQL: the id columns use idColumn (helpers.ts); the SQLite schema they
// produce is unchanged, byte for byte (db/sqlite-schema.test.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("community_setting")
    .addColumn("community_id", "integer", (c) => c.primaryKey().references("org_unit.id").onDelete("cascade"))
    .addColumn("volunteer_target_permille", "integer", (c) => c.notNull().defaultTo(100))
    .execute();

  await db.schema
    .createTable("team")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("leader_volunteer_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("team_community_name_uq", ["community_id", "name"])
    .execute();

  await db.schema
    .createTable("volunteer")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("courtyard_id", "integer", (c) => c.references("org_unit.id").onDelete("restrict"))
    .addColumn("name", "text")
    .addColumn("gender", "text")
    .addColumn("birth_date", "text")
    .addColumn("id_number_enc", "text")
    .addColumn("id_number_index", "text", (c) => c.unique())
    .addColumn("id_number_masked", "text")
    .addColumn("mobile", "text")
    .addColumn("political_status", "text")
    .addColumn("service_times", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("preferred_team_id", "integer", (c) => c.references("team.id").onDelete("set null"))
    .addColumn("guardian_consent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("consent_at", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reject_reason", "text")
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("reviewed_at", "text")
    .addColumn("reviewed_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("registered_at", "text")
    .addColumn("withdrawn_at", "text")
    .addColumn("confirmed_minutes", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // Covers the registration ratio: counts by 社区 and state, broken down by 楼院, from the index alone.
  await db.schema
    .createIndex("volunteer_community_status_idx")
    .on("volunteer")
    .columns(["community_id", "status", "courtyard_id"])
    .execute();
  // Roster search narrows by 社区 and name prefix together; the ratio counts by 楼院 and state.
  await db.schema
    .createIndex("volunteer_community_name_idx")
    .on("volunteer")
    .columns(["community_id", "name"])
    .execute();
  await db.schema
    .createIndex("volunteer_courtyard_status_idx")
    .on("volunteer")
    .columns(["courtyard_id", "status"])
    .execute();
  await db.schema.createIndex("volunteer_user_idx").on("volunteer").column("user_id").execute();

  await db.schema
    .createTable("volunteer_skill")
    .addColumn("volunteer_id", "integer", (c) => c.notNull().references("volunteer.id").onDelete("cascade"))
    .addColumn("skill", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("volunteer_skill_pk", ["volunteer_id", "skill"])
    .execute();
  await db.schema
    .createIndex("volunteer_skill_skill_idx")
    .on("volunteer_skill")
    .columns(["skill", "volunteer_id"])
    .execute();

  await db.schema
    .createTable("team_member")
    .addColumn("team_id", "integer", (c) => c.notNull().references("team.id").onDelete("cascade"))
    .addColumn("volunteer_id", "integer", (c) => c.notNull().references("volunteer.id").onDelete("cascade"))
    .addColumn("joined_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("team_member_pk", ["team_id", "volunteer_id"])
    .execute();
  await db.schema.createIndex("team_member_volunteer_idx").on("team_member").column("volunteer_id").execute();

  await db.schema
    .createTable("activity")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("team_id", "integer", (c) => c.references("team.id").onDelete("set null"))
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("place_unit_id", "integer", (c) => c.references("org_unit.id").onDelete("set null"))
    .addColumn("place_text", "text")
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("signed_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("skills", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("description", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("activity_community_start_idx")
    .on("activity")
    .columns(["community_id", "starts_at"])
    .execute();

  await db.schema
    .createTable("activity_signup")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("activity_id", "integer", (c) => c.notNull().references("activity.id").onDelete("cascade"))
    .addColumn("volunteer_id", "integer", (c) => c.notNull().references("volunteer.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("signed_at", "text", (c) => c.notNull())
    .addColumn("cancelled_at", "text")
    .addColumn("check_in_at", "text")
    .addColumn("check_out_at", "text")
    .addColumn("minutes", "integer")
    .addColumn("hours_status", "text", (c) => c.notNull().defaultTo("none"))
    .addColumn("confirmed_minutes", "integer")
    .addColumn("adjust_reason", "text")
    .addColumn("confirmed_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("confirmed_at", "text")
    .addUniqueConstraint("activity_signup_uq", ["activity_id", "volunteer_id"])
    .execute();
  await db.schema
    .createIndex("activity_signup_volunteer_idx")
    .on("activity_signup")
    .column("volunteer_id")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "activity_signup",
    "activity",
    "team_member",
    "volunteer_skill",
    "volunteer",
    "team",
    "community_setting",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
