import { sql, type ExpressionBuilder, type SelectQueryBuilder } from "kysely";
import type { Db } from "../db/open-database.js";
import type { Database } from "../db/database.js";
import type { ProblemScope } from "./problem-scope.js";
import { OPEN_STATES, PROBLEM_STATES, type ProblemCategory, type ProblemState } from "./rules.js";

// The console's tabs: how many problems match the filters in each state, how many are overdue, and
// how many in all. Counted from the rows, a street's tabs read 200,000 index entries; the tallies
// (problem_state_tally, problem_deadline_tally, kept by triggers: migration 2026-12-05T0000) answer
// from a few hundred rows whenever the filters are ones they hold: a 社区 and a category.

export type StateCounts = Record<ProblemState | "overdue" | "all", number>;

export type ProblemQuery = SelectQueryBuilder<Database, "problem", object>;

/** Open (整改中, 待复查) and past its deadline, a China date: what the console marks 逾期. */
export const overdueCondition = (today: string) => (eb: ExpressionBuilder<Database, "problem">) =>
  eb.and([eb("problem.state", "in", [...OPEN_STATES]), eb("problem.deadline", "<", today)]);

/**
 * How many of the selected problems were closed by the end of their deadline day (按期办结): a deadline
 * day ends at 16:00 UTC, 00:00 the next day in China (deadlineEndsAt in rules.ts). Portable SQL.
 */
export const closedOnTimeCount = (eb: ExpressionBuilder<Database, "problem">) =>
  eb.fn.sum<number | string | null>(
    eb
      .case()
      .when(
        sql<boolean>`(${eb.ref("problem.closed_at")} < (${eb.ref("problem.deadline")} || 'T16:00:00.000Z'))`,
      )
      .then(1)
      .else(0)
      .end(),
  );

/**
 * Closed (办结) but not by the end of the deadline day, or without a deadline: the complement of
 * closedOnTimeCount among closed problems. Written exactly as the partial index problem_closed_late_idx
 * (migration 2026-12-10T0000) is, so that both databases count from that index: a planner uses a
 * partial index only for a query that repeats its condition.
 */
export const closedLateCondition = (eb: ExpressionBuilder<Database, "problem">) =>
  eb.and([
    eb("problem.state", "=", sql.lit<ProblemState>("closed")),
    sql<boolean>`(${eb.ref("problem.deadline")} is null or ${eb.ref("problem.closed_at")} >= ${eb.ref("problem.deadline")} || 'T16:00:00.000Z')`,
  ]);

function emptyCounts(): StateCounts {
  return Object.fromEntries([...PROBLEM_STATES, "overdue", "all"].map((s) => [s, 0])) as StateCounts;
}

function fill(counts: StateCounts, rows: ReadonlyArray<{ state: ProblemState; n: number | string | null }>) {
  for (const r of rows) {
    counts[r.state] = Number(r.n ?? 0);
    counts.all += Number(r.n ?? 0);
  }
  return counts;
}

/** The counts read from the rows that `base` (all filters but state and overdue) selects. */
export async function liveCounts(base: ProblemQuery, today: string): Promise<StateCounts> {
  const [rows, overdue] = await Promise.all([
    base
      .select(["problem.state", (eb) => eb.fn.countAll<number | string>().as("n")])
      .groupBy("problem.state")
      .execute(),
    base
      .where(overdueCondition(today))
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const counts = fill(emptyCounts(), rows);
  counts.overdue = Number(overdue.n);
  return counts;
}

/** The reach the tallies can count: whole 社区 (a grid worker's is single 楼院, plus what they were given). */
export type TalliedScope = "all" | { communities: number[]; courtyards: [] };

export interface TalliedFilter {
  communityId?: number | undefined;
  category?: ProblemCategory | undefined;
}

/** Whether the tallies can count for this reach and these filters: narrowed by nothing but a 社区 and a category. */
export function tallied(scope: ProblemScope, narrowing: Record<string, unknown>): scope is TalliedScope {
  if (scope !== "all" && scope.courtyards.length > 0) return false;
  return Object.entries(narrowing).every(
    ([key, value]) => value === undefined || key === "communityId" || key === "category",
  );
}

/**
 * The counts from the tallies. The overdue count of one category is read from the rows (the
 * deadline tally has no category), from the index that leads with 社区, category and state.
 */
export async function talliedCounts(
  db: Db,
  scope: TalliedScope,
  f: TalliedFilter,
  today: string,
  /** the rows of the same reach and filters, for the overdue count of a category */
  base: ProblemQuery,
): Promise<StateCounts> {
  // The 社区 counted: the filter's if within reach, else all within reach (null: every 社区).
  let communities = scope === "all" ? null : scope.communities;
  if (f.communityId) {
    communities = communities === null || communities.includes(f.communityId) ? [f.communityId] : [];
  }
  if (communities !== null && communities.length === 0) return emptyCounts();
  const within = communities;
  const category = f.category;
  const [rows, overdue] = await Promise.all([
    db
      .selectFrom("problem_state_tally")
      .$if(within !== null, (q) => q.where("community_id", "in", within!))
      .$if(category !== undefined, (q) => q.where("category", "=", category!))
      .select(["state", (eb) => eb.fn.sum<number | string | null>("n").as("n")])
      .groupBy("state")
      .execute(),
    category
      ? base
          .where(overdueCondition(today))
          .select((eb) => eb.fn.countAll<number | string>().as("n"))
          .executeTakeFirstOrThrow()
      : db
          .selectFrom("problem_deadline_tally")
          .$if(within !== null, (q) => q.where("community_id", "in", within!))
          .where("deadline", "<", today)
          .select((eb) => eb.fn.sum<number | string | null>("n").as("n"))
          .executeTakeFirstOrThrow(),
  ]);
  const counts = fill(emptyCounts(), rows);
  counts.overdue = Number(overdue.n ?? 0);
  return counts;
}
