import type { Db } from "../db/open-database.js";
import { readAll, type FileStorage } from "./storage.js";

/** An upload not attached to anything within this long is removed (a form abandoned half-way). */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Removes uploads (photos and documents) never attached within a day of their upload, rows and bytes; bytes that another
 * row still names (the same photo uploaded twice: keys are content hashes) stay. The server runs it
 * at start and every hour; several servers running it at once only repeat each other's work.
 * Returns how many rows and how many stored objects were removed.
 */
export async function removeUnattachedFiles(
  db: Db,
  storage: FileStorage,
  now = new Date(),
  opts: { batch?: number } = {},
): Promise<{ files: number; objects: number }> {
  const cutoff = new Date(now.getTime() - UNATTACHED_TTL_MS).toISOString();
  const batch = opts.batch ?? 200;
  const photos = await removeUnattached(db, storage, "file", cutoff, batch);
  const documents = await removeUnattached(db, storage, "document", cutoff, batch);
  return { files: photos.files + documents.files, objects: photos.objects + documents.objects };
}

async function removeUnattached(
  db: Db,
  storage: FileStorage,
  table: "file" | "document",
  cutoff: string,
  batch: number,
) {
  let files = 0;
  let objects = 0;
  let after = { createdAt: "", id: 0 };
  for (;;) {
    // The columns used are in both tables; a document's only key is its storage_key.
    const rows = await db
      .selectFrom(table as "file")
      .select(["id", "storage_key", "created_at"])
      .$if(table === "file", (q) => q.select("thumb_key"))
      .where("owner_id", "is", null)
      .where("created_at", "<", cutoff)
      .where((eb) =>
        eb.or([
          eb("created_at", ">", after.createdAt),
          eb.and([eb("created_at", "=", after.createdAt), eb("id", ">", after.id)]),
        ]),
      )
      .orderBy("created_at")
      .orderBy("id")
      .limit(batch)
      .execute();
    for (const row of rows) {
      // Attached since the read: it stays.
      const deleted = await db
        .deleteFrom(table as "file")
        .where("id", "=", row.id)
        .where("owner_id", "is", null)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) continue;
      files++;
      for (const key of new Set([row.storage_key, row.thumb_key ?? row.storage_key])) {
        if (await releaseBytes(db, storage, key)) objects++;
      }
    }
    const last = rows.at(-1);
    if (!last || rows.length < batch) break;
    after = { createdAt: last.created_at, id: last.id };
  }
  return { files, objects };
}

const referenced = async (db: Db, key: string) =>
  (await db
    .selectFrom("file")
    .select("id")
    .where((eb) => eb.or([eb("storage_key", "=", key), eb("thumb_key", "=", key)]))
    .limit(1)
    .executeTakeFirst()) !== undefined ||
  (await db
    .selectFrom("document")
    .select("id")
    .where("storage_key", "=", key)
    .limit(1)
    .executeTakeFirst()) !== undefined;

/**
 * Deletes the bytes under `key` unless a row names them. An upload of the same picture may insert its
 * row between the check and the delete (it writes its bytes after its row, so they usually come back
 * by themselves); the bytes are kept in memory meanwhile and put back if a row names them afterwards
 * and they are missing.
 */
async function releaseBytes(db: Db, storage: FileStorage, key: string): Promise<boolean> {
  if (await referenced(db, key)) return false;
  const copy = await readAll(storage, key);
  await storage.delete(key);
  if (copy && (await referenced(db, key)) && !(await storage.exists(key))) {
    await storage.put(key, copy);
    return false;
  }
  return copy !== null;
}
