import sharp, { type OverlayOptions } from "sharp";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { FileStorage } from "../files/storage.js";
import { recordAudit } from "../audit/audit-service.js";
import { attachFiles, attachedImageBytes, moveAttachment, storeUpload } from "../files/files-service.js";
import { ConflictError, ValidationError } from "../errors.js";
import { moderatedEntry } from "./board-scope.js";
import { MAX_PHOTOS } from "./rules.js";

// The mosaic tool: an admin drags rectangles over a photo of an entry (faces, licence plates), the
// server pixelates them into a new version of the file, which takes the original's place on the entry;
// the original is kept as 'board_entry_original', which only the entry's staff may see.

/** A rectangle as fractions of the photo's width and height (0–1), as the console measures it on screen. */
export interface MosaicRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Blocks across the region's shorter side: coarse enough that a face or a plate cannot be read. */
const BLOCKS = 8;

async function pixelate(image: Buffer, regions: readonly MosaicRegion[]): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const W = meta.width ?? 0;
  const H = meta.height ?? 0;
  const overlays: OverlayOptions[] = [];
  for (const r of regions) {
    const left = Math.max(0, Math.floor(r.x * W));
    const top = Math.max(0, Math.floor(r.y * H));
    const width = Math.min(W - left, Math.ceil(r.width * W));
    const height = Math.min(H - top, Math.ceil(r.height * H));
    if (width < 2 || height < 2) continue;
    const block = Math.max(1, Math.floor(Math.min(width, height) / BLOCKS));
    const small = await sharp(image)
      .extract({ left, top, width, height })
      .resize(Math.max(1, Math.round(width / block)), Math.max(1, Math.round(height / block)), {
        fit: "fill",
      })
      .toBuffer();
    const tile = await sharp(small).resize(width, height, { fit: "fill", kernel: "nearest" }).toBuffer();
    overlays.push({ input: tile, left, top });
  }
  if (overlays.length === 0) throw new ValidationError("regions", "请框选需要打码的区域");
  return sharp(image).composite(overlays).jpeg({ quality: 85 }).toBuffer();
}

export async function mosaicEntryPhoto(
  db: Db,
  storage: FileStorage | null,
  session: AuthSession,
  input: { id: number; fileId: number; regions: MosaicRegion[] },
  now = new Date(),
) {
  if (!storage) throw new ConflictError("照片存储未配置，无法打码");
  const entry = await moderatedEntry(db, session, input.id);
  if (entry.state === "withdrawn") throw new ConflictError("已撤榜的条目不能再修改照片");
  const owner = { ownerType: "board_entry" as const, ownerId: entry.id };
  const original = await attachedImageBytes(db, storage, input.fileId, owner);
  if (!original) throw new ValidationError("fileId", "该照片不属于此条目");
  const masked = await pixelate(original, input.regions);
  const stored = await storeUpload(db, storage, { uploaderId: session.user.id, input: masked, now });
  // The original leaves the entry first: the entry's photo count stays within MAX_PHOTOS.
  await moveAttachment(db, input.fileId, owner, { ownerType: "board_entry_original", ownerId: entry.id });
  await attachFiles(db, {
    fileIds: [stored.id],
    ...owner,
    actorUserId: session.user.id,
    max: MAX_PHOTOS,
    now,
  });
  // A confirmation covered the photos as they were: the admin confirms the new version.
  await db
    .updateTable("board_entry")
    .set({ photos_confirmed_at: null, photos_confirmed_by: null })
    .where("id", "=", entry.id)
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "board.mosaic_photo",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
      after: { regions: input.regions.length },
    },
    now,
  );
  return stored;
}
