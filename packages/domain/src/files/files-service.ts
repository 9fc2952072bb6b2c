import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/open-database.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { processPhoto } from "./image-processing.js";
import { MAX_PHOTOS_PER_ITEM } from "./limits.js";

export { MAX_PHOTOS_PER_ITEM };
import type { FileOwnerType } from "./owner-types.js";
import type { FileStorage } from "./storage.js";
import {
  assertRoomForUpload,
  claimUploads,
  MAX_PENDING_UPLOADS,
  releaseUploads,
  type UploadTable,
} from "./upload-claim.js";

export { MAX_PENDING_UPLOADS };

/** How a photo is shown: its size (for layout before it loads) and where the server serves it. */
export interface PhotoRef {
  id: number;
  width: number;
  height: number;
  /** the image, long edge at most 2048 px */
  url: string;
  /** about 320 px */
  thumbUrl: string;
}

/** For procedures' `.output()`: a list of these is what filesOf gives per item. */
export const photoRefSchema = z.object({
  id: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string(),
  thumbUrl: z.string(),
});

/** For procedures' inputs: the ids the upload answered with, at most 9, each once. */
export const photoIdsSchema = z
  .array(
    z.number({ error: "照片编号无效" }).int({ error: "照片编号无效" }).positive({ error: "照片编号无效" }),
    {
      error: "照片须为照片编号的列表",
    },
  )
  .max(MAX_PHOTOS_PER_ITEM, { error: `最多上传 ${MAX_PHOTOS_PER_ITEM} 张照片` })
  .refine((ids) => new Set(ids).size === ids.length, { error: "同一张照片只能添加一次" });

export function photoRefOf(row: { id: number; width: number; height: number }): PhotoRef {
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    url: `/files/${row.id}`,
    thumbUrl: `/files/${row.id}/thumb`,
  };
}

const PHOTOS: UploadTable = { table: "file", field: "photos", noun: "照片", measure: "张" };

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * Processes an upload (a file path or bytes: processPhoto decides from the content whether it is a
 * photo, and refuses with a ValidationError on "file" otherwise) and stores it, unattached, for
 * `uploaderId`. Nothing is stored when it is refused. Attach it with attachFiles within a day.
 */
export async function storeUpload(
  db: Db,
  storage: FileStorage,
  opts: { uploaderId: number; input: string | Buffer; now?: Date },
): Promise<PhotoRef> {
  await assertRoomForUpload(db, PHOTOS, opts.uploaderId);

  const photo = await processPhoto(opts.input, "file");
  const storageKey = sha256(photo.image.data);
  const thumbKey = sha256(photo.thumb.data);
  // The row first, then the bytes: the cleanup deletes bytes only when no row names them, so bytes
  // shared with an upload in progress are not taken away underneath it (see files-cleanup.ts).
  const row = await db
    .insertInto("file")
    .values({
      storage_key: storageKey,
      thumb_key: thumbKey,
      uploader_id: opts.uploaderId,
      byte_size: photo.image.data.length,
      thumb_byte_size: photo.thumb.data.length,
      width: photo.image.width,
      height: photo.image.height,
      mime: photo.mime,
      owner_type: null,
      owner_id: null,
      created_at: (opts.now ?? new Date()).toISOString(),
      attached_at: null,
    })
    .returning(["id", "width", "height"])
    .executeTakeFirstOrThrow();
  try {
    await storage.put(storageKey, photo.image.data);
    await storage.put(thumbKey, photo.thumb.data);
  } catch (error) {
    await db.deleteFrom("file").where("id", "=", row.id).execute();
    throw error;
  }
  return photoRefOf(row);
}

/**
 * Attaches the caller's own unattached uploads to an item, in the item's transaction (pass it as
 * `db`). The calling feature has already checked that the actor may change the item. Refuses, on the
 * field `photos`: more than `max` photos on the item, an id that is not the actor's own upload (or
 * was removed after a day unattached), a photo already attached elsewhere. Ids already attached to
 * this same item are accepted again, so a form can send back the whole list. Returns the refs in the
 * order given.
 */
export async function attachFiles(
  db: Db,
  opts: {
    fileIds: readonly number[];
    ownerType: FileOwnerType;
    ownerId: number;
    actorUserId: number;
    max?: number;
    now?: Date;
  },
): Promise<PhotoRef[]> {
  const ids = await claimUploads(db, PHOTOS, { ...opts, max: opts.max ?? MAX_PHOTOS_PER_ITEM });
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("file").select(["id", "width", "height"]).where("id", "in", ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => photoRefOf(byId.get(id)!));
}

/**
 * Takes photos off an item (all of them, or `fileIds` among them): they become unattached, and the
 * hourly cleanup removes them with their bytes once they are a day old. Returns how many were taken
 * off. In the item's transaction; the calling feature has checked the actor may change the item.
 */
export async function detachFiles(
  db: Db,
  opts: { ownerType: FileOwnerType; ownerId: number; fileIds?: readonly number[] },
): Promise<number> {
  return releaseUploads(db, PHOTOS, opts);
}

/**
 * Moves one attached file from an item to another owner (e.g. a 黑榜 photo's original, kept for staff
 * once a masked version replaces it). Returns false when the file is not attached to `from`.
 */
export async function moveAttachment(
  db: Db,
  fileId: number,
  from: { ownerType: FileOwnerType; ownerId: number },
  to: { ownerType: FileOwnerType; ownerId: number },
): Promise<boolean> {
  const result = await db
    .updateTable("file")
    .set({ owner_type: to.ownerType, owner_id: to.ownerId })
    .where("id", "=", fileId)
    .where("owner_type", "=", from.ownerType)
    .where("owner_id", "=", from.ownerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Attaches copies of attached files to another item (e.g. a problem's 整改 photos shown on the 黑榜
 * entry made from it): new rows naming the same stored bytes (keys are content hashes, so a copy costs
 * a row), with the new owner's own access rule, which a later change of the source leaves alone. The
 * copies count as uploaded by `actorUserId` (the person whose act made them). In the item's
 * transaction; the calling feature has checked that the actor may change the item. Refuses an id that
 * is not an attached file (an upload in progress is its uploader's to attach). Returns the copies'
 * refs in the order given.
 */
export async function copyFilesTo(
  db: Db,
  opts: {
    fileIds: readonly number[];
    ownerType: FileOwnerType;
    ownerId: number;
    actorUserId: number;
    max?: number;
    now?: Date;
  },
): Promise<PhotoRef[]> {
  const max = opts.max ?? MAX_PHOTOS_PER_ITEM;
  const ids = [...new Set(opts.fileIds)];
  if (ids.length > max) throw new ValidationError("photos", `最多 ${max} 张照片`);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("file")
    .select(["id", "storage_key", "thumb_key", "byte_size", "thumb_byte_size", "width", "height", "mime"])
    .where("id", "in", ids)
    .where("owner_id", "is not", null)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const at = (opts.now ?? new Date()).toISOString();
  const copies: PhotoRef[] = [];
  for (const id of ids) {
    const source = byId.get(id);
    if (!source) throw new NotFoundError("照片不存在或尚未提交");
    const { id: _sourceId, ...stored } = source;
    const copy = await db
      .insertInto("file")
      .values({
        ...stored,
        uploader_id: opts.actorUserId,
        owner_type: opts.ownerType,
        owner_id: opts.ownerId,
        created_at: at,
        attached_at: at,
      })
      .returning(["id", "width", "height"])
      .executeTakeFirstOrThrow();
    copies.push(photoRefOf(copy));
  }
  return copies;
}

/** The stored image of an attached file, as bytes (for a feature that derives a new version of it). */
export async function attachedImageBytes(
  db: Db,
  storage: FileStorage,
  fileId: number,
  owner: { ownerType: FileOwnerType; ownerId: number },
): Promise<Buffer | null> {
  const row = await db
    .selectFrom("file")
    .select("storage_key")
    .where("id", "=", fileId)
    .where("owner_type", "=", owner.ownerType)
    .where("owner_id", "=", owner.ownerId)
    .executeTakeFirst();
  if (!row) return null;
  const stream = await storage.get(row.storage_key);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The photos of each item, in upload order: a map from owner id to its refs (an item without photos
 * has an empty list). The calling feature decides who may see the items; the server checks again for
 * each file it serves (file-access.ts).
 */
export async function filesOf(
  db: Db,
  ownerType: FileOwnerType,
  ownerIds: readonly number[],
): Promise<Map<number, PhotoRef[]>> {
  const out = new Map<number, PhotoRef[]>();
  const ids = [...new Set(ownerIds)];
  for (const id of ids) out.set(id, []);
  // Bounded lists keep each statement within both databases' parameter limits.
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom("file")
      .select(["id", "owner_id", "width", "height"])
      .where("owner_type", "=", ownerType)
      .where("owner_id", "in", ids.slice(i, i + 1000))
      .orderBy("owner_id")
      .orderBy("id")
      .execute();
    for (const row of rows) out.get(row.owner_id!)?.push(photoRefOf(row));
  }
  return out;
}
