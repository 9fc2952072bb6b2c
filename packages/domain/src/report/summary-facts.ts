import type { Db } from "../db/open-database.js";
import type { ActivityKind } from "../db/database.js";
import { descendantIds } from "../auth/authorize.js";
import { ACTIVITY_KINDS } from "../activity/rules.js";
import { DEFAULT_TARGET_PERMILLE } from "../volunteer/rules.js";
import { STAR_THRESHOLDS } from "../volunteer/star-level.js";
import { DEFAULT_LECTURES_PER_MONTH } from "./dashboard-data.js";

// The facts of a 工作总结 that describe the 社区 and its people: the units, the volunteers, the
// activities, the 道德讲堂 and the 黑白榜 over a period, for one 社区 or all of a 街道's at once
// (each query reads them all). Read-only; counted as the owning features count (registered
// volunteers as ratio-service.ts, confirmed 志愿时长 from the sign-ups as the dashboards).

/** A period as instants: [from, until) in UTC ISO text, and its China dates for the words. */
export interface FactsWindow {
  communityIds: number[];
  /** first China day */
  from: string;
  /** last China day the figures cover (today while the period runs) */
  until: string;
  fromIso: string;
  untilIso: string;
  nowIso: string;
}

export function factsWindow(communityIds: number[], from: string, until: string, now: Date): FactsWindow {
  const dayAfter = new Date(Date.parse(`${until}T00:00:00+08:00`) + 86_400_000).toISOString();
  return {
    communityIds,
    from,
    until,
    fromIso: new Date(`${from}T00:00:00+08:00`).toISOString(),
    untilIso: dayAfter < now.toISOString() ? dayAfter : now.toISOString(),
    nowIso: now.toISOString(),
  };
}

const num = (v: number | string | bigint | null | undefined) => Number(v ?? 0);

export interface UnitFacts {
  communities: Array<{ id: number; name: string; households: number | null; population: number | null }>;
  households: number | null;
  population: number | null;
  grids: number;
  courtyards: number;
  buildings: number;
}

export async function unitFacts(db: Db, w: FactsWindow): Promise<UnitFacts> {
  const ids = await descendantIds(db, w.communityIds);
  const rows = await db
    .selectFrom("org_unit")
    .select(["id", "kind", "name", "households", "population"])
    .where("id", "in", ids)
    .execute();
  const communities = w.communityIds.map((id) => {
    const r = rows.find((u) => u.id === id)!;
    return { id, name: r.name, households: r.households, population: r.population };
  });
  const sumOrNull = (values: Array<number | null>) =>
    values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const count = (kind: string) => rows.filter((r) => r.kind === kind).length;
  return {
    communities,
    households: sumOrNull(communities.map((c) => c.households)),
    population: sumOrNull(communities.map((c) => c.population)),
    grids: count("grid"),
    courtyards: count("courtyard"),
    buildings: count("building"),
  };
}

export interface VolunteerFacts {
  /** registered now (审核通过, not withdrawn) */
  registered: number;
  /** of them, registered within the period */
  newInPeriod: number;
  /** registered / 常住人口, two decimals; null without a population */
  ratioPercent: number | null;
  /** the 社区's target; a street: the strictest of its 社区 */
  targetPercent: number;
  teams: number;
  /** registered volunteers at each star level 1…5 (by all their confirmed hours) */
  stars: number[];
  perCommunity: Array<{
    id: number;
    name: string;
    registered: number;
    ratioPercent: number | null;
    targetPercent: number;
  }>;
}

export async function volunteerFacts(db: Db, w: FactsWindow, units: UnitFacts): Promise<VolunteerFacts> {
  const ids = w.communityIds;
  const [counts, fresh, settings, teams, stars] = await Promise.all([
    db
      .selectFrom("volunteer")
      .select(["community_id", (eb) => eb.fn.countAll<number | string>().as("n")])
      .where("community_id", "in", ids)
      .where("status", "=", "registered")
      .groupBy("community_id")
      .execute(),
    db
      .selectFrom("volunteer")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("community_id", "in", ids)
      .where("status", "=", "registered")
      .where("registered_at", ">=", w.fromIso)
      .where("registered_at", "<", w.untilIso)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("community_setting")
      .select(["community_id", "volunteer_target_permille"])
      .where("community_id", "in", ids)
      .execute(),
    db
      .selectFrom("team")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("community_id", "in", ids)
      .where("archived_at", "is", null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("volunteer")
      .select((eb) =>
        STAR_THRESHOLDS.map((hours, i) =>
          eb.fn
            .sum<number | string | null>(
              eb
                .case()
                .when("confirmed_minutes", ">=", hours * 60)
                .then(1)
                .else(0)
                .end(),
            )
            .as(`s${i + 1}`),
        ),
      )
      .where("community_id", "in", ids)
      .where("status", "=", "registered")
      .executeTakeFirstOrThrow(),
  ]);
  const count = new Map(counts.map((r) => [r.community_id, num(r.n)]));
  const target = new Map(settings.map((r) => [r.community_id, r.volunteer_target_permille / 10]));
  const ratio = (registered: number, population: number | null) =>
    population && population > 0 ? Math.round((registered / population) * 10000) / 100 : null;
  const perCommunity = units.communities.map((c) => ({
    id: c.id,
    name: c.name,
    registered: count.get(c.id) ?? 0,
    ratioPercent: ratio(count.get(c.id) ?? 0, c.population),
    targetPercent: target.get(c.id) ?? DEFAULT_TARGET_PERMILLE / 10,
  }));
  const registered = perCommunity.reduce((a, c) => a + c.registered, 0);
  // At least: a star counts those at that level or above; the document reports each level alone.
  const atLeast = STAR_THRESHOLDS.map((_, i) =>
    num((stars as Record<string, number | string | null>)[`s${i + 1}`]),
  );
  return {
    registered,
    newInPeriod: num(fresh.n),
    ratioPercent: ratio(registered, units.population),
    targetPercent: Math.max(...perCommunity.map((c) => c.targetPercent)),
    teams: num(teams.n),
    stars: atLeast.map((n, i) => n - (atLeast[i + 1] ?? 0)),
    perCommunity,
  };
}

export interface ActivityFacts {
  /** held (ended by now) per kind, in ACTIVITY_KINDS order */
  byKind: Array<{ kind: ActivityKind; held: number; people: number; hours: number }>;
  held: number;
  /** 人次 with confirmed hours */
  people: number;
  hours: number;
  lectures: { held: number; people: number; titles: string[]; perMonth: number; expected: number };
}

export async function activityFacts(db: Db, w: FactsWindow, months: number): Promise<ActivityFacts> {
  const ids = w.communityIds;
  const held = (q: ReturnType<typeof activities>) =>
    q.where("activity.starts_at", ">=", w.fromIso).where("activity.ends_at", "<=", w.untilIso);
  function activities() {
    return db
      .selectFrom("activity")
      .where("activity.community_id", "in", ids)
      .where("activity.status", "=", "published");
  }
  const [counts, signups, lectureTitles, rules] = await Promise.all([
    held(activities())
      .select(["activity.kind", (eb) => eb.fn.countAll<number | string>().as("n")])
      .groupBy("activity.kind")
      .execute(),
    held(activities())
      .innerJoin("activity_signup as s", "s.activity_id", "activity.id")
      .select([
        "activity.kind",
        (eb) => eb.fn.countAll<number | string>().as("people"),
        (eb) => eb.fn.sum<number | string | null>("s.confirmed_minutes").as("minutes"),
      ])
      .where("s.status", "=", "signed")
      .where("s.hours_status", "=", "confirmed")
      .groupBy("activity.kind")
      .execute(),
    held(activities())
      .select(["activity.title"])
      .where("activity.kind", "=", "moral_lecture")
      .orderBy("activity.starts_at")
      .limit(3)
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
  const byKind = ACTIVITY_KINDS.map((kind) => {
    const c = counts.find((r) => r.kind === kind);
    const s = signups.find((r) => r.kind === kind);
    return {
      kind,
      held: num(c?.n),
      people: num(s?.people),
      hours: Math.round((num(s?.minutes) / 60) * 10) / 10,
    };
  });
  const lecture = byKind.find((k) => k.kind === "moral_lecture")!;
  const perMonth = Math.max(
    ...ids.map((id) => rules.find((r) => r.community_id === id)?.times ?? DEFAULT_LECTURES_PER_MONTH),
  );
  return {
    byKind,
    held: byKind.reduce((a, k) => a + k.held, 0),
    people: byKind.reduce((a, k) => a + k.people, 0),
    hours: Math.round(byKind.reduce((a, k) => a + k.hours, 0) * 10) / 10,
    lectures: {
      held: lecture.held,
      people: lecture.people,
      titles: lectureTitles.map((t) => t.title),
      perMonth,
      expected: perMonth * months * ids.length,
    },
  };
}

export interface BoardFacts {
  editions: number;
  white: number;
  black: number;
  /** 黑榜 entries put right (已整改) within the period */
  rectified: number;
}

export async function boardFacts(db: Db, w: FactsWindow): Promise<BoardFacts> {
  const ids = w.communityIds;
  const [editions, entries, rectified] = await Promise.all([
    db
      .selectFrom("board_edition")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("community_id", "in", ids)
      .where("published_at", ">=", w.fromIso)
      .where("published_at", "<", w.untilIso)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("board_entry")
      .select(["kind", (eb) => eb.fn.countAll<number | string>().as("n")])
      .where("community_id", "in", ids)
      .where("approved_at", ">=", w.fromIso)
      .where("approved_at", "<", w.untilIso)
      .where("erased_at", "is", null)
      .groupBy("kind")
      .execute(),
    db
      .selectFrom("board_entry")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("community_id", "in", ids)
      .where("rectified_at", ">=", w.fromIso)
      .where("rectified_at", "<", w.untilIso)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    editions: num(editions.n),
    white: num(entries.find((e) => e.kind === "white")?.n),
    black: num(entries.find((e) => e.kind === "black")?.n),
    rectified: num(rectified.n),
  };
}
