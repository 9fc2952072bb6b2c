import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen: this file must keep describing the schema as it was on 2026-11-29. Never import app code here.
// Edited once, for PostgreSQL: the id columns use idColumn (helpers.ts); the SQLite schema they
// produce is unchanged, byte for byte (db/sqlite-schema.test.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("org_unit")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("parent_id", "integer", (c) => c.references("org_unit.id").onDelete("restrict"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("households", "integer")
    .addColumn("population", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("org_unit_parent_idx").on("org_unit").column("parent_id").execute();

  await db.schema
    .createTable("user")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("mobile", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("community_id", "integer", (c) => c.references("org_unit.id").onDelete("restrict"))
    .addColumn("courtyard_id", "integer", (c) => c.references("org_unit.id").onDelete("restrict"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("password_changed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("user_community_idx").on("user").column("community_id").execute();
  await db.schema.createIndex("user_courtyard_idx").on("user").column("courtyard_id").execute();

  await db.schema
    .createTable("role_grant")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("org_unit_id", "integer", (c) => c.references("org_unit.id").onDelete("restrict"))
    .addColumn("granted_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("role_grant_user_idx").on("role_grant").column("user_id").execute();
  await db.schema.createIndex("role_grant_unit_idx").on("role_grant").column("org_unit_id").execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("session_user_idx").on("session").column("user_id").execute();

  await db.schema
    .createTable("login_failure")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("mobile_key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_failure_key_idx")
    .on("login_failure")
    .columns(["mobile_key", "at"])
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "text")
    .addColumn("org_unit_id", "integer", (c) => c.references("org_unit.id").onDelete("set null"))
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema.createIndex("audit_log_unit_idx").on("audit_log").columns(["org_unit_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_log", "login_failure", "session", "role_grant", "user", "org_unit"]) {
    await db.schema.dropTable(table).execute();
  }
}
