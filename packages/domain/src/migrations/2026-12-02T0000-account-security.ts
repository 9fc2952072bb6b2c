import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-02. Never import app code here.
// Edited once, for PostgreSQL: the id columns use idColumn (helpers.ts); the SQLite schema they
// produce is unchanged, byte for byte (db/sqlite-schema.test.ts).
//
// Login throttling moves from "per mobile" (anyone could lock anyone out from anywhere) to "per mobile
// and client address" plus "per address": login_failure is rebuilt with keyed hashes of both. Its old
// rows are transient throttle state keyed by mobile alone and carry nothing the new rule can use.
// The table has no id: nothing refers to a row, and an integer key would need SQLite- or
// PostgreSQL-specific syntax.
//
// user.deleted_at marks an account its owner deleted (注销账号): the row stays as an anonymous
// tombstone because audit rows, grants and volunteer reviews still point at it.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_failure").execute();
  await db.schema
    .createTable("login_failure")
    .addColumn("pair_key", "text", (c) => c.notNull())
    .addColumn("address_key", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_failure_pair_idx")
    .on("login_failure")
    .columns(["pair_key", "at"])
    .execute();
  await db.schema
    .createIndex("login_failure_address_idx")
    .on("login_failure")
    .columns(["address_key", "at"])
    .execute();
  await db.schema.createIndex("login_failure_at_idx").on("login_failure").column("at").execute();

  await db.schema.alterTable("user").addColumn("deleted_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("user").dropColumn("deleted_at").execute();
  await db.schema.dropTable("login_failure").execute();
  // The shape of 2026-11-29T0000-initial.
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
}
