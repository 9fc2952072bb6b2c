import { sql } from "kysely";
import type { Db } from "../db/open-database.js";
import type { ActivityKind } from "../db/database.js";

// Published activities per 社区, kind and China month, for the measured targets (campaign-measures.ts):
// whole months from activity_month_tally (kept by triggers), the part months at the ends of a period
// from the rows.

/** Adds `by` to the count under `key`. */
export const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** The China month (YYYY-MM) of an ISO instant: UTC+8 all year (no daylight saving), without Intl per row. */
export function chinaMonthOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 7);
}

/**
 * The hours (YYYY-MM-DDTHH, UTC) activities started at, one list per 社区 and kind: aggregated in the
 * order of activity_community_kind_start_idx, a string per group, where grouping by month would sort
 * every activity and answer a row per month (17 ms against 3 for a street's 10,000 in the bench).
 * string_agg is in both databases (SQLite since 3.44); instants are ISO UTC text, as everywhere.
 */
const startHours = sql<string>`string_agg(substr(starts_at, 1, 13), ',')`;

/**
 * The China month (UTC+8) of a UTC hour YYYY-MM-DDTHH: its UTC month, but from 16:00 on a month's last
 * day, the next month (00:00 on the 1st in China). Settled by chinaMonthOf only from 16:00 on the 28th.
 */
export const monthOfHour = (hour: string) =>
  hour.slice(11, 13) >= "16" && hour.slice(8, 10) >= "28"
    ? chinaMonthOf(`${hour}:00:00.000Z`)
    : hour.slice(0, 7);

/** The instant (ISO UTC) a China month YYYY-MM starts: 00:00 on its 1st, UTC+8. */
const chinaMonthStart = (month: string) => new Date(`${month}-01T00:00:00+08:00`).toISOString();
const nextMonth = (month: string) =>
  chinaMonthOf(new Date(Date.parse(chinaMonthStart(month)) + 32 * 86_400_000).toISOString());

/** Published activities of a 社区 and kind in one China month. */
export interface ActivityMonth {
  community_id: number;
  kind: ActivityKind;
  month: string;
  n: number;
}

/** "YYYY-MM n" pairs of a 社区 and kind from activity_month_tally, one string per group (as startHours). */
const monthCounts = sql<string>`string_agg(month || ' ' || n, ',')`;

/**
 * Published activities per 社区, kind and China month from `from` until `until`. The months wholly
 * inside come from activity_month_tally (kept by triggers, migration 2026-12-12T0000: a row per month
 * where the activities are 10,000 rows for a street over 5 years); the part months at either end (a
 * period from the 15th, the month in progress up to now) from the activities themselves.
 */
export async function activityMonths(
  db: Db,
  communities: number[],
  kinds: ActivityKind[],
  from: string,
  until: string,
): Promise<ActivityMonth[]> {
  const out: ActivityMonth[] = [];
  const rowsIn = async (start: string, stop: string) => {
    if (start >= stop) return;
    const rows = await db
      .selectFrom("activity")
      .select(["community_id", "kind", startHours.as("hours")])
      .where("community_id", "in", communities)
      .where("kind", "in", kinds)
      .where("status", "=", "published")
      .where("starts_at", ">=", start)
      .where("starts_at", "<", stop)
      .groupBy(["community_id", "kind"])
      .execute();
    for (const r of rows) {
      const months = new Map<string, number>();
      // Months as people in China count them: an activity at 07:00 on the 1st is of that month.
      for (const hour of r.hours.split(",")) bump(months, monthOfHour(hour));
      for (const [month, n] of months) out.push({ community_id: r.community_id, kind: r.kind, month, n });
    }
  };
  const fromMonth = chinaMonthOf(from);
  const first = chinaMonthStart(fromMonth) === from ? fromMonth : nextMonth(fromMonth);
  const end = chinaMonthOf(until); // the first month not wholly before `until`
  if (first >= end) {
    await rowsIn(from, until);
    return out;
  }
  const tallied = async () => {
    const rows = await db
      .selectFrom("activity_month_tally")
      .select(["community_id", "kind", monthCounts.as("months")])
      .where("community_id", "in", communities)
      .where("kind", "in", kinds)
      .where("month", ">=", first)
      .where("month", "<", end)
      .groupBy(["community_id", "kind"])
      .execute();
    for (const r of rows) {
      for (const pair of r.months.split(",")) {
        out.push({
          community_id: r.community_id,
          kind: r.kind,
          month: pair.slice(0, 7),
          n: Number(pair.slice(8)),
        });
      }
    }
  };
  await Promise.all([rowsIn(from, chinaMonthStart(first)), tallied(), rowsIn(chinaMonthStart(end), until)]);
  return out;
}
