import type { Db } from "../db/open-database.js";

// What the problem feature tells the board: a 黑榜 entry made from a problem follows it, so when the
// problem is 办结 (复查通过) the entry becomes 已整改, in the same transaction. The board's own tables
// change only here; the problem feature calls this, never writes them.

/** Marks the 黑榜 entries made from `problemId` that are up (已公示 or 申诉中) as 已整改; how many. */
export async function rectifyEntriesOfProblem(db: Db, problemId: number, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const result = await db
    .updateTable("board_entry")
    .set((eb) => ({
      state: "rectified",
      rectified_at: at,
      updated_at: at,
      version: eb("version", "+", 1),
    }))
    .where("problem_id", "=", problemId)
    .where("kind", "=", "black")
    .where("state", "in", ["published", "appealing"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
