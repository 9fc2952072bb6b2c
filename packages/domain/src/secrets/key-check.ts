import type { Db } from "../db/open-database.js";
import { decryptField, type DataKeys } from "./data-keys.js";

/**
 * Whether `keys` read the personal data already in the database: true when they decrypt a stored
 * 身份证号, or when none is stored yet. A server started with another master key (a second server
 * given its own key file instead of the shared DATA_KEY, a wrong key after a move) would otherwise
 * run and fail later: 身份证号 unreadable, blind-index lookups and login throttling counted under
 * other hashes, check-in QR codes of the other servers refused.
 */
export async function keysReadStoredData(db: Db, keys: DataKeys): Promise<boolean> {
  const sample = await db
    .selectFrom("volunteer")
    .select("id_number_enc")
    .where("id_number_enc", "is not", null)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  if (!sample?.id_number_enc) return true;
  try {
    decryptField(keys, sample.id_number_enc);
    return true;
  } catch {
    return false;
  }
}
