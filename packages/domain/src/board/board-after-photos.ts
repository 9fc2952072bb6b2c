import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { filesOf, type PhotoRef } from "../files/files-service.js";
import { boardEntriesVisibleTo, boardOriginalsVisibleTo } from "./board-public.js";

// A 已整改 黑榜 entry made from a problem shows the place put right: copies of the problem's 整改上报
// photos (owner type 'board_entry_after', made by rectifyEntriesOfProblem). Like every 黑榜 photo they
// are published only once an admin has confirmed that no face or plate shows (photos_confirmed_at,
// cleared when they were added); until then the entry's staff alone see them.

interface AfterFacts {
  id: number;
  state: string;
  photos_confirmed_at: string | null;
}

/** The after photos the board may show, per entry: those of rectified entries whose photos are confirmed. */
export async function publishedAfterPhotos(
  db: Db,
  entries: readonly AfterFacts[],
): Promise<Map<number, PhotoRef[]>> {
  const shown = entries.filter((e) => e.state === "rectified" && e.photos_confirmed_at !== null);
  return filesOf(
    db,
    "board_entry_after",
    shown.map((e) => e.id),
  );
}

/**
 * The file-access rule of 'board_entry_after' (src/file-access.ts): exactly who may see the entry's
 * own photos, once confirmed; before that, the entry's staff only.
 */
export async function boardAfterPhotosVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
): Promise<Set<number>> {
  const visible = await boardEntriesVisibleTo(db, session, ids);
  if (visible.size === 0) return visible;
  const unconfirmed = await db
    .selectFrom("board_entry")
    .select("id")
    .where("id", "in", [...visible])
    .where("photos_confirmed_at", "is", null)
    .execute();
  if (unconfirmed.length === 0) return visible;
  const staff = await boardOriginalsVisibleTo(
    db,
    session,
    unconfirmed.map((e) => e.id),
  );
  for (const e of unconfirmed) if (!staff.has(e.id)) visible.delete(e.id);
  return visible;
}
