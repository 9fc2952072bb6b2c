import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import type { FileOwnerType } from "./owner-types.js";

/**
 * Which of `ownerIds` (items of one owner type) the session may see the photos of; `session` is null
 * for a visitor without a login (published things). Each feature that attaches photos writes one and
 * registers it in src/file-access.ts; the files feature never imports those features.
 */
export type FileAccessRule = (
  db: Db,
  session: AuthSession | null,
  ownerIds: number[],
) => Promise<Set<number>>;

export type FileAccessRules = Partial<Record<FileOwnerType, FileAccessRule>>;

/** What the server needs to send one stored image. */
export interface ServableFile {
  key: string;
  bytes: number;
  mime: string;
}

/**
 * The image (or its thumbnail) of file `fileId` if `session` may see it, else null: the server answers
 * 404 alike for a missing id and a forbidden one, so a guessed id tells nothing. The uploader always
 * sees their own upload; an unattached upload nobody else; an attached one whoever the owner type's
 * rule lets see the item (nobody, for a type without a rule).
 */
export async function fileForViewer(
  db: Db,
  session: AuthSession | null,
  fileId: number,
  variant: "image" | "thumb",
  rules: FileAccessRules,
): Promise<ServableFile | null> {
  if (!Number.isSafeInteger(fileId) || fileId <= 0) return null;
  const row = await db
    .selectFrom("file")
    .select([
      "storage_key",
      "thumb_key",
      "byte_size",
      "thumb_byte_size",
      "mime",
      "uploader_id",
      "owner_type",
      "owner_id",
    ])
    .where("id", "=", fileId)
    .executeTakeFirst();
  if (!row) return null;
  const servable: ServableFile =
    variant === "image"
      ? { key: row.storage_key, bytes: row.byte_size, mime: row.mime }
      : { key: row.thumb_key, bytes: row.thumb_byte_size, mime: "image/jpeg" };
  return (await mayView(db, session, row, rules)) ? servable : null;
}

/**
 * Whether `session` may see an upload (a photo or a document): its uploader always; an unattached one
 * nobody else; an attached one whoever the owner type's rule lets see the item (nobody, without a rule).
 */
export async function mayView(
  db: Db,
  session: AuthSession | null,
  row: { uploader_id: number; owner_type: FileOwnerType | null; owner_id: number | null },
  rules: FileAccessRules,
): Promise<boolean> {
  if (session !== null && session.user.id === row.uploader_id) return true;
  if (row.owner_type === null || row.owner_id === null) return false;
  const rule = rules[row.owner_type];
  if (!rule) return false;
  const visible = await rule(db, session, [row.owner_id]);
  return visible.has(row.owner_id);
}
