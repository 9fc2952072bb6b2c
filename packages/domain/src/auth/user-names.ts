import type { Db } from "../db/open-database.js";

/** Each account's name; null for one its owner deleted (注销账号: the name was erased). */
export async function userNames(db: Db, ids: readonly number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("user")
    .select(["id", "name", "deleted_at"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.deleted_at === null ? r.name : null]));
}
