import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { ValidationError } from "../errors.js";
import { checkDocument, cleanDocumentName } from "./document-type.js";
import { mayView, type FileAccessRules, type ServableFile } from "./file-viewing.js";
import { DOCUMENT_TOO_LARGE, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, type DocumentMime } from "./limits.js";
import type { FileOwnerType } from "./owner-types.js";
import type { FileStorage } from "./storage.js";
import { assertRoomForUpload, claimUploads, releaseUploads, type UploadTable } from "./upload-claim.js";

// Documents (PDF, DOCX, XLSX) beside photos: uploaded first, attached when the form is saved, served to
// whoever may see what they are attached to (the same owner-type rules as photos). Stored as sent:
// a document is evidence, and re-encoding it would change what was filed.

/** Documents one item (a piece of evidence, a campaign) may carry. */
export const MAX_DOCUMENTS_PER_ITEM = 9;

const DOCUMENTS: UploadTable = { table: "document", field: "documents", noun: "文件", measure: "份" };

export interface DocumentRef {
  id: number;
  name: string;
  mime: DocumentMime;
  byteSize: number;
  /** downloads it, under its name */
  url: string;
}

export const documentRefSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  mime: z.enum(DOCUMENT_TYPES.map((t) => t.mime) as [DocumentMime, ...DocumentMime[]]),
  byteSize: z.number().int(),
  url: z.string(),
});

/** For procedures' inputs: the ids the upload answered with, each once. */
export const documentIdsSchema = z
  .array(
    z.number({ error: "文件编号无效" }).int({ error: "文件编号无效" }).positive({ error: "文件编号无效" }),
    {
      error: "文件须为文件编号的列表",
    },
  )
  .max(MAX_DOCUMENTS_PER_ITEM, { error: `最多上传 ${MAX_DOCUMENTS_PER_ITEM} 份文件` })
  .refine((ids) => new Set(ids).size === ids.length, { error: "同一份文件只能添加一次" });

function documentRefOf(row: {
  id: number;
  name: string;
  mime: DocumentMime;
  byte_size: number;
}): DocumentRef {
  return { id: row.id, name: row.name, mime: row.mime, byteSize: row.byte_size, url: `/documents/${row.id}` };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/**
 * Checks the document at `path` (its size, and that its content is what `name` says) and stores it,
 * unattached, for `uploaderId`. Refuses with a ValidationError on "file"; nothing is stored then.
 */
export async function storeDocument(
  db: Db,
  storage: FileStorage,
  opts: { uploaderId: number; path: string; name: string; now?: Date },
): Promise<DocumentRef> {
  await assertRoomForUpload(db, DOCUMENTS, opts.uploaderId);
  const name = cleanDocumentName(opts.name);
  if (name === "") throw new ValidationError("file", "文件名不能为空");
  const { size } = await stat(opts.path);
  if (size > MAX_DOCUMENT_BYTES) throw new ValidationError("file", DOCUMENT_TOO_LARGE);
  if (size === 0) throw new ValidationError("file", `「${name}」是空文件`);
  const type = await checkDocument(opts.path, name);
  const key = await sha256Of(opts.path);
  // The row first, then the bytes, as for photos (see files-cleanup.ts).
  const row = await db
    .insertInto("document")
    .values({
      storage_key: key,
      uploader_id: opts.uploaderId,
      name,
      byte_size: size,
      mime: type.mime,
      owner_type: null,
      owner_id: null,
      created_at: (opts.now ?? new Date()).toISOString(),
      attached_at: null,
    })
    .returning(["id", "name", "mime", "byte_size"])
    .executeTakeFirstOrThrow();
  try {
    await storage.put(key, createReadStream(opts.path));
  } catch (error) {
    await db.deleteFrom("document").where("id", "=", row.id).execute();
    throw error;
  }
  return documentRefOf(row);
}

/** Attaches the caller's own unattached documents to an item, as attachFiles does photos (field `documents`). */
export async function attachDocuments(
  db: Db,
  opts: {
    fileIds: readonly number[];
    ownerType: FileOwnerType;
    ownerId: number;
    actorUserId: number;
    max?: number;
    now?: Date;
  },
): Promise<DocumentRef[]> {
  const ids = await claimUploads(db, DOCUMENTS, { ...opts, max: opts.max ?? MAX_DOCUMENTS_PER_ITEM });
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("document")
    .select(["id", "name", "mime", "byte_size"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => documentRefOf(byId.get(id)!));
}

/** Takes documents off an item; the cleanup removes them a day later. Returns how many. */
export function detachDocuments(
  db: Db,
  opts: { ownerType: FileOwnerType; ownerId: number; fileIds?: readonly number[] },
): Promise<number> {
  return releaseUploads(db, DOCUMENTS, opts);
}

/** The documents of each item, in upload order (an item without any has an empty list). */
export async function documentsOf(
  db: Db,
  ownerType: FileOwnerType,
  ownerIds: readonly number[],
): Promise<Map<number, DocumentRef[]>> {
  const byOwner = new Map<number, DocumentRef[]>(ownerIds.map((id) => [id, []]));
  if (ownerIds.length === 0) return byOwner;
  const rows = await db
    .selectFrom("document")
    .select(["id", "name", "mime", "byte_size", "owner_id"])
    .where("owner_type", "=", ownerType)
    .where("owner_id", "in", [...ownerIds])
    .orderBy("id")
    .execute();
  for (const row of rows) byOwner.get(row.owner_id!)?.push(documentRefOf(row));
  return byOwner;
}

/** What the server needs to send one document, with its name for Content-Disposition. */
export interface ServableDocument extends ServableFile {
  name: string;
}

/** Document `id` if `session` may see it (the uploader, or the owner type's rule), else null (404). */
export async function documentForViewer(
  db: Db,
  session: AuthSession | null,
  id: number,
  rules: FileAccessRules,
): Promise<ServableDocument | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await db
    .selectFrom("document")
    .select(["storage_key", "byte_size", "mime", "name", "uploader_id", "owner_type", "owner_id"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row || !(await mayView(db, session, row, rules))) return null;
  return { key: row.storage_key, bytes: row.byte_size, mime: row.mime, name: row.name };
}
