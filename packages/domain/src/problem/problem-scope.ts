import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Db } from "../db/open-database.js";
import type { Database, Problem } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors.js";
import { can, descendantIds, permissionRoots } from "../auth/authorize.js";
import type { Permission } from "../auth/rules.js";

// Who may see and act on which problems. A problem belongs to a 楼院 of a 社区: a 社区's staff (and
// those above) reach all of it; a grid worker, whose grant is a 网格, reaches the 楼院 of that 网格.

export type ProblemPermission = "problem.handle" | "problem.manage";

/** The problems a caller reaches: "all", or whole 社区 plus single 楼院 (a grid worker's). */
export type ProblemScope = "all" | { communities: number[]; courtyards: number[] };

export function problemScope(db: Db, session: AuthSession, perm: ProblemPermission): Promise<ProblemScope> {
  return unitReach(db, session, perm);
}

/**
 * The 社区 and single 楼院 where the caller holds `perm`: the reach of the problem lists, and of any
 * list whose rows belong to a 楼院 of a 社区 (the 黑白榜's).
 */
export async function unitReach(db: Db, session: AuthSession, perm: Permission): Promise<ProblemScope> {
  const roots = permissionRoots(session, perm);
  if (roots === "all") return "all";
  if (roots.length === 0) return { communities: [], courtyards: [] };
  // From each grant down to the 社区 and 楼院 it covers, stopping there: a street's reach is its 社区,
  // not the hundreds of 网格, 楼院 and 楼栋 under them (each list answer asks this once).
  const units = await db
    .withRecursive("reach(id, kind)", (qc) =>
      qc
        .selectFrom("org_unit")
        .select(["id", "kind"])
        .where("id", "in", roots)
        .union(
          qc
            .selectFrom("org_unit as u")
            .innerJoin("reach", "reach.id", "u.parent_id")
            .select(["u.id", "u.kind"])
            .where("reach.kind", "in", ["street", "grid"]),
        ),
    )
    .selectFrom("reach")
    .select(["id", "kind"])
    .where("kind", "in", ["community", "courtyard"])
    .execute();
  const communities = units.filter((u) => u.kind === "community").map((u) => u.id);
  const inScope = new Set(communities);
  // 楼院 of a whole 社区 in scope are covered by the 社区; only the others are listed one by one, so the
  // common case (an admin's 社区) filters on community_id, which the indexes lead with.
  const courtyardIds = units.filter((u) => u.kind === "courtyard").map((u) => u.id);
  const courtyards =
    courtyardIds.length === 0
      ? []
      : (
          await db
            .selectFrom("org_unit as c")
            .innerJoin("org_unit as g", "g.id", "c.parent_id")
            .select(["c.id", "g.parent_id"])
            .where("c.id", "in", courtyardIds)
            .execute()
        )
          .filter((r) => r.parent_id === null || !inScope.has(r.parent_id))
          .map((r) => r.id);
  return { communities, courtyards };
}

/**
 * The condition "the problem is within the scope, or assigned to `userId`" for a query over `problem`.
 * A 责任人 sees what they were given even outside their 网格; only someone whose reach stops below a
 * 社区 (a grid worker) can be given one outside it, so only then is the OR added: for an admin it would
 * keep the database from reading the 社区's problems in order from the (community_id, …) indexes.
 */
export function inScope(
  eb: ExpressionBuilder<Database, "problem">,
  scope: Exclude<ProblemScope, "all">,
  userId: number,
): Expression<SqlBool> {
  const parts: Array<Expression<SqlBool>> = [];
  if (scope.communities.length > 0) parts.push(eb("problem.community_id", "in", scope.communities));
  if (scope.courtyards.length > 0) {
    parts.push(eb("problem.courtyard_id", "in", scope.courtyards));
    parts.push(eb("problem.assignee_user_id", "=", userId));
  }
  return parts.length === 0 ? eb("problem.assignee_user_id", "=", userId) : eb.or(parts);
}

/** Whether the caller holds `perm` where the problem is (its 楼院, hence its 网格 and 社区). */
export function canAt(
  db: Db,
  session: AuthSession,
  perm: ProblemPermission,
  problem: Pick<Problem, "courtyard_id">,
) {
  return can(db, session, perm, problem.courtyard_id);
}

export async function loadProblem(db: Db, id: number): Promise<Problem> {
  const problem = await db.selectFrom("problem").selectAll().where("id", "=", id).executeTakeFirst();
  if (!problem) throw new NotFoundError("问题不存在");
  return problem;
}

/**
 * A problem the caller may work on with `perm`: one outside their units (another 社区's, another 网格's)
 * is forbidden, as another unit's volunteer or activity is; one they see (problem.handle) but may not
 * manage is forbidden with a word on who may.
 */
export async function problemFor(
  db: Db,
  session: AuthSession,
  id: number,
  perm: ProblemPermission,
): Promise<Problem> {
  const problem = await loadProblem(db, id);
  // Its 责任人 sees it even when it lies outside their 网格 (any of the 社区's staff may be made 责任人).
  const sees =
    problem.assignee_user_id === session.user.id || (await canAt(db, session, "problem.handle", problem));
  if (!sees) throw new ForbiddenError("该问题不在您负责的范围内");
  if (perm === "problem.manage" && !(await canAt(db, session, perm, problem))) {
    throw new ForbiddenError("只有社区管理员可以进行此操作");
  }
  return problem;
}

export const CONFLICT_MESSAGE = "该问题刚被他人处理，请刷新后查看";

/** The version the caller saw must still be the problem's: else someone acted in between. */
export function assertVersion(problem: Pick<Problem, "version">, seen: number | undefined) {
  if (seen !== undefined && seen !== problem.version) throw new ConflictError(CONFLICT_MESSAGE);
}

/** Roles that may be a 责任人: the 社区's own staff. */
const ASSIGNEE_ROLES = ["grid_worker", "community_admin"] as const;

/**
 * The staff who may be made 责任人 of a problem of `communityId`: those holding a grid worker's or a
 * community admin's role at the 社区 or a unit in it, accounts not deleted. Each once, with the 网格
 * (or 社区) they hold it at; `courtyardId` marks the grid workers of that 楼院's 网格 first.
 */
export async function eligibleAssignees(db: Db, communityId: number, courtyardId?: number) {
  const units = await descendantIds(db, [communityId]);
  const rows = await db
    .selectFrom("role_grant")
    .innerJoin("user", "user.id", "role_grant.user_id")
    .innerJoin("org_unit", "org_unit.id", "role_grant.org_unit_id")
    .select([
      "user.id",
      "user.name",
      "role_grant.role",
      "org_unit.id as unit_id",
      "org_unit.name as unit_name",
    ])
    .where("role_grant.role", "in", [...ASSIGNEE_ROLES])
    .where("role_grant.org_unit_id", "in", units)
    .where("user.deleted_at", "is", null)
    .orderBy("role_grant.role", "desc")
    .orderBy("user.id")
    .execute();
  const gridOfCourtyard =
    courtyardId === undefined
      ? null
      : ((
          await db.selectFrom("org_unit").select("parent_id").where("id", "=", courtyardId).executeTakeFirst()
        )?.parent_id ?? null);
  const seen = new Map<
    number,
    {
      userId: number;
      name: string;
      role: "grid_worker" | "community_admin";
      unitName: string;
      inGrid: boolean;
    }
  >();
  for (const r of rows) {
    const role = r.role as "grid_worker" | "community_admin";
    const inGrid = role === "grid_worker" && r.unit_id === gridOfCourtyard;
    const had = seen.get(r.id);
    if (!had) seen.set(r.id, { userId: r.id, name: r.name, role, unitName: r.unit_name, inGrid });
    else if (inGrid) had.inGrid = true;
  }
  // The 楼院's own grid workers first, then other grid workers, then the 社区's admins.
  return [...seen.values()].sort(
    (a, b) =>
      Number(b.inGrid) - Number(a.inGrid) ||
      (a.role === b.role ? 0 : a.role === "grid_worker" ? -1 : 1) ||
      a.userId - b.userId,
  );
}

export async function isEligibleAssignee(db: Db, communityId: number, userId: number): Promise<boolean> {
  const units = await descendantIds(db, [communityId]);
  const row = await db
    .selectFrom("role_grant")
    .innerJoin("user", "user.id", "role_grant.user_id")
    .select("role_grant.id")
    .where("role_grant.user_id", "=", userId)
    .where("role_grant.role", "in", [...ASSIGNEE_ROLES])
    .where("role_grant.org_unit_id", "in", units)
    .where("user.deleted_at", "is", null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The unit an audit row of the caller's about a set of problems belongs to: the 社区, else the caller's grant. */
export function auditUnitFor(session: AuthSession, communityId: number | undefined): number | null {
  if (communityId !== undefined) return communityId;
  const roots = permissionRoots(session, "problem.manage");
  return roots === "all" ? null : (roots[0] ?? null);
}
