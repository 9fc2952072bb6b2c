import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { can, getUnitOrThrow, permissionRoots, reaches } from "../auth/authorize.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import { chinaToday } from "../time.js";
import {
  activityFigures,
  monthsEndingWith,
  problemFigures,
  readinessFigures,
  taskFigures,
  TREND_MONTHS,
  unitMap,
  volunteerFigures,
  type Period,
  type UnitMap,
} from "./dashboard-data.js";

// 数据看板: a 社区's figures (tasks, problems, volunteers, activities, 道德讲堂, readiness), and a 街道's
// 社区 side by side. Who sees what follows the 工作台 (workbench.ts, console.access): a 社区's staff
// (its admins, its grid workers) and those above it see the 社区; a 街道's staff see the 街道.

function periodOf(month: string | undefined, now: Date): Period {
  const today = chinaToday(now);
  const m = month ?? today.slice(0, 7);
  return { month: m, months: monthsEndingWith(m, TREND_MONTHS), today, now };
}

/** The figures of `units`' 社区, each query once for them all. */
async function figuresOf(db: Db, units: UnitMap, period: Period) {
  const ids = units.communities.map((c) => c.id);
  const [tasks, problems, volunteers, activities, readiness] = await Promise.all([
    taskFigures(db, units, period),
    problemFigures(db, ids, period),
    volunteerFigures(db, units),
    activityFigures(db, ids, period),
    readinessFigures(db, ids, period.now),
  ]);
  const names = new Map(units.communities.map((c) => [c.id, c.name]));
  return {
    communities: units.communities.map((c) => {
      const a = activities.get(c.id)!;
      return {
        id: c.id,
        name: c.name,
        tasks: tasks.figures.get(c.id)!,
        problems: problems.get(c.id)!,
        volunteers: volunteers.get(c.id)!,
        activities: a.months,
        lectures: a.lectures,
        readiness: readiness.get(c.id)!,
      };
    }),
    overdueTotal: tasks.overdueTotal,
    overdueTasks: tasks.overdue.map((t) => ({ ...t, communityName: names.get(t.communityId) ?? "" })),
  };
}

/** The 社区 of a dashboard, once the caller may read it: its staff and those above it (console.access). */
export async function dashboardCommunity(db: Db, session: AuthSession, communityId: number) {
  const unit = await getUnitOrThrow(db, communityId);
  if (unit.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  if (!(await reaches(db, session, "console.access", unit.id))) throw new ForbiddenError();
  return { id: unit.id };
}

/** One 社区's dashboard; for its staff and those above it (console.access reaching the 社区). */
export async function communityDashboard(
  db: Db,
  session: AuthSession,
  input: { communityId: number; month?: string | undefined },
  now = new Date(),
) {
  return communityFigures(db, await dashboardCommunity(db, session, input.communityId), input.month, now);
}

/** What a 社区's dashboard shows: the same for everyone who may read it (dashboardCommunity). */
export async function communityFigures(
  db: Db,
  unit: { id: number },
  month: string | undefined,
  now = new Date(),
) {
  const period = periodOf(month, now);
  const { communities, overdueTasks, overdueTotal } = await figuresOf(
    db,
    await unitMap(db, [unit.id]),
    period,
  );
  return {
    asOf: period.today,
    month: period.month,
    months: period.months,
    ...communities[0]!,
    overdueTotal,
    overdueTasks,
  };
}

/**
 * The street the caller means: the one asked for, else the street of their street-level grant (a
 * system admin: the first street). Null when they hold none.
 */
async function streetOf(db: Db, session: AuthSession, streetId: number | undefined): Promise<number | null> {
  if (streetId !== undefined) return streetId;
  const roots = permissionRoots(session, "console.access");
  const q = db.selectFrom("org_unit").select("id").where("kind", "=", "street").orderBy("id");
  const row = await (
    roots === "all" ? q : roots.length === 0 ? null : q.where("id", "in", roots)
  )?.executeTakeFirst();
  return row?.id ?? null;
}

/** The 街道 of a dashboard (the one asked for, else the caller's), once the caller may read it. */
export async function dashboardStreet(db: Db, session: AuthSession, streetId: number | undefined) {
  const id = await streetOf(db, session, streetId);
  if (id === null) throw new ForbiddenError();
  const street = await getUnitOrThrow(db, id);
  if (street.kind !== "street") throw new ValidationError("streetId", "请选择街道");
  if (!(await can(db, session, "console.access", street.id))) throw new ForbiddenError();
  return { id: street.id, name: street.name };
}

/** A 街道's dashboard: each of its 社区 side by side; for the street's staff (console.access at the street). */
export async function streetDashboard(
  db: Db,
  session: AuthSession,
  input: { streetId?: number | undefined; month?: string | undefined },
  now = new Date(),
) {
  return streetFigures(db, await dashboardStreet(db, session, input.streetId), input.month, now);
}

/** What a 街道's dashboard shows: the same for everyone who may read it (dashboardStreet). */
export async function streetFigures(
  db: Db,
  street: { id: number; name: string },
  month: string | undefined,
  now = new Date(),
) {
  const communities = await db
    .selectFrom("org_unit")
    .select("id")
    .where("parent_id", "=", street.id)
    .where("kind", "=", "community")
    .orderBy("id")
    .execute();
  const period = periodOf(month, now);
  const figures = await figuresOf(
    db,
    await unitMap(
      db,
      communities.map((c) => c.id),
    ),
    period,
  );
  return {
    asOf: period.today,
    month: period.month,
    months: period.months,
    street: { id: street.id, name: street.name },
    ...figures,
  };
}
