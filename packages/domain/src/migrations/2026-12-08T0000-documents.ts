import { sql, type Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: uploaded documents as of 2026-12-08. Never import app code here.
//
// One row per uploaded document (PDF, DOCX, XLSX): a campaign's 实施方案, a 总结 filed as evidence.
// Unlike a photo it is stored as sent (no re-encoding, no thumbnail), under the SHA-256 of its bytes
// in the same file store as photos, and keeps the name it was uploaded with (the download's name).
// Attached and cleaned up like photos: owner_type/owner_id null until the form is saved, removed a
// day later if never attached.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("document")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("uploader_id", "integer", (c) => c.notNull().references("user.id").onDelete("restrict"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("byte_size", "integer", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("owner_type", "text")
    .addColumn("owner_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attached_at", "text")
    .execute();
  await db.schema
    .createIndex("document_owner_idx")
    .on("document")
    .columns(["owner_type", "owner_id", "id"])
    .execute();
  await db.schema
    .createIndex("document_unattached_idx")
    .on("document")
    .column("created_at")
    .where(sql.ref("owner_id"), "is", null)
    .execute();
  await db.schema.createIndex("document_storage_key_idx").on("document").column("storage_key").execute();
  await db.schema
    .createIndex("document_uploader_idx")
    .on("document")
    .columns(["uploader_id", "owner_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("document").execute();
}
