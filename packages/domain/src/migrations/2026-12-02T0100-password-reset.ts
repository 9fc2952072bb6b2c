import type { Kysely } from "kysely";

// Frozen once shipped: the schema as of 2026-12-02. Never import app code here.
//
// A way back into an account:
// - user.must_change_password / temp_password_issued_at: an admin reset sets a one-time temporary
//   password; the session it opens may do nothing but change it, and it expires after a while.
// - password_reset_code: verification codes sent by SMS for a self-service reset, where a deployment
//   has an SMS account. Keys are keyed hashes (never a mobile or an address), the code is hashed too.
//   A request for a number without an account is recorded as well (code_hash null), so that the
//   throttle answers the same whether or not the number exists. No id, like login_failure: a row is
//   found by its mobile key and time.
// - org_unit.contact_phone / office_address / office_hours: how residents reach their 社区 (or 街道)
//   office; public, shown on the 忘记密码 page.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("user")
    .addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("user").addColumn("temp_password_issued_at", "text").execute();

  await db.schema
    .createTable("password_reset_code")
    .addColumn("mobile_key", "text", (c) => c.notNull())
    .addColumn("address_key", "text", (c) => c.notNull())
    .addColumn("code_hash", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("tries", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("used_at", "text")
    .execute();
  await db.schema
    .createIndex("password_reset_code_mobile_idx")
    .on("password_reset_code")
    .columns(["mobile_key", "created_at"])
    .execute();
  await db.schema
    .createIndex("password_reset_code_address_idx")
    .on("password_reset_code")
    .columns(["address_key", "created_at"])
    .execute();

  await db.schema.alterTable("org_unit").addColumn("contact_phone", "text").execute();
  await db.schema.alterTable("org_unit").addColumn("office_address", "text").execute();
  await db.schema.alterTable("org_unit").addColumn("office_hours", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("org_unit").dropColumn("office_hours").execute();
  await db.schema.alterTable("org_unit").dropColumn("office_address").execute();
  await db.schema.alterTable("org_unit").dropColumn("contact_phone").execute();
  await db.schema.dropTable("password_reset_code").execute();
  await db.schema.alterTable("user").dropColumn("temp_password_issued_at").execute();
  await db.schema.alterTable("user").dropColumn("must_change_password").execute();
}
