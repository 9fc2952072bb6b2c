import type { Updateable } from "kysely";
import type { Db } from "../db/open-database.js";
import type { BoardEntry, BoardEntryTable } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { can, communityOf } from "../auth/authorize.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { boardTransition, BoardTransitionError, type BoardAction, type BoardState } from "./rules.js";

// Who may act on which entry, and the guarded move every state change goes through.

export async function loadEntry(db: Db, id: number): Promise<BoardEntry> {
  const entry = await db.selectFrom("board_entry").selectAll().where("id", "=", id).executeTakeFirst();
  if (!entry) throw new NotFoundError("黑白榜条目不存在");
  return entry;
}

/** An entry the caller moderates (its 社区's admins and those above); another 社区's is forbidden. */
export async function moderatedEntry(db: Db, session: AuthSession, id: number): Promise<BoardEntry> {
  const entry = await loadEntry(db, id);
  if (!(await can(db, session, "board.moderate", entry.community_id)))
    throw new ForbiddenError("该条目不在您管理的社区内");
  return entry;
}

/** An entry the caller sees as staff: moderators of its 社区, grid workers of its 楼院, its proposer. */
export async function staffEntry(db: Db, session: AuthSession, id: number): Promise<BoardEntry> {
  const entry = await loadEntry(db, id);
  const sees =
    entry.proposer_user_id === session.user.id ||
    (await can(db, session, "board.propose", entry.courtyard_id)) ||
    (await can(db, session, "board.moderate", entry.community_id));
  if (!sees) throw new ForbiddenError("该条目不在您负责的范围内");
  return entry;
}

/** Approval and the decision on an appeal are by someone other than the proposer. */
export function assertNotProposer(entry: BoardEntry, session: AuthSession, what: string) {
  if (entry.proposer_user_id === session.user.id) {
    throw new ForbiddenError(`${what}须由提名人以外的管理员进行`);
  }
}

export const CONFLICT_MESSAGE = "该条目刚被他人处理，请刷新后查看";

/**
 * Moves an entry by `action` (refused by the transition table if illegal, as a CONFLICT: the entry is
 * in another state than the caller saw) only where its version is still the one read.
 */
export async function moveEntry(
  db: Db,
  entry: BoardEntry,
  action: BoardAction,
  set: Omit<Updateable<BoardEntryTable>, "state" | "version" | "updated_at">,
  now: Date,
  seenVersion?: number,
): Promise<{ state: BoardState; version: number }> {
  if (seenVersion !== undefined && seenVersion !== entry.version) throw new ConflictError(CONFLICT_MESSAGE);
  let to: BoardState;
  try {
    to = boardTransition(entry.kind, entry.state, action);
  } catch (error) {
    if (error instanceof BoardTransitionError) throw new ConflictError(error.message);
    throw error;
  }
  const result = await db
    .updateTable("board_entry")
    .set({ ...set, state: to, version: entry.version + 1, updated_at: now.toISOString() })
    .where("id", "=", entry.id)
    .where("version", "=", entry.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError(CONFLICT_MESSAGE);
  return { state: to, version: entry.version + 1 };
}

/** The 楼院 (and 楼栋) of an entry and their 社区; wrong kinds are refused by field. */
export async function placeOf(db: Db, courtyardId: number, buildingId: number | null | undefined) {
  const courtyard = await db
    .selectFrom("org_unit")
    .select(["id", "kind", "name"])
    .where("id", "=", courtyardId)
    .executeTakeFirst();
  if (!courtyard || courtyard.kind !== "courtyard") throw new ValidationError("courtyardId", "请选择楼院");
  const communityId = await communityOf(db, courtyard.id);
  if (communityId === null) throw new ValidationError("courtyardId", "该楼院不属于任何社区");
  if (buildingId) {
    const building = await db
      .selectFrom("org_unit")
      .select(["kind", "parent_id"])
      .where("id", "=", buildingId)
      .executeTakeFirst();
    if (!building || building.kind !== "building" || building.parent_id !== courtyard.id)
      throw new ValidationError("buildingId", "所选楼栋不在该楼院内");
  }
  return { courtyardId: courtyard.id, communityId };
}
