import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { can } from "../auth/authorize.js";
import { maskMobile } from "../auth/rules.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import { placeOf } from "./board-scope.js";

// The residents a 黑榜 entry may be linked to (so that they are told before it shows and may 申诉): the
// residents registered in the entry's 楼院, found by whoever may propose there — a grid worker in his
// 网格 too, who knows the 楼院 but may not search the 社区's accounts (auth.users.search needs user.manage).
// Their mobile only masked: enough to tell two 刘芳 apart.

const LIMIT = 20;

export async function residentOptions(
  db: Db,
  session: AuthSession,
  input: { courtyardId: number; q?: string | undefined },
) {
  const place = await placeOf(db, input.courtyardId, null);
  if (!(await can(db, session, "board.propose", place.courtyardId))) {
    throw new ForbiddenError("只能在您负责的楼院提名");
  }
  const q = input.q?.trim() ?? "";
  const rows = await db
    .selectFrom("user")
    .select(["id", "name", "mobile"])
    .where("courtyard_id", "=", place.courtyardId)
    .where("deleted_at", "is", null)
    .$if(/^\d{4}$/.test(q), (b) => b.where("mobile", "like", `%${q}`))
    .$if(q !== "" && !/^\d{4}$/.test(q), (b) => b.where("name", "like", `%${q.replace(/[%_]/g, "")}%`))
    .orderBy("name")
    .orderBy("id")
    .limit(LIMIT)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, mobile: maskMobile(r.mobile) }));
}

/**
 * The resident a 黑榜 entry is linked to: of the entry's 社区 for its admins, of its very 楼院 for a
 * grid worker (the residents he may look up); refused on subjectUserId otherwise.
 */
export async function assertLinkable(
  db: Db,
  session: AuthSession,
  place: { courtyardId: number; communityId: number },
  user: { community_id: number | null; courtyard_id: number | null },
) {
  if (await can(db, session, "board.moderate", place.communityId)) return;
  if (user.courtyard_id !== place.courtyardId) {
    throw new ValidationError("subjectUserId", "只能关联该楼院的居民");
  }
}
