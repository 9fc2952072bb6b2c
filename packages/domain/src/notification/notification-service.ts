import type { Db } from "../db/open-database.js";
import { NotFoundError } from "../errors.js";
import {
  NOTIFICATION_BODY_MAX,
  NOTIFICATION_TITLE_MAX,
  clip,
  isInAppLink,
  type NotificationKind,
} from "./rules.js";

export interface Notice {
  /** the recipients; duplicates and deleted accounts are skipped */
  userIds: readonly number[];
  kind: NotificationKind;
  /** short Chinese text, e.g. 志愿者注册已通过; cut at NOTIFICATION_TITLE_MAX characters */
  title: string;
  /** one or two sentences the recipient may see (never someone else's personal data); cut at NOTIFICATION_BODY_MAX */
  body: string;
  /** where tapping it leads: a path on the server's origin ("/volunteer", "/admin/…"), or null */
  link: string | null;
  /**
   * The event it tells of, unique per recipient: a second notify with the same key for the same user
   * writes nothing. Name the record and the moment, e.g. `volunteer.review:${id}:${submittedAt}`, so
   * that the same kind of thing happening again (a second rejection after a resubmission) is a new event.
   */
  eventKey: string;
}

/**
 * Writes a notice to each recipient's inbox, in the caller's transaction (pass the procedure's `db`),
 * so it exists exactly when the change that caused it commits. A recipient who already has a notice
 * with this eventKey is skipped silently (ON CONFLICT DO NOTHING on both databases). Returns how many
 * notices were written.
 */
export async function notify(db: Db, notice: Notice, now = new Date()): Promise<number> {
  if (!isInAppLink(notice.link ?? "/"))
    throw new Error(`notify: link must be a path on this site, got ${notice.link}`);
  const eventKey = notice.eventKey.trim();
  if (eventKey === "" || eventKey.length > 200) throw new Error("notify: eventKey must be 1–200 characters");
  const wanted = [...new Set(notice.userIds)];
  if (wanted.length === 0) return 0;
  // A deleted account (注销) has no inbox: nobody could read it, and its person asked to be forgotten.
  const recipients = await db
    .selectFrom("user")
    .select("id")
    .where("id", "in", wanted)
    .where("deleted_at", "is", null)
    .orderBy("id")
    .execute();
  if (recipients.length === 0) return 0;
  const title = clip(notice.title, NOTIFICATION_TITLE_MAX);
  const body = clip(notice.body, NOTIFICATION_BODY_MAX);
  const createdAt = now.toISOString();
  const written = await db
    .insertInto("notification")
    .values(
      recipients.map((r) => ({
        user_id: r.id,
        kind: notice.kind,
        title,
        body,
        link: notice.link,
        event_key: eventKey,
        created_at: createdAt,
      })),
    )
    .onConflict((oc) => oc.columns(["user_id", "event_key"]).doNothing())
    .returning("id")
    .execute();
  return written.length;
}

/** Position after the last notice of a page: its created_at and id (newest first, id breaking ties). */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)~(\d+)$/;

export function cursorOf(row: { created_at: string; id: number }): string {
  return `${row.created_at}~${row.id}`;
}

export function parseCursor(cursor: string): { createdAt: string; id: number } | null {
  const m = CURSOR.exec(cursor);
  return m ? { createdAt: m[1]!, id: Number(m[2]) } : null;
}

/** The user's own notices, newest first, `limit` at a time from `cursor`. */
export async function listNotifications(
  db: Db,
  userId: number,
  input: { cursor?: string | null | undefined; limit: number },
) {
  const after = input.cursor ? parseCursor(input.cursor) : null;
  let query = db
    .selectFrom("notification")
    .select(["id", "kind", "title", "body", "link", "created_at", "read_at"])
    .where("user_id", "=", userId);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("created_at", "<", after.createdAt),
        eb.and([eb("created_at", "=", after.createdAt), eb("id", "<", after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
    nextCursor: rows.length > input.limit && last ? cursorOf(last) : null,
  };
}

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom("notification")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks the user's own notices read. An id that is not theirs (or does not exist) refuses the whole
 * call with NOT_FOUND: nothing is marked, and nobody learns whether someone else's notice exists.
 * Returns how many were unread before.
 */
export async function markRead(
  db: Db,
  userId: number,
  ids: readonly number[],
  now = new Date(),
): Promise<number> {
  const wanted = [...new Set(ids)];
  const own = await db
    .selectFrom("notification")
    .select("id")
    .where("user_id", "=", userId)
    .where("id", "in", wanted)
    .execute();
  if (own.length !== wanted.length) throw new NotFoundError("消息不存在或已删除");
  const result = await db
    .updateTable("notification")
    .set({ read_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("id", "in", wanted)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** 全部已读: every unread notice of the user. Returns how many there were. */
export async function markAllRead(db: Db, userId: number, now = new Date()): Promise<number> {
  const result = await db
    .updateTable("notification")
    .set({ read_at: now.toISOString() })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The inbox of an account being deleted (注销), in the caller's transaction: auth's deleteAccount calls it. */
export async function deleteNotificationsOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom("notification").where("user_id", "=", userId).execute();
}
