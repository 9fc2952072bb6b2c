import type { Db } from "../db/open-database.js";

/**
 * Residents living in the given 楼院 now belong to the 社区 `to`: their account's 社区 follows, and
 * so does the resident role they held at the old 社区 `from` (null when the 楼院 had none). The org
 * feature calls this when a 网格 or 楼院 moves to another 社区; accounts and roles are auth's tables.
 */
export async function moveResidentsToCommunity(
  db: Db,
  courtyardIds: readonly number[],
  from: number | null,
  to: number,
) {
  if (courtyardIds.length === 0) return;
  const residents = db.selectFrom("user").select("id").where("courtyard_id", "in", courtyardIds);
  if (from !== null) {
    await db
      .updateTable("role_grant")
      .set({ org_unit_id: to })
      .where("role", "=", "resident")
      .where("org_unit_id", "=", from)
      .where("user_id", "in", residents)
      .execute();
  }
  await db.updateTable("user").set({ community_id: to }).where("courtyard_id", "in", courtyardIds).execute();
}
