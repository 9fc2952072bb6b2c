import type { Db } from "../db/open-database.js";
import { copyFilesTo } from "../files/files-service.js";
import { beforeAfterPhotos } from "../problem/problem-photos.js";
import { MAX_PHOTOS } from "./rules.js";

// What the problem feature tells the board: a 黑榜 entry made from a problem follows it, so when the
// problem is 办结 (复查通过) the entry becomes 已整改, with the photos after, in the same transaction.
// The board's own tables change only here; the problem feature calls this, never writes them.

/**
 * Marks the 黑榜 entries made from `problemId` that are up (已公示 or 申诉中) as 已整改, and gives each
 * copies of the photos of the problem's latest 整改上报 (owner type 'board_entry_after'); how many
 * entries. Those photos were taken for the 复查, which a grid worker may pass, and were looked at for
 * the work done, not for faces or plates: so, as for any 黑榜 photo, nothing of them is published until
 * an admin confirms them (the entry's confirmation is cleared and covers them once given again).
 */
export async function rectifyEntriesOfProblem(
  db: Db,
  problemId: number,
  /** who passed the 复查: the copies count as theirs */
  actorUserId: number,
  now = new Date(),
): Promise<number> {
  const at = now.toISOString();
  const after = (await beforeAfterPhotos(db, [problemId])).get(problemId)?.after ?? [];
  const copying = after.length > 0;
  const rectified = await db
    .updateTable("board_entry")
    .set((eb) => ({
      state: "rectified",
      rectified_at: at,
      updated_at: at,
      version: eb("version", "+", 1),
      ...(copying ? { photos_confirmed_at: null, photos_confirmed_by: null } : {}),
    }))
    .where("problem_id", "=", problemId)
    .where("kind", "=", "black")
    .where("state", "in", ["published", "appealing"])
    .returning("id")
    .execute();
  if (copying) {
    for (const entry of rectified) {
      await copyFilesTo(db, {
        fileIds: after.map((p) => p.id),
        ownerType: "board_entry_after",
        ownerId: entry.id,
        actorUserId,
        max: MAX_PHOTOS,
        now,
      });
    }
  }
  return rectified.length;
}
