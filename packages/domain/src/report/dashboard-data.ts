import { sql, type RawBuilder } from "kysely";
import type { Db } from "../db/open-database.js";
import type { Campaign } from "../db/database.js";
import { descendantIds } from "../auth/authorize.js";
import { itemsReadiness } from "../campaign/campaign-readiness.js";
import { monthsBetween } from "../campaign/measure-rules.js";
import { closedOnTimeCount } from "../problem/problem-counts.js";
import { DEFAULT_TARGET_PERMILLE } from "../volunteer/rules.js";
import {
  isTaskOverdue,
  rollUp,
  TASK_STATES,
  daysBetween,
  type SupervisionColour,
  type TaskState,
} from "../task/rules.js";
import { taskColour } from "../task/supervision-rules.js";
import { thresholdsOfStreet } from "../task/supervision-settings.js";
import { handColours } from "../task/supervision-views.js";

// The dashboards' figures for a set of 社区 at once: every query below reads all the 社区 asked for
// (a street's 30 as one), grouped by 社区, never a query per 社区. Read-only; each figure counts as the
// feature owning it does (tasks: task/rules.ts, problems: problem-counts.ts, readiness: campaign-readiness.ts).

/** 道德讲堂 a month when the 社区 has no monthly duty rule for them (the built-in rule's figure). */
export const DEFAULT_LECTURES_PER_MONTH = 2;
/** How many months the trends show, ending with the month asked for. */
export const TREND_MONTHS = 6;
/** The longest overdue list a dashboard shows (most overdue first); the count is always whole. */
export const OVERDUE_LIST_MAX = 20;

const OPEN_TASK_STATES = [
  "not_started",
  "in_progress",
  "pending_acceptance",
] as const satisfies readonly TaskState[];

/** The UTC instant a China month (YYYY-MM) begins. */
export function chinaMonthStart(month: string): string {
  return new Date(`${month}-01T00:00:00+08:00`).toISOString();
}

/** The month after a YYYY-MM. */
export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** The `n` months (YYYY-MM) ending with `month`, oldest first. */
export function monthsEndingWith(month: string, n: number): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) - (n - 1);
  const from = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}-01`;
  return monthsBetween(from, `${month}-01`);
}

/**
 * Which of `months` an ISO instant column falls in (0 …), as portable SQL: a CASE over the months'
 * UTC starts, so both databases count China months from the rows' index range without date functions.
 * Rows must be limited to [start of the first month, start of the month after the last).
 */
function monthBucket(column: RawBuilder<unknown>, months: readonly string[]): RawBuilder<number> {
  const whens = months
    .slice(1)
    .map((m, i) => sql`when ${column} < ${sql.lit(chinaMonthStart(m))} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(months.length - 1)} end`;
}

export interface Period {
  /** the month asked for, YYYY-MM */
  month: string;
  /** the trend's months, oldest first, ending with `month` */
  months: string[];
  /** China date of today */
  today: string;
  now: Date;
}

export interface UnitMap {
  /** every unit of the 社区 (the 社区 included) → its 社区 */
  communityOf: Map<number, number>;
  communities: Array<{ id: number; name: string; population: number | null; streetId: number | null }>;
}

/** The 社区 of `communityIds` with every unit below them, mapped to their 社区 (two queries). */
export async function unitMap(db: Db, communityIds: readonly number[]): Promise<UnitMap> {
  const communityOf = new Map<number, number>();
  if (communityIds.length === 0) return { communityOf, communities: [] };
  const ids = await descendantIds(db, communityIds);
  const rows = await db
    .selectFrom("org_unit")
    .select(["id", "parent_id", "kind", "name", "population"])
    .where("id", "in", ids)
    .execute();
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const wanted = new Set(communityIds);
  for (const r of rows) {
    let at: number | null | undefined = r.id;
    for (let guard = 0; at != null && !wanted.has(at) && guard < 8; guard++) at = parent.get(at);
    if (at != null && wanted.has(at)) communityOf.set(r.id, at);
  }
  const communities = rows
    .filter((r) => wanted.has(r.id))
    .map((r) => ({ id: r.id, name: r.name, population: r.population, streetId: r.parent_id }))
    .sort((a, b) => communityIds.indexOf(a.id) - communityIds.indexOf(b.id));
  return { communityOf, communities };
}

export type StateCounts = Record<TaskState, number>;
export type ColourCounts = Record<SupervisionColour, number>;

export interface TaskFigures {
  total: number;
  byState: StateCounts;
  byColour: ColourCounts;
  overdue: number;
  /** open tasks with a 督办单 not yet cleared (销号) */
  supervised: number;
  /** done / (all but cancelled), one decimal; null without tasks */
  completionPercent: number | null;
}

export interface OverdueTask {
  id: number;
  campaignId: number;
  title: string;
  communityId: number;
  unitName: string;
  assigneeName: string | null;
  dueOn: string;
  daysOverdue: number;
  state: TaskState;
  colour: SupervisionColour | null;
}

const zeroStates = (): StateCounts => Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as StateCounts;
const zeroColours = (): ColourCounts => ({ blue: 0, yellow: 0, red: 0 });
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * Tasks whose 责任单位 is in the 社区 (or below): counts by state (one grouped query), and for the open
 * ones the 督办 colour with progress rolled up as the task tree shows it (task-views.ts): the open tasks,
 * then their sub-tasks level by level (depth ≤ 4, so at most three more queries).
 */
export async function taskFigures(db: Db, units: UnitMap, period: Period) {
  const out = new Map<number, TaskFigures>();
  for (const c of units.communities) {
    out.set(c.id, {
      total: 0,
      byState: zeroStates(),
      byColour: zeroColours(),
      overdue: 0,
      supervised: 0,
      completionPercent: null,
    });
  }
  const unitIds = [...units.communityOf.keys()];
  if (unitIds.length === 0) return { figures: out, overdueTotal: 0, overdue: [] as OverdueTask[] };
  const [counts, open] = await Promise.all([
    db
      .selectFrom("task")
      .select(["unit_id", "state", (eb) => eb.fn.countAll<number | string>().as("n")])
      .where("unit_id", "in", unitIds)
      .groupBy(["unit_id", "state"])
      .execute(),
    // Only what the colours need: the overdue list's names are read for the few it shows.
    db
      .selectFrom("task")
      .select([
        "id",
        "campaign_id",
        "parent_id",
        "unit_id",
        "state",
        "progress",
        "weight",
        "start_on",
        "due_on",
      ])
      .where("unit_id", "in", unitIds)
      .where("state", "in", [...OPEN_TASK_STATES])
      .execute(),
  ]);
  for (const r of counts) {
    const f = out.get(units.communityOf.get(r.unit_id)!)!;
    f.byState[r.state] += Number(r.n);
    f.total += Number(r.n);
  }
  // Sub-tasks of the open tasks, for the roll-up of their progress.
  const nodes = new Map(
    open.map((t) => [
      t.id,
      { id: t.id, parentId: t.parent_id, state: t.state, progress: t.progress, weight: t.weight },
    ]),
  );
  let frontier = open.map((t) => t.id);
  for (let level = 0; level < 4 && frontier.length > 0; level++) {
    const children = await db
      .selectFrom("task")
      .select(["id", "parent_id", "state", "progress", "weight"])
      .where("parent_id", "in", frontier)
      .execute();
    frontier = [];
    for (const c of children) {
      if (nodes.has(c.id)) continue;
      nodes.set(c.id, {
        id: c.id,
        parentId: c.parent_id,
        state: c.state,
        progress: c.progress,
        weight: c.weight,
      });
      frontier.push(c.id);
    }
  }
  // A parent not loaded (above the open tasks) is never visited: rollUp only walks down.
  const rolled = rollUp([...nodes.values()]);
  // Colours as the task screens give them: the 街道's thresholds, raised by 督办单 not cleared.
  const streets = [...new Set(units.communities.map((c) => c.streetId))];
  const [hand, ...thresholds] = await Promise.all([
    handColours(db, { taskIds: open.map((t) => t.id) }),
    ...streets.map((id) => thresholdsOfStreet(db, id)),
  ]);
  const thresholdsOf = new Map(streets.map((id, i) => [id, thresholds[i]!]));
  const streetOf = new Map(units.communities.map((c) => [c.id, c.streetId]));
  const overdue: Array<Omit<OverdueTask, "title" | "unitName" | "assigneeName">> = [];
  for (const t of open) {
    const communityId = units.communityOf.get(t.unit_id)!;
    const f = out.get(communityId)!;
    const progress = rolled.get(t.id) ?? t.progress;
    const handColour = hand.get(t.id) ?? null;
    const colour = taskColour(
      { state: t.state, startOn: t.start_on, dueOn: t.due_on, progress },
      period.today,
      thresholdsOf.get(streetOf.get(communityId)!),
      handColour,
    );
    if (colour) f.byColour[colour]++;
    if (handColour) f.supervised++;
    if (isTaskOverdue({ state: t.state, dueOn: t.due_on }, period.today)) {
      f.overdue++;
      overdue.push({
        id: t.id,
        campaignId: t.campaign_id,
        communityId,
        dueOn: t.due_on,
        daysOverdue: daysBetween(t.due_on, period.today),
        state: t.state,
        colour,
      });
    }
  }
  for (const f of out.values()) {
    f.completionPercent = percent(f.byState.done, f.total - f.byState.cancelled);
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.id - b.id);
  const shown = overdue.slice(0, OVERDUE_LIST_MAX);
  const names =
    shown.length === 0
      ? []
      : await db
          .selectFrom("task")
          .innerJoin("org_unit as unit", "unit.id", "task.unit_id")
          .leftJoin("user as assignee", "assignee.id", "task.assignee_user_id")
          .select(["task.id", "task.title", "unit.name as unit_name", "assignee.name as assignee_name"])
          .where(
            "task.id",
            "in",
            shown.map((t) => t.id),
          )
          .execute();
  const nameOf = new Map(names.map((n) => [n.id, n]));
  return {
    figures: out,
    overdueTotal: overdue.length,
    overdue: shown.map((t): OverdueTask => {
      const n = nameOf.get(t.id);
      return {
        ...t,
        title: n?.title ?? "",
        unitName: n?.unit_name ?? "",
        assigneeName: n?.assignee_name ?? null,
      };
    }),
  };
}

export interface ProblemFigures {
  /** reported in the month */
  opened: number;
  /** 办结 in the month */
  closed: number;
  /** of those, 办结 by the end of their deadline day */
  closedOnTime: number;
  /** 按期办结率, one decimal; null when none was closed */
  onTimePercent: number | null;
  /** open (整改中, 待复查) and past the deadline, today */
  overdue: number;
  /** median days from report to 办结 of those closed in the month, one decimal; null for none */
  medianDaysToClose: number | null;
  months: Array<{ month: string; opened: number; closed: number }>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Problems per 社区: opened and closed per month, the month's on-time share and median, overdue today. */
export async function problemFigures(db: Db, communityIds: readonly number[], period: Period) {
  const out = new Map<number, ProblemFigures>();
  for (const id of communityIds) {
    out.set(id, {
      opened: 0,
      closed: 0,
      closedOnTime: 0,
      onTimePercent: null,
      overdue: 0,
      medianDaysToClose: null,
      months: period.months.map((month) => ({ month, opened: 0, closed: 0 })),
    });
  }
  if (communityIds.length === 0) return out;
  const from = chinaMonthStart(period.months[0]!);
  const until = chinaMonthStart(nextMonth(period.month));
  const monthFrom = chinaMonthStart(period.month);
  const ids = [...communityIds];
  const [opened, closed, onTime, durations, overdue] = await Promise.all([
    db
      .selectFrom("problem")
      .select([
        "community_id",
        monthBucket(sql.ref("created_at"), period.months).as("bucket"),
        (eb) => eb.fn.countAll<number | string>().as("n"),
      ])
      .where("community_id", "in", ids)
      .where("created_at", ">=", from)
      .where("created_at", "<", until)
      .groupBy(["community_id", "bucket"])
      .execute(),
    db
      .selectFrom("problem")
      .select([
        "community_id",
        monthBucket(sql.ref("closed_at"), period.months).as("bucket"),
        (eb) => eb.fn.countAll<number | string>().as("n"),
      ])
      .where("community_id", "in", ids)
      .where("state", "=", "closed")
      .where("closed_at", ">=", from)
      .where("closed_at", "<", until)
      .groupBy(["community_id", "bucket"])
      .execute(),
    db
      .selectFrom("problem")
      .select((eb) => ["community_id", closedOnTimeCount(eb).as("n")])
      .where("community_id", "in", ids)
      .where("state", "=", "closed")
      .where("closed_at", ">=", monthFrom)
      .where("closed_at", "<", until)
      .groupBy("community_id")
      .execute(),
    db
      .selectFrom("problem")
      .select(["community_id", "created_at", "closed_at"])
      .where("community_id", "in", ids)
      .where("state", "=", "closed")
      .where("closed_at", ">=", monthFrom)
      .where("closed_at", "<", until)
      .execute(),
    db
      .selectFrom("problem_deadline_tally")
      .select(["community_id", (eb) => eb.fn.sum<number | string | null>("n").as("n")])
      .where("community_id", "in", ids)
      .where("deadline", "<", period.today)
      .groupBy("community_id")
      .execute(),
  ]);
  const last = period.months.length - 1;
  for (const r of opened) {
    const f = out.get(r.community_id)!;
    f.months[Number(r.bucket)]!.opened += Number(r.n);
    if (Number(r.bucket) === last) f.opened += Number(r.n);
  }
  for (const r of closed) {
    const f = out.get(r.community_id)!;
    f.months[Number(r.bucket)]!.closed += Number(r.n);
    if (Number(r.bucket) === last) f.closed += Number(r.n);
  }
  for (const r of onTime) out.get(r.community_id)!.closedOnTime = Number(r.n ?? 0);
  for (const r of overdue) out.get(r.community_id)!.overdue = Number(r.n ?? 0);
  const days = new Map<number, number[]>();
  for (const r of durations) {
    const list = days.get(r.community_id) ?? days.set(r.community_id, []).get(r.community_id)!;
    list.push((Date.parse(r.closed_at!) - Date.parse(r.created_at)) / 86_400_000);
  }
  for (const [id, f] of out) {
    f.onTimePercent = percent(f.closedOnTime, f.closed);
    const m = median(days.get(id) ?? []);
    f.medianDaysToClose = m === null ? null : Math.round(m * 10) / 10;
  }
  return out;
}

export interface VolunteerFigures {
  registered: number;
  population: number | null;
  /** registered / 常住人口, two decimals; null without a population */
  ratioPercent: number | null;
  targetPercent: number;
  reached: boolean;
}

/** Registered volunteers per 社区 against 常住人口 and the 社区's target (community_setting), as ratio-service.ts. */
export async function volunteerFigures(db: Db, units: UnitMap) {
  const ids = units.communities.map((c) => c.id);
  const out = new Map<number, VolunteerFigures>();
  if (ids.length === 0) return out;
  const [counts, settings] = await Promise.all([
    db
      .selectFrom("volunteer")
      .select(["community_id", (eb) => eb.fn.countAll<number | string>().as("n")])
      .where("community_id", "in", ids)
      .where("status", "=", "registered")
      .groupBy("community_id")
      .execute(),
    db
      .selectFrom("community_setting")
      .select(["community_id", "volunteer_target_permille"])
      .where("community_id", "in", ids)
      .execute(),
  ]);
  const count = new Map(counts.map((r) => [r.community_id, Number(r.n)]));
  const target = new Map(settings.map((r) => [r.community_id, r.volunteer_target_permille]));
  for (const c of units.communities) {
    const registered = count.get(c.id) ?? 0;
    const permille = target.get(c.id) ?? DEFAULT_TARGET_PERMILLE;
    const ratio =
      c.population && c.population > 0 ? Math.round((registered / c.population) * 10000) / 100 : null;
    out.set(c.id, {
      registered,
      population: c.population,
      ratioPercent: ratio,
      targetPercent: permille / 10,
      reached: ratio !== null && ratio * 10 >= permille,
    });
  }
  return out;
}

export interface ActivityFigures {
  months: Array<{ month: string; activities: number; hours: number }>;
  /** 道德讲堂 of the month asked for */
  lectures: { held: number; planned: number; target: number };
}

/**
 * Published activities and confirmed 志愿时长 per month (by the activity's start), and the month's 道德讲堂:
 * held (ended by now) and planned (all of the month), against the 社区's monthly duty rule for them.
 */
export async function activityFigures(db: Db, communityIds: readonly number[], period: Period) {
  const out = new Map<number, ActivityFigures>();
  for (const id of communityIds) {
    out.set(id, {
      months: period.months.map((month) => ({ month, activities: 0, hours: 0 })),
      lectures: { held: 0, planned: 0, target: DEFAULT_LECTURES_PER_MONTH },
    });
  }
  if (communityIds.length === 0) return out;
  const ids = [...communityIds];
  const from = chinaMonthStart(period.months[0]!);
  const until = chinaMonthStart(nextMonth(period.month));
  const monthFrom = chinaMonthStart(period.month);
  const nowIso = period.now.toISOString();
  const [activities, minutes, lectures, rules] = await Promise.all([
    db
      .selectFrom("activity")
      .select([
        "community_id",
        monthBucket(sql.ref("starts_at"), period.months).as("bucket"),
        (eb) => eb.fn.countAll<number | string>().as("n"),
      ])
      .where("community_id", "in", ids)
      .where("status", "=", "published")
      .where("starts_at", ">=", from)
      .where("starts_at", "<", until)
      .groupBy(["community_id", "bucket"])
      .execute(),
    db
      .selectFrom("activity_signup")
      .innerJoin("activity", "activity.id", "activity_signup.activity_id")
      .select([
        "activity.community_id",
        monthBucket(sql.ref("activity.starts_at"), period.months).as("bucket"),
        (eb) => eb.fn.sum<number | string | null>("activity_signup.confirmed_minutes").as("minutes"),
      ])
      .where("activity.community_id", "in", ids)
      .where("activity.status", "=", "published")
      .where("activity.starts_at", ">=", from)
      .where("activity.starts_at", "<", until)
      .where("activity_signup.status", "=", "signed")
      .where("activity_signup.hours_status", "=", "confirmed")
      .groupBy(["activity.community_id", "bucket"])
      .execute(),
    db
      .selectFrom("activity")
      .select([
        "community_id",
        (eb) => eb.fn.countAll<number | string>().as("planned"),
        (eb) =>
          eb.fn
            .sum<number | string | null>(eb.case().when("ends_at", "<=", nowIso).then(1).else(0).end())
            .as("held"),
      ])
      .where("community_id", "in", ids)
      .where("status", "=", "published")
      .where("kind", "=", "moral_lecture")
      .where("starts_at", ">=", monthFrom)
      .where("starts_at", "<", until)
      .groupBy("community_id")
      .execute(),
    db
      .selectFrom("duty_rule")
      .select(["community_id", "times"])
      .where("community_id", "in", ids)
      .where("archived_at", "is", null)
      .where("done_by", "=", "activity")
      .where("activity_kind", "=", "moral_lecture")
      .where("cadence", "=", "month")
      .execute(),
  ]);
  for (const r of activities) out.get(r.community_id)!.months[Number(r.bucket)]!.activities += Number(r.n);
  for (const r of minutes) {
    out.get(r.community_id)!.months[Number(r.bucket)]!.hours += Number(r.minutes ?? 0) / 60;
  }
  for (const f of out.values()) for (const m of f.months) m.hours = Math.round(m.hours * 10) / 10;
  for (const r of lectures) {
    const f = out.get(r.community_id)!;
    f.lectures.planned = Number(r.planned);
    f.lectures.held = Number(r.held ?? 0);
  }
  for (const r of rules) out.get(r.community_id)!.lectures.target = r.times;
  return out;
}

export interface ReadinessTally {
  items: number;
  complete: number;
  partial: number;
  missing: number;
  /** share of items 齐全, whole percent; null for no items */
  readyPercent: number | null;
}

export interface ReadinessFigures extends ReadinessTally {
  campaign: { id: number; name: string } | null;
  projects: Array<ReadinessTally & { project: string }>;
}

function tally(list: ReadonlyArray<{ readiness: { readiness: string } }>): ReadinessTally {
  const n = (r: string) => list.filter((i) => i.readiness.readiness === r).length;
  const complete = n("complete");
  return {
    items: list.length,
    complete,
    partial: n("partial"),
    missing: n("missing"),
    readyPercent: list.length === 0 ? null : Math.round((complete / list.length) * 100),
  };
}

/**
 * Checklist readiness per 社区 for its current campaign (the latest-starting one not ended with a copy
 * for the 社区), per 测评项目: campaign-readiness.ts's itemsReadiness, once per campaign for all its 社区.
 */
export async function readinessFigures(db: Db, communityIds: readonly number[], now: Date) {
  const out = new Map<number, ReadinessFigures>();
  const empty = (): ReadinessFigures => ({
    campaign: null,
    items: 0,
    complete: 0,
    partial: 0,
    missing: 0,
    readyPercent: null,
    projects: [],
  });
  for (const id of communityIds) out.set(id, empty());
  if (communityIds.length === 0) return out;
  const copies = await db
    .selectFrom("campaign_item")
    .innerJoin("campaign", "campaign.id", "campaign_item.campaign_id")
    .select(["campaign_item.community_id", "campaign.id", "campaign.period_start"])
    .distinct()
    .where("campaign_item.community_id", "in", [...communityIds])
    .where("campaign_item.archived_at", "is", null)
    .where("campaign.stage", "!=", "ended")
    .execute();
  const current = new Map<number, { id: number; start: string }>();
  for (const c of copies) {
    const had = current.get(c.community_id);
    if (!had || c.period_start > had.start || (c.period_start === had.start && c.id > had.id)) {
      current.set(c.community_id, { id: c.id, start: c.period_start });
    }
  }
  const byCampaign = new Map<number, number[]>();
  for (const [community, c] of current) {
    const list = byCampaign.get(c.id) ?? byCampaign.set(c.id, []).get(c.id)!;
    list.push(community);
  }
  if (byCampaign.size === 0) return out;
  const campaigns: Campaign[] = await db
    .selectFrom("campaign")
    .selectAll()
    .where("id", "in", [...byCampaign.keys()])
    .execute();
  await Promise.all(
    campaigns.map(async (campaign) => {
      const items = await itemsReadiness(db, campaign, byCampaign.get(campaign.id)!, now);
      for (const community of byCampaign.get(campaign.id)!) {
        const mine = items.filter((i) => i.community_id === community);
        const projects = [...new Set(mine.map((i) => i.project))];
        out.set(community, {
          campaign: { id: campaign.id, name: campaign.name },
          ...tally(mine),
          projects: projects.map((project) => ({
            project,
            ...tally(mine.filter((i) => i.project === project)),
          })),
        });
      }
    }),
  );
  return out;
}
