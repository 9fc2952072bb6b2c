import type { Db } from "../db/open-database.js";

// Figures other features show about volunteers (the console's 工作台), each one query.

/** 待审核 registrations in the given 社区 ("all": everywhere). */
export async function pendingRegistrationCount(
  db: Db,
  communityIds: "all" | readonly number[],
): Promise<number> {
  if (communityIds !== "all" && communityIds.length === 0) return 0;
  let q = db
    .selectFrom("volunteer")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "pending");
  if (communityIds !== "all") q = q.where("community_id", "in", [...communityIds]);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
