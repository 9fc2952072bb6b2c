import type { Db } from "../db/open-database.js";

// What the org feature asks of and tells the problem feature when units change.

/** How many problems were filed at a unit (its 社区 or 楼院): such a unit is kept, not removed. */
export async function problemsRecordedAt(db: Db, unitId: number): Promise<number> {
  const row = await db
    .selectFrom("problem")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where((eb) => eb.or([eb("community_id", "=", unitId), eb("courtyard_id", "=", unitId)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The problems of the given 楼院 now belong to the 社区 `to` (a 网格 or 楼院 moved there): its admins
 * list, dispatch and count them from now on, as the 楼院's residents and volunteers moved too.
 */
export async function moveProblemsToCommunity(db: Db, courtyardIds: readonly number[], to: number) {
  if (courtyardIds.length === 0) return;
  await db
    .updateTable("problem")
    .set({ community_id: to })
    .where("courtyard_id", "in", [...courtyardIds])
    .execute();
}
