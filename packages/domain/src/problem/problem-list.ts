import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { chinaToday } from "../time.js";
import { labelLookup } from "./problem-categories.js";
import {
  liveCounts,
  overdueCondition,
  tallied,
  talliedCounts,
  type ProblemQuery,
  type StateCounts,
} from "./problem-counts.js";
import { beforeAfterPhotos } from "./problem-photos.js";
import { inScope, problemScope, type ProblemScope } from "./problem-scope.js";
import {
  OPEN_STATES,
  isOverdue,
  type ProblemCategory,
  type ProblemSource,
  type ProblemState,
} from "./rules.js";

// The console's problem lists: the admin's list with filters, counts per state and paging, the grid
// worker's 我的待办 and 复查 queue — one query shape, each row in one form (problemRows).

export interface ProblemFilter {
  communityId?: number | undefined;
  state?: ProblemState | undefined;
  category?: ProblemCategory | undefined;
  gridId?: number | undefined;
  courtyardId?: number | undefined;
  source?: ProblemSource | undefined;
  /** only the overdue ones (open and past their deadline, China date) */
  overdue?: boolean | undefined;
  /** 发现时间 from / to, China dates, both days included */
  from?: string | undefined;
  to?: string | undefined;
  assigneeId?: number | undefined;
}

/** The start of a China date as ISO UTC (00:00 +08:00). */
const chinaDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The filters other than state and overdue (the tabs count across those). */
function narrowed(q: ProblemQuery, f: ProblemFilter): ProblemQuery {
  if (f.communityId) q = q.where("problem.community_id", "=", f.communityId);
  if (f.category) q = q.where("problem.category", "=", f.category);
  if (f.courtyardId) q = q.where("problem.courtyard_id", "=", f.courtyardId);
  if (f.gridId) {
    const gridId = f.gridId;
    q = q.where("problem.courtyard_id", "in", (eb) =>
      eb.selectFrom("org_unit").select("org_unit.id").where("org_unit.parent_id", "=", gridId),
    );
  }
  if (f.source) q = q.where("problem.source", "=", f.source);
  if (f.from) q = q.where("problem.created_at", ">=", chinaDayStart(f.from));
  if (f.to) q = q.where("problem.created_at", "<", chinaDayStart(nextDay(f.to)));
  if (f.assigneeId) q = q.where("problem.assignee_user_id", "=", f.assigneeId);
  return q;
}

function scoped(db: Db, scope: ProblemScope, userId: number): ProblemQuery {
  const q = db.selectFrom("problem");
  return scope === "all" ? q : q.where((eb) => inScope(eb, scope, userId));
}

export interface Paging {
  page: number;
  pageSize: number;
}

/** The list as the console shows it: filtered within the caller's reach, newest first, paged, with the tabs' counts. */
export async function listProblems(
  db: Db,
  session: AuthSession,
  f: ProblemFilter & Paging,
  now = new Date(),
) {
  const today = chinaToday(now);
  const scope = await problemScope(db, session, "problem.handle");
  const { page: _page, pageSize: _pageSize, state, overdue, ...narrowing } = f;
  const base = narrowed(scoped(db, scope, session.user.id), f);
  let filtered = base;
  if (state) filtered = filtered.where("problem.state", "=", state);
  if (overdue) filtered = filtered.where(overdueCondition(today));
  const counts: StateCounts = tallied(scope, narrowing)
    ? await talliedCounts(db, scope, narrowing, today, base)
    : await liveCounts(base, today);
  // The tabs' counts hold the total, except for "overdue in one state", which no tab shows.
  const total =
    state && overdue
      ? Number(
          (
            await filtered
              .select((eb) => eb.fn.countAll<number | string>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        )
      : counts[overdue ? "overdue" : (state ?? "all")];
  const ids = await filtered
    .select("problem.id")
    .orderBy("problem.created_at", "desc")
    .orderBy("problem.id", "desc")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return {
    total,
    counts,
    items: await problemRows(
      db,
      ids.map((r) => r.id),
      today,
    ),
  };
}

/** Every id matching the filters (the 整改台账), newest first, at most `limit`. */
export async function problemIds(
  db: Db,
  session: AuthSession,
  f: ProblemFilter,
  limit: number,
  now = new Date(),
) {
  const today = chinaToday(now);
  const scope = await problemScope(db, session, "problem.handle");
  let q = narrowed(scoped(db, scope, session.user.id), f);
  if (f.state) q = q.where("problem.state", "=", f.state);
  if (f.overdue) q = q.where(overdueCondition(today));
  const rows = await q
    .select("problem.id")
    .orderBy("problem.created_at", "desc")
    .orderBy("problem.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** 我的待办: what the caller is 责任人 of and not yet 办结 (整改中 first, by deadline). */
export async function myTodo(
  db: Db,
  session: AuthSession,
  p: Paging & { state?: "rectifying" | "reviewing" | undefined },
  now = new Date(),
) {
  const today = chinaToday(now);
  const base = db
    .selectFrom("problem")
    .where("problem.assignee_user_id", "=", session.user.id)
    .where("problem.state", "in", p.state ? [p.state] : [...OPEN_STATES]);
  const total = await base
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const ids = await base
    .select("problem.id")
    // 整改中 (the caller's move) before 待复查 (waiting on someone else); then the nearest deadline.
    .orderBy((eb) => eb.case().when("problem.state", "=", "rectifying").then(0).else(1).end())
    .orderBy("problem.deadline")
    .orderBy("problem.id")
    .limit(p.pageSize)
    .offset((p.page - 1) * p.pageSize)
    .execute();
  return {
    total: Number(total.n),
    items: await problemRows(
      db,
      ids.map((r) => r.id),
      today,
    ),
  };
}

/** 复查 queue: 待复查 problems within the caller's reach that someone else rectified, oldest first. */
export async function reviewQueue(db: Db, session: AuthSession, p: Paging, now = new Date()) {
  const today = chinaToday(now);
  const scope = await problemScope(db, session, "problem.handle");
  const base = scoped(db, scope, session.user.id)
    .where("problem.state", "=", "reviewing")
    .where((eb) =>
      eb.or([
        eb("problem.assignee_user_id", "is", null),
        eb("problem.assignee_user_id", "!=", session.user.id),
      ]),
    );
  const total = await base
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const ids = await base
    .select("problem.id")
    .orderBy("problem.updated_at")
    .orderBy("problem.id")
    .limit(p.pageSize)
    .offset((p.page - 1) * p.pageSize)
    .execute();
  return {
    total: Number(total.n),
    items: await problemRows(
      db,
      ids.map((r) => r.id),
      today,
    ),
  };
}

/**
 * The rows of the given problems, in the given order, as every console list shows them: where, what,
 * which state, who is 责任人 until when, overdue, and the first photo before as a thumbnail.
 */
export async function problemRows(db: Db, ids: readonly number[], today: string) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("problem")
    .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
    .leftJoin("org_unit as grid", "grid.id", "courtyard.parent_id")
    .innerJoin("org_unit as community", "community.id", "problem.community_id")
    .leftJoin("org_unit as building", "building.id", "problem.building_id")
    .leftJoin("user as assignee", "assignee.id", "problem.assignee_user_id")
    .select([
      "problem.id",
      "problem.version",
      "problem.community_id",
      "community.name as community_name",
      "grid.id as grid_id",
      "grid.name as grid_name",
      "problem.courtyard_id",
      "courtyard.name as courtyard_name",
      "problem.building_id",
      "building.name as building_name",
      "problem.place",
      "problem.description",
      "problem.category",
      "problem.source",
      "problem.state",
      "problem.assignee_user_id",
      "assignee.name as assignee_name",
      "assignee.deleted_at as assignee_deleted_at",
      "problem.deadline",
      "problem.created_at",
      "problem.closed_at",
      "problem.published",
    ])
    .where("problem.id", "in", [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const labelOf = await labelLookup(
    db,
    rows.map((r) => r.community_id),
  );
  const photos = await beforeAfterPhotos(db, ids);
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        version: r.version,
        communityId: r.community_id,
        communityName: r.community_name,
        gridId: r.grid_id,
        gridName: r.grid_name,
        courtyardId: r.courtyard_id,
        courtyardName: r.courtyard_name,
        buildingId: r.building_id,
        buildingName: r.building_name,
        place: r.place,
        description: r.description,
        category: r.category,
        categoryLabel: labelOf(r.community_id, r.category),
        source: r.source,
        state: r.state,
        assigneeId: r.assignee_user_id,
        assigneeName:
          r.assignee_user_id === null
            ? null
            : r.assignee_deleted_at === null
              ? r.assignee_name
              : "（已注销）",
        deadline: r.deadline,
        overdue: isOverdue(r, today),
        createdAt: r.created_at,
        closedAt: r.closed_at,
        published: r.published === 1,
        thumb: photos.get(r.id)?.before[0] ?? null,
      },
    ];
  });
}

export type ProblemRow = Awaited<ReturnType<typeof problemRows>>[number];
