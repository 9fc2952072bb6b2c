import { CompiledQuery, type Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { dialectOf } from "../db/open-database.js";
import { createTestDb, makeActivity, makeOrgTree, makeProblem } from "../testing/index.js";
import { closedCounts, closedLateCounts, loadMeasureData, type MeasuredItem } from "./campaign-measures.js";
import { chinaMonthOf, monthOfHour } from "./activity-months.js";

// What loadMeasureData counts in SQL (activities per China month, problems closed on time) against the
// same rules computed one row at a time in JS, at the edges: the evening (UTC) of a month's last day is
// the 1st of the next month in China; a problem closed at 00:00 China time after its deadline day is late.
// Runs on SQLite and, with `npm run test:pg`, on PostgreSQL.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
});

const campaign = { period_start: "2026-01-01", period_end: "2028-12-31" };
const now = new Date("2029-01-01T00:00:00.000Z");
const item = (id: number, communityId: number, measure: MeasuredItem["measure"]): MeasuredItem => ({
  id,
  community_id: communityId,
  content: "测评内容",
  measure,
});

describe("activities per China month, read as one list per 社区 and kind", () => {
  // [instant UTC, China month]
  const edges: Array<[string, string]> = [
    ["2026-11-30T16:30:00.000Z", "2026-12"], // 00:30 on 1 December in China
    ["2026-11-30T15:59:59.999Z", "2026-11"], // 23:59 on 30 November
    ["2026-10-30T17:00:00.000Z", "2026-10"], // 31 October in China: October has 31 days
    ["2026-10-31T16:00:00.000Z", "2026-11"],
    ["2026-10-28T20:00:00.000Z", "2026-10"], // a late-evening group that stays in its month
    ["2026-02-28T16:00:00.000Z", "2026-03"], // 2026 is no leap year
    ["2028-02-28T16:00:00.000Z", "2028-02"], // 29 February 2028
    ["2028-02-29T16:00:00.000Z", "2028-03"],
    ["2026-12-31T16:00:00.000Z", "2027-01"], // into the next year
    ["2027-01-01T03:00:00.000Z", "2027-01"],
    ["2027-03-15T01:30:00.000Z", "2027-03"],
  ];

  it("counts each activity in the month people in China hold it, as chinaMonthOf does row by row", async () => {
    for (const [at] of edges) {
      await makeActivity(db, {
        communityId: tree.a.community,
        startsAt: at,
        endsAt: at,
        kind: "moral_lecture",
      });
    }
    // Not counted: another kind, another 社区 (counted there), a cancelled one.
    await makeActivity(db, {
      communityId: tree.a.community,
      startsAt: "2026-11-30T16:30:00.000Z",
      endsAt: "2026-11-30T18:30:00.000Z",
      kind: "culture_sports",
    });
    await makeActivity(db, {
      communityId: tree.b.community,
      startsAt: "2026-11-30T16:30:00.000Z",
      endsAt: "2026-11-30T18:30:00.000Z",
      kind: "moral_lecture",
    });
    const cancelled = await makeActivity(db, {
      communityId: tree.a.community,
      startsAt: "2026-11-30T17:00:00.000Z",
      endsAt: "2026-11-30T18:00:00.000Z",
      kind: "moral_lecture",
    });
    await db.updateTable("activity").set({ status: "cancelled" }).where("id", "=", cancelled).execute();

    const measure = { kind: "activities_per_month", activityKind: "moral_lecture", perMonth: 2 } as const;
    const data = await loadMeasureData(
      db,
      campaign,
      [tree.a.community, tree.b.community],
      [item(1, tree.a.community, measure), item(2, tree.b.community, measure)],
      now,
    );

    const expected = new Map<string, number>();
    for (const [at, month] of edges) {
      expect(chinaMonthOf(at)).toBe(month);
      expected.set(month, (expected.get(month) ?? 0) + 1);
    }
    const counted = data.activities.get(tree.a.community)?.get("moral_lecture");
    expect(Object.fromEntries([...(counted ?? [])].sort())).toEqual(Object.fromEntries([...expected].sort()));
    expect(counted?.get("2026-12")).toBe(1);
    expect(counted?.get("2026-11")).toBe(2);
    expect([...(data.activities.get(tree.b.community)?.get("moral_lecture") ?? [])]).toEqual([
      ["2026-12", 1],
    ]);
    expect(data.activities.get(tree.a.community)?.has("culture_sports")).toBe(false);
  });

  it("takes a UTC hour from 16:00 on a month's last day into the next month", () => {
    expect(monthOfHour("2026-11-30T15")).toBe("2026-11");
    expect(monthOfHour("2026-11-30T16")).toBe("2026-12");
    expect(monthOfHour("2026-11-29T23")).toBe("2026-11");
    expect(monthOfHour("2026-11-28T16")).toBe("2026-11");
    expect(monthOfHour("2028-02-28T16")).toBe("2028-02");
    expect(monthOfHour("2026-02-28T16")).toBe("2026-03");
    expect(monthOfHour("2026-12-31T16")).toBe("2027-01");
    expect(monthOfHour("2026-12-01T00")).toBe("2026-12");
  });
});

describe("problems closed on time, counted in SQL", () => {
  it("counts as late one closed at 00:00 China time after its deadline day, or without a deadline", async () => {
    const yard = tree.a.courtyard;
    const closed = (deadline: string | null, closedAt: string) =>
      makeProblem(db, {
        courtyardId: yard,
        state: "closed",
        deadline,
        closedAt,
        createdAt: "2026-03-01T02:00:00.000Z",
      });
    await closed("2026-03-10", "2026-03-10T15:59:59.999Z"); // 23:59 on the deadline day: on time
    await closed("2026-03-10", "2026-03-10T16:00:00.000Z"); // 00:00 the day after: late
    await closed("2026-03-10", "2026-03-05T08:00:00.000Z"); // on time
    await closed("2026-03-10", "2026-04-01T08:00:00.000Z"); // late
    const noDeadline = await closed("2026-03-10", "2026-03-05T08:00:00.000Z");
    await db.updateTable("problem").set({ deadline: null }).where("id", "=", noDeadline).execute(); // not on time
    await closed("2025-12-20", "2025-12-31T15:00:00.000Z"); // closed before the period: not counted
    // Open past a deadline in the period: due, not on time.
    await makeProblem(db, { courtyardId: yard, state: "rectifying", deadline: "2026-05-01" });
    await makeProblem(db, {
      courtyardId: tree.b.courtyard,
      state: "closed",
      deadline: "2026-03-10",
      closedAt: "2026-03-11T08:00:00.000Z",
    });

    const measure = { kind: "problems_on_time", share: 0.9 } as const;
    const data = await loadMeasureData(
      db,
      campaign,
      [tree.a.community, tree.b.community],
      [item(1, tree.a.community, measure), item(2, tree.b.community, measure)],
      now,
    );
    expect(data.problems.get(tree.a.community)).toEqual({ due: 6, onTime: 2 });
    expect(data.problems.get(tree.b.community)).toEqual({ due: 1, onTime: 0 });
  });

  it("counts those closed in the period from the tally less those outside, or row by row past the cap: the same", async () => {
    const closedAt = (closedAt: string, courtyardId = tree.a.courtyard) =>
      makeProblem(db, { courtyardId, state: "closed", deadline: "2026-03-10", closedAt });
    await closedAt("2025-12-31T15:59:59.999Z"); // before: the period starts 2026-01-01 00:00 in China
    await closedAt("2025-12-31T16:00:00.000Z"); // the first instant of the period
    await closedAt("2026-06-01T08:00:00.000Z");
    await closedAt("2028-12-31T15:59:59.999Z"); // the last instant of the period
    await closedAt("2028-12-31T16:00:00.000Z"); // after
    await closedAt("2026-06-01T08:00:00.000Z", tree.b.courtyard);
    await closedAt("2025-06-01T08:00:00.000Z", tree.b.courtyard);
    const noTime = await closedAt("2026-06-01T08:00:00.000Z");
    await db.updateTable("problem").set({ closed_at: null }).where("id", "=", noTime).execute();
    await makeProblem(db, { courtyardId: tree.a.courtyard, state: "rectifying", deadline: "2026-05-01" });

    const from = "2025-12-31T16:00:00.000Z";
    const until = "2028-12-31T16:00:00.000Z";
    const communities = [tree.a.community, tree.b.community];
    const expected = { [tree.a.community]: 3, [tree.b.community]: 1 };
    // 3 outside in 甲, 1 in 乙: subtracted under a cap of 2, counted row by row under a cap of 1 (2 before the period).
    expect(Object.fromEntries(await closedCounts(db, communities, from, until))).toEqual(expected);
    expect(Object.fromEntries(await closedCounts(db, communities, from, until, 2))).toEqual(expected);
    expect(Object.fromEntries(await closedCounts(db, communities, from, until, 1))).toEqual(expected);
  });

  it("reads the late ones from the partial index problem_closed_late_idx (SQLite's plan)", async () => {
    if (dialectOf(db) !== "sqlite") return;
    const query = closedLateCounts(db, [tree.a.community], "2026-01-01", "2027-01-01").compile();
    const rows = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
    );
    expect(rows.rows.map((r) => r.detail).join("\n")).toContain("problem_closed_late_idx");
  });
});
