import type { Db } from "../db/open-database.js";
import { readAll, type FileStorage } from "./storage.js";

/**
 * Thumbnail bytes (about 320 px, JPEG) of the given photos, by file id, for a document that embeds
 * them (the 整改台账, the 工作总结); a photo whose bytes are gone is left out. The caller decides who
 * may see the photos.
 */
export async function thumbnailBytes(
  db: Db,
  storage: FileStorage,
  fileIds: readonly number[],
): Promise<Map<number, Buffer>> {
  const out = new Map<number, Buffer>();
  const ids = [...new Set(fileIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("file")
      .select(["id", "thumb_key"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    // A few reads at a time: enough to keep the disk busy, not so many that a big ledger opens thousands of files.
    for (let j = 0; j < rows.length; j += 16) {
      const batch = rows.slice(j, j + 16);
      const bytes = await Promise.all(batch.map((r) => readAll(storage, r.thumb_key)));
      batch.forEach((r, k) => bytes[k] && out.set(r.id, bytes[k]));
    }
  }
  return out;
}
