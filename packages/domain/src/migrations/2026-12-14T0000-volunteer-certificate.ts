import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: the 志愿服务证明 as of 2026-12-14. Never import app code here.
//
// volunteer_certificate: one row per certificate issued (the record of issuing). code: the verification
// code printed on it (20 characters of Crockford base32, 100 random bits), unique, looked up by the
// public verify page. What it certifies is kept as issued, so a reprint and the verify page say the
// same later: the period (China dates), the confirmed minutes and the activities behind them (JSON:
// date, title, minutes), the star level and the 社区's name as the issuer. No personal data: the name
// and the masked 身份证号 are read from the volunteer row, so a withdrawal erases them here too.
// revoked_*: an admin's 撤销 with its reason; the verify page then says 已撤销.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("volunteer_certificate")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("volunteer_id", "integer", (c) => c.notNull().references("volunteer.id").onDelete("cascade"))
    .addColumn("community_id", "integer", (c) => c.notNull().references("org_unit.id").onDelete("restrict"))
    .addColumn("issuer_name", "text", (c) => c.notNull())
    .addColumn("period_start", "text", (c) => c.notNull())
    .addColumn("period_end", "text", (c) => c.notNull())
    .addColumn("minutes", "integer", (c) => c.notNull())
    .addColumn("activities", "text", (c) => c.notNull())
    .addColumn("stars", "integer", (c) => c.notNull())
    .addColumn("issued_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("revoke_reason", "text")
    .execute();
  await db.schema
    .createIndex("volunteer_certificate_volunteer_idx")
    .on("volunteer_certificate")
    .columns(["volunteer_id", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("volunteer_certificate").execute();
}
