import type { Db } from "../db/open-database.js";
import { ConflictError, ThrottledError, ValidationError } from "../errors.js";
import type { FileOwnerType } from "./owner-types.js";

// Photos (table file) and documents (table document) are uploaded first and attached when the form is
// saved, by the same rules: only the uploader's own unattached uploads, each item holding at most
// `max`, an id already on this item accepted again. One implementation, the table and its nouns given.

/** Uploads one person may hold that are not attached to anything yet (a form being filled in), per kind. */
export const MAX_PENDING_UPLOADS = 100;

export interface UploadTable {
  table: "file" | "document";
  /** the form field the ids came in, for messages */
  field: string;
  /** 照片 / 文件 */
  noun: string;
  /** 张 / 份 */
  measure: string;
}

/**
 * Claims `fileIds` for an owner in the calling transaction; returns the ids, each once, in the order
 * given. Refuses on `field`: too many, someone else's or an expired upload, one attached elsewhere.
 */
export async function claimUploads(
  db: Db,
  kind: UploadTable,
  opts: {
    fileIds: readonly number[];
    ownerType: FileOwnerType;
    ownerId: number;
    actorUserId: number;
    max: number;
    now?: Date;
  },
): Promise<number[]> {
  const { field, noun, measure } = kind;
  // Both tables (the files feature's own) have these columns with these types; Kysely cannot type a
  // query over either table, so each call names it as "file".
  const table = kind.table as "file";
  const ids = [...new Set(opts.fileIds)];
  if (ids.length > opts.max) throw new ValidationError(field, `最多上传 ${opts.max} ${measure}${noun}`);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom(table)
    .select(["id", "uploader_id", "owner_type", "owner_id"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const fresh: number[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    // Someone else's upload reads as missing: ids are guessable, and this says nothing about it.
    if (!row || row.uploader_id !== opts.actorUserId)
      throw new ValidationError(field, `${noun}不存在或已过期（上传后须在 24 小时内提交），请重新上传`);
    if (row.owner_id === null) fresh.push(id);
    else if (row.owner_type !== opts.ownerType || row.owner_id !== opts.ownerId)
      throw new ValidationError(field, `这${measure}${noun}已用于其他记录，请重新上传`);
  }
  if (fresh.length > 0) {
    const held = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("owner_type", "=", opts.ownerType)
      .where("owner_id", "=", opts.ownerId)
      .executeTakeFirstOrThrow();
    if (Number(held.n) + fresh.length > opts.max)
      throw new ValidationError(
        field,
        `每条记录最多 ${opts.max} ${measure}${noun}，已有 ${Number(held.n)} ${measure}`,
      );
    const updated = await db
      .updateTable(kind.table as "file")
      .set({
        owner_type: opts.ownerType,
        owner_id: opts.ownerId,
        attached_at: (opts.now ?? new Date()).toISOString(),
      })
      .where("id", "in", fresh)
      .where("uploader_id", "=", opts.actorUserId)
      .where("owner_id", "is", null)
      .executeTakeFirst();
    // Another request attached one of them (or the cleanup removed it) since the read above.
    if (Number(updated.numUpdatedRows) !== fresh.length)
      throw new ConflictError(`${noun}刚刚已被使用或已过期，请重新上传`);
  }
  return ids;
}

/** Takes uploads off an owner (all, or `fileIds` among them): unattached again, cleaned up a day later. */
export async function releaseUploads(
  db: Db,
  kind: Pick<UploadTable, "table">,
  opts: { ownerType: FileOwnerType; ownerId: number; fileIds?: readonly number[] },
): Promise<number> {
  if (opts.fileIds?.length === 0) return 0;
  let query = db
    .updateTable(kind.table as "file")
    .set({ owner_type: null, owner_id: null, attached_at: null })
    .where("owner_type", "=", opts.ownerType)
    .where("owner_id", "=", opts.ownerId);
  if (opts.fileIds) query = query.where("id", "in", [...opts.fileIds]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Refuses a new upload (ThrottledError) while the uploader holds MAX_PENDING_UPLOADS unattached ones. */
export async function assertRoomForUpload(db: Db, kind: UploadTable, uploaderId: number): Promise<void> {
  const pending = await db
    .selectFrom(kind.table as "file")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("uploader_id", "=", uploaderId)
    .where("owner_id", "is", null)
    .executeTakeFirstOrThrow();
  if (Number(pending.n) >= MAX_PENDING_UPLOADS)
    throw new ThrottledError(
      `已上传但尚未提交的${kind.noun}过多（${MAX_PENDING_UPLOADS} ${kind.measure}），请先提交或稍后再试`,
    );
}
