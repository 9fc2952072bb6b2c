import { sql, type Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: uploaded photos as of 2026-12-04. Never import app code here.
//
// One row per uploaded photo. The bytes live in a file store (local disk under DATA_DIR/files, later
// an object store) under keys that are the SHA-256 of the re-encoded image and of its thumbnail, so
// two uploads of the same picture share their bytes. A row starts unattached (owner_type and owner_id
// null) and is attached to the thing it illustrates (a problem, a step of one, a 黑白榜 entry) when
// that is saved; rows left unattached for a day are removed with their bytes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("file")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("thumb_key", "text", (c) => c.notNull())
    .addColumn("uploader_id", "integer", (c) => c.notNull().references("user.id").onDelete("restrict"))
    .addColumn("byte_size", "integer", (c) => c.notNull())
    .addColumn("thumb_byte_size", "integer", (c) => c.notNull())
    .addColumn("width", "integer", (c) => c.notNull())
    .addColumn("height", "integer", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("owner_type", "text")
    .addColumn("owner_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attached_at", "text")
    .execute();
  // The photos of a set of items (filesOf), in upload order.
  await db.schema
    .createIndex("file_owner_idx")
    .on("file")
    .columns(["owner_type", "owner_id", "id"])
    .execute();
  // The hourly cleanup: uploads never attached, oldest first; a partial index stays small.
  await db.schema
    .createIndex("file_unattached_idx")
    .on("file")
    .column("created_at")
    .where(sql.ref("owner_id"), "is", null)
    .execute();
  // Whether other rows still use some bytes before they are deleted; and one uploader's pending uploads.
  await db.schema.createIndex("file_storage_key_idx").on("file").column("storage_key").execute();
  await db.schema.createIndex("file_thumb_key_idx").on("file").column("thumb_key").execute();
  await db.schema.createIndex("file_uploader_idx").on("file").columns(["uploader_id", "owner_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("file").execute();
}
