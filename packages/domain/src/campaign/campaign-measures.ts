import { sql, type SelectQueryBuilder } from "kysely";
import type { Db } from "../db/open-database.js";
import type { Campaign, Database } from "../db/database.js";
import { ACTIVITY_KIND_LABELS } from "../activity/rules.js";
import { OPEN_STATES } from "../problem/rules.js";
import { closedLateCondition } from "../problem/problem-counts.js";
import { DEFAULT_TARGET_PERMILLE } from "../volunteer/rules.js";
import { chinaToday } from "../time.js";
import { periodInstants } from "./campaign-links.js";
import { activityMonths, bump } from "./activity-months.js";
import { EVIDENCE_KIND_LABELS, type Measure, type MeasureOutcome } from "./rules.js";
import {
  onTimeOutcome,
  periodicOutcome,
  periodSoFar,
  periodText,
  quarterOf,
  volunteerShareOutcome,
  type PeriodSoFar,
} from "./measure-rules.js";

// The measured targets of a campaign's items, from the system's own data for the campaign's period up
// to today: read once for every copy asked (a street's 30 社区 at once), one query per kind of data,
// never per item, then judged per item by the pure rules in rules.ts.

export interface MeasuredItem {
  id: number;
  community_id: number;
  content: string;
  measure: Measure | null;
}

export interface MeasureData {
  period: PeriodSoFar;
  /** 社区 → activity kind → China month → activities held */
  activities: Map<number, Map<string, Map<string, number>>>;
  /** 社区 → months with a published 黑白榜 edition */
  editions: Map<number, Set<string>>;
  /** 社区 → problems due so far and those closed by their deadline */
  problems: Map<number, { due: number; onTime: number }>;
  /** 社区 → registered volunteers, 常住人口 and target */
  volunteers: Map<number, { registered: number; population: number | null; targetPermille: number }>;
  /** item → quarter → evidence of the measured kind dated in it */
  quarters: Map<number, Map<string, number>>;
}

type ClosedQuery = SelectQueryBuilder<Database, "problem", { community_id: number }>;

function inner<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/**
 * Problems closed late (closedLateCondition) from `from` until `until`, per 社区: counted from the
 * partial index problem_closed_late_idx, which holds only those.
 */
export function closedLateCounts(db: Db, communities: number[], from: string, until: string) {
  return db
    .selectFrom("problem")
    .select(["community_id", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("community_id", "in", communities)
    .where("state", "=", "closed")
    .where("closed_at", ">=", from)
    .where("closed_at", "<", until)
    .where(closedLateCondition)
    .groupBy("community_id");
}

/** Most problems closed outside a period counted to subtract them (see closedCounts). */
export const OUTSIDE_CAP = 20_000;

/**
 * Problems closed from `from` until `until`, per 社区. A campaign's period holds most of the problems a
 * street has (195,000 over 5 years in the bench): counting them one index entry at a time is most of
 * the answer. Then the count is all closed problems (problem_state_tally, kept by triggers) less those
 * closed outside the period (before it, after it, or with no time), which are few; read up to `cap`
 * of them, and when there are more (a short period in a long history) count the period's instead.
 */
export async function closedCounts(
  db: Db,
  communities: number[],
  from: string,
  until: string,
  cap = OUTSIDE_CAP,
): Promise<Map<number, number>> {
  const outsideOf = (where: (q: ClosedQuery) => ClosedQuery) =>
    db
      .selectFrom((qb) =>
        where(
          qb
            .selectFrom("problem")
            .select("community_id")
            .where("community_id", "in", communities)
            .where("state", "=", "closed"),
        )
          .limit(cap + 1)
          .as("outside"),
      )
      .select(["community_id", (eb) => eb.fn.countAll<number | string>().as("n")])
      .groupBy("community_id")
      .execute();
  const [all, ...outside] = await Promise.all([
    db
      .selectFrom("problem_state_tally")
      .select(["community_id", (eb) => eb.fn.sum<number | string>("n").as("n")])
      .where("community_id", "in", communities)
      .where("state", "=", "closed")
      .groupBy("community_id")
      .execute(),
    outsideOf((q) => q.where("closed_at", "<", from)),
    outsideOf((q) => q.where("closed_at", ">=", until)),
    outsideOf((q) => q.where("closed_at", "is", null)),
  ]);
  const counts = new Map<number, number>();
  if (outside.every((rows) => rows.reduce((n, r) => n + Number(r.n), 0) <= cap)) {
    for (const r of all) counts.set(r.community_id, Number(r.n));
    for (const r of outside.flat())
      counts.set(r.community_id, (counts.get(r.community_id) ?? 0) - Number(r.n));
    return counts;
  }
  const rows = await db
    .selectFrom("problem")
    .select(["community_id", (eb) => eb.fn.countAll<number | string>().as("n")])
    .where("community_id", "in", communities)
    .where("state", "=", "closed")
    .where("closed_at", ">=", from)
    .where("closed_at", "<", until)
    .groupBy("community_id")
    .execute();
  for (const r of rows) counts.set(r.community_id, Number(r.n));
  return counts;
}

export async function loadMeasureData(
  db: Db,
  campaign: Pick<Campaign, "period_start" | "period_end">,
  communityIds: readonly number[],
  items: readonly MeasuredItem[],
  now: Date,
): Promise<MeasureData> {
  const today = chinaToday(now);
  const period = periodSoFar(campaign.period_start, campaign.period_end, today);
  const data: MeasureData = {
    period,
    activities: new Map(),
    editions: new Map(),
    problems: new Map(),
    volunteers: new Map(),
    quarters: new Map(),
  };
  const measures = items.flatMap((i) => (i.measure ? [i.measure] : []));
  const wants = (kind: Measure["kind"]) => measures.some((m) => m.kind === kind);
  if (!period.started || communityIds.length === 0 || measures.length === 0) return data;
  const communities = [...communityIds];
  const { from, until } = periodInstants(campaign, now);
  const lastDay = today < campaign.period_end ? today : campaign.period_end;

  const tasks: Array<Promise<void>> = [];
  const kinds = [
    ...new Set(measures.flatMap((m) => (m.kind === "activities_per_month" ? [m.activityKind] : []))),
  ];
  if (kinds.length > 0) {
    tasks.push(
      activityMonths(db, communities, kinds, from, until).then((rows) => {
        for (const r of rows) {
          const byKind = inner(data.activities, r.community_id, () => new Map<string, Map<string, number>>());
          bump(
            inner(byKind, r.kind, () => new Map<string, number>()),
            r.month,
            r.n,
          );
        }
      }),
    );
  }
  if (wants("board_monthly")) {
    tasks.push(
      db
        .selectFrom("board_edition")
        // A string of months per 社区: 30 rows where the editions of 5 years are 1,650.
        .select(["community_id", sql<string>`string_agg(month, ',')`.as("months")])
        .where("community_id", "in", communities)
        .where("published_at", "is not", null)
        .where("published_at", "<", now.toISOString())
        .where("month", ">=", campaign.period_start.slice(0, 7))
        .where("month", "<=", lastDay.slice(0, 7))
        .groupBy("community_id")
        .execute()
        .then((rows) => {
          for (const r of rows) data.editions.set(r.community_id, new Set(r.months.split(",")));
        }),
    );
  }
  if (wants("problems_on_time")) {
    // Due so far: closed in the period (on time when by the end of its deadline day), and
    // still open past a deadline that fell in the period (late, not yet closed).
    const entry = (id: number) => inner(data.problems, id, () => ({ due: 0, onTime: 0 }));
    // On time = closed in the period − closed late: counting the late ones from their partial index
    // (problem_closed_late_idx) spares computing the deadline test for every problem closed.
    tasks.push(
      Promise.all([
        closedCounts(db, communities, from, until),
        closedLateCounts(db, communities, from, until).execute(),
      ]).then(([closed, late]) => {
        for (const [community, n] of closed) {
          if (n === 0) continue;
          entry(community).due += n;
          entry(community).onTime += n;
        }
        for (const r of late) entry(r.community_id).onTime -= Number(r.n);
      }),
      db
        .selectFrom("problem")
        .select(["community_id", (eb) => eb.fn.countAll<number | string>().as("n")])
        .where("community_id", "in", communities)
        .where("state", "in", [...OPEN_STATES])
        .where("deadline", ">=", campaign.period_start)
        .where("deadline", "<", today)
        .where("deadline", "<=", campaign.period_end)
        .groupBy("community_id")
        .execute()
        .then((rows) => {
          for (const r of rows) entry(r.community_id).due += Number(r.n);
        }),
    );
  }
  if (wants("volunteer_share")) {
    tasks.push(
      Promise.all([
        db
          .selectFrom("volunteer")
          .select(["community_id", (eb) => eb.fn.countAll<number | string>().as("n")])
          .where("community_id", "in", communities)
          .where("status", "=", "registered")
          .groupBy("community_id")
          .execute(),
        db
          .selectFrom("org_unit")
          .leftJoin("community_setting", "community_setting.community_id", "org_unit.id")
          .select(["org_unit.id", "org_unit.population", "community_setting.volunteer_target_permille"])
          .where("org_unit.id", "in", communities)
          .execute(),
      ]).then(([counts, units]) => {
        const registered = new Map(counts.map((c) => [c.community_id, Number(c.n)]));
        for (const u of units) {
          data.volunteers.set(u.id, {
            registered: registered.get(u.id) ?? 0,
            population: u.population,
            targetPermille: u.volunteer_target_permille ?? DEFAULT_TARGET_PERMILLE,
          });
        }
      }),
    );
  }
  const quarterly = items.filter((i) => i.measure?.kind === "evidence_per_quarter");
  if (quarterly.length > 0) {
    const measured = new Map(quarterly.map((i) => [i.id, i.measure]));
    tasks.push(
      db
        .selectFrom("campaign_evidence")
        .select(["item_id", "kind", "evidence_date"])
        .where(
          "item_id",
          "in",
          quarterly.map((i) => i.id),
        )
        .where("kind", "in", [
          ...new Set(
            quarterly.flatMap((i) =>
              i.measure?.kind === "evidence_per_quarter" ? [i.measure.evidenceKind] : [],
            ),
          ),
        ])
        .where("evidence_date", ">=", campaign.period_start)
        .where("evidence_date", "<=", lastDay)
        .execute()
        .then((rows) => {
          for (const r of rows) {
            const m = measured.get(r.item_id);
            if (m?.kind !== "evidence_per_quarter" || m.evidenceKind !== r.kind) continue;
            bump(
              inner(data.quarters, r.item_id, () => new Map<string, number>()),
              quarterOf(r.evidence_date),
            );
          }
        }),
    );
  }
  await Promise.all(tasks);
  return data;
}

/** The outcome of an item's target, or null for an item without one. */
export function measureOutcome(item: MeasuredItem, data: MeasureData): MeasureOutcome | null {
  const m = item.measure;
  if (!m) return null;
  const { period } = data;
  const when = (p: string) => periodText(p, period.withYear);
  switch (m.kind) {
    case "activities_per_month":
      return periodicOutcome({
        label: ACTIVITY_KIND_LABELS[m.activityKind],
        periods: period.months,
        current: period.currentMonth,
        counts: data.activities.get(item.community_id)?.get(m.activityKind) ?? new Map(),
        need: m.perMonth,
        short: (p, n) => `${when(p)} ${n === 0 ? "未举办" : `仅${n}次`}`,
        met: (months) => `${months}个月 每月均≥${m.perMonth}次`,
        started: period.started,
      });
    case "board_monthly": {
      const months = data.editions.get(item.community_id) ?? new Set<string>();
      return periodicOutcome({
        label: "红黑榜",
        periods: period.months,
        current: period.currentMonth,
        counts: new Map([...months].map((month) => [month, 1])),
        need: 1,
        short: (p) => `${when(p)} 未发布`,
        met: (n) => `${n}个月 每月均已发布`,
        started: period.started,
      });
    }
    case "evidence_per_quarter":
      return periodicOutcome({
        label: item.content,
        periods: period.quarters,
        current: period.currentQuarter,
        counts: data.quarters.get(item.id) ?? new Map(),
        need: 1,
        short: (p) => `${when(p)} 无${EVIDENCE_KIND_LABELS[m.evidenceKind]}`,
        met: (n) => `${n}个季度 每季度均有${EVIDENCE_KIND_LABELS[m.evidenceKind]}`,
        started: period.started,
      });
    case "problems_on_time": {
      if (!period.started) return { state: "unmeasurable", text: "按期办结率 创城活动尚未开始" };
      const p = data.problems.get(item.community_id) ?? { due: 0, onTime: 0 };
      return onTimeOutcome(p.onTime, p.due, m.share);
    }
    case "volunteer_share": {
      const v = data.volunteers.get(item.community_id);
      if (!period.started || !v) return { state: "unmeasurable", text: "注册志愿者比例 创城活动尚未开始" };
      return volunteerShareOutcome(v.registered, v.population, v.targetPermille);
    }
  }
}
