import type { Kysely } from "kysely";
import { idColumn } from "./helpers.js";

// Frozen once shipped: the schema as of 2026-12-04. Never import app code here.
//
// notification: the in-app inbox (消息通知). One row per recipient and event, written in the same
// transaction as the change that causes it. event_key names the event (e.g. "volunteer.review:12:<time>"):
// unique per recipient, so the same event never notifies anyone twice, whoever writes it again.
// read_at is null while unread. link is a path on the server's origin ("/volunteer", "/admin/…").

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification")
    .addColumn("id", "integer", idColumn(db))
    .addColumn("user_id", "integer", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("event_key", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema
    .createIndex("notification_user_event_uq")
    .on("notification")
    .columns(["user_id", "event_key"])
    .unique()
    .execute();
  // The bell's unread count: the recipient's rows with no read_at, from the index alone.
  await db.schema
    .createIndex("notification_user_unread_idx")
    .on("notification")
    .columns(["user_id", "read_at"])
    .execute();
  // The inbox, newest first, paged by (created_at, id).
  await db.schema
    .createIndex("notification_user_created_idx")
    .on("notification")
    .columns(["user_id", "created_at desc", "id desc"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("notification").execute();
}
