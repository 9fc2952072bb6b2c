import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { makeProblem } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { moveProblemsToCommunity } from "./problem-units.js";
import { addDays, OPEN_STATES, type ProblemCategory, type ProblemState } from "./rules.js";
import { problemFixture, type ProblemFixture } from "./test-fixture.js";

// The tabs' counts come from tallies kept by triggers (migration 2026-12-05T0000). Whatever changes
// a problem (a procedure, a move of its 网格, a raw update, a delete), the tallies must say what the
// rows say; and a list counted from them must show what one counted from the rows shows.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

/** What the tallies hold, and what they should hold counted from the rows, in the same shape. */
async function talliesAndRows() {
  const { db } = fx;
  const sortKey = (r: { key: string }) => r.key;
  const stateTally = (await db.selectFrom("problem_state_tally").selectAll().execute())
    .map((r) => ({ key: `${r.community_id} ${r.category} ${r.state}`, n: Number(r.n) }))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const stateRows = (
    await db
      .selectFrom("problem")
      .select(["community_id", "category", "state", (eb) => eb.fn.countAll<number | string>().as("n")])
      .groupBy(["community_id", "category", "state"])
      .execute()
  )
    .map((r) => ({ key: `${r.community_id} ${r.category} ${r.state}`, n: Number(r.n) }))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const deadlineTally = (await db.selectFrom("problem_deadline_tally").selectAll().execute())
    .map((r) => ({ key: `${r.community_id} ${r.deadline}`, n: Number(r.n) }))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const deadlineRows = (
    await db
      .selectFrom("problem")
      .select(["community_id", "deadline", (eb) => eb.fn.countAll<number | string>().as("n")])
      .where("state", "in", [...OPEN_STATES])
      .where("deadline", "is not", null)
      .groupBy(["community_id", "deadline"])
      .execute()
  )
    .map((r) => ({ key: `${r.community_id} ${r.deadline}`, n: Number(r.n) }))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  return {
    tallies: { stateTally, deadlineTally },
    rows: { stateTally: stateRows, deadlineTally: deadlineRows },
  };
}

async function expectTalliesMatchRows() {
  const { tallies, rows } = await talliesAndRows();
  expect(tallies).toEqual(rows);
}

describe("the problem tallies", () => {
  it("follow every insert, update and delete of a problem, and drop the rows that reach 0", async () => {
    const { db, tree, courtyard2, people } = fx;
    const today = chinaToday();
    const categories: ProblemCategory[] = ["corridor_clutter", "exposed_garbage", "posters_graffiti"];
    const states: ProblemState[] = ["pending", "rectifying", "reviewing", "closed", "rejected"];
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const state = states[i % states.length]!;
      const open = state === "rectifying" || state === "reviewing";
      ids.push(
        await makeProblem(db, {
          courtyardId: [tree.a.courtyard, courtyard2, tree.b.courtyard][i % 3]!,
          state,
          category: categories[i % categories.length]!,
          assigneeId: state === "pending" || state === "rejected" ? null : people.worker,
          deadline: open || state === "closed" ? addDays(today, (i % 7) - 3) : null,
        }),
      );
    }
    await expectTalliesMatchRows();
    expect((await talliesAndRows()).tallies.deadlineTally.length).toBeGreaterThan(0);

    // State moves (into and out of the open states), a new deadline, a new category.
    await db.updateTable("problem").set({ state: "reviewing" }).where("state", "=", "rectifying").execute();
    await db.updateTable("problem").set({ state: "closed" }).where("id", "in", ids.slice(0, 8)).execute();
    await db
      .updateTable("problem")
      .set({ deadline: addDays(today, -10) })
      .where("id", "in", ids.slice(8, 16))
      .execute();
    await db.updateTable("problem").set({ category: "other" }).where("id", "in", ids.slice(16, 20)).execute();
    // An update that changes none of the counted columns' values.
    await db
      .updateTable("problem")
      .set({ state: sql`state` })
      .execute();
    await expectTalliesMatchRows();

    // The second 网格's 楼院 move to 社区 B, with their problems; then some problems are deleted.
    await moveProblemsToCommunity(db, [courtyard2], tree.b.community);
    await db.deleteFrom("problem_step").where("problem_id", "in", ids.slice(20, 25)).execute();
    await db.deleteFrom("problem").where("id", "in", ids.slice(20, 25)).execute();
    await expectTalliesMatchRows();

    // Every problem gone: nothing left in the tallies, not even rows of 0.
    await db.deleteFrom("problem_step").execute();
    await db.deleteFrom("problem").execute();
    expect(await db.selectFrom("problem_state_tally").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("problem_deadline_tally").selectAll().execute()).toEqual([]);
  });

  it("keep step with the procedures: a problem reported, dispatched, rectified, reviewed, refused", async () => {
    const { as, people, reported } = fx;
    const admin = await as(people.admin);
    const first = await reported();
    const second = await reported({ category: "exposed_garbage" });
    const third = await reported();
    await expectTalliesMatchRows();
    const d1 = await admin.problem.dispatch({ id: first, version: 1, assigneeId: people.worker });
    await admin.problem.dispatch({ id: second, version: 1, assigneeId: people.worker });
    await admin.problem.reject({ id: third, version: 1, reason: "untrue", note: "现场查看无杂物" });
    const worker = await as(people.worker);
    const s1 = await worker.problem.submit({
      id: first,
      version: d1.version,
      note: "已清理",
      photos: [await fx.photo(people.worker)],
    });
    await expectTalliesMatchRows();
    await admin.problem.review({ id: first, version: s1.version, decision: "approve" });
    await expectTalliesMatchRows();
  });
});

describe("the tabs' counts", () => {
  it("are the same from the tallies as from the rows, for every reach and filter the tallies serve", async () => {
    const { db, tree, courtyard2, people, as } = fx;
    const today = chinaToday();
    const spec: Array<[number, ProblemState, ProblemCategory, number | null]> = [
      [tree.a.courtyard, "pending", "corridor_clutter", null],
      [tree.a.courtyard, "rectifying", "corridor_clutter", -2],
      [tree.a.courtyard, "rectifying", "exposed_garbage", 0],
      [tree.a.courtyard, "reviewing", "exposed_garbage", -1],
      [courtyard2, "rectifying", "corridor_clutter", -5],
      [courtyard2, "closed", "corridor_clutter", -9],
      [courtyard2, "rejected", "other", null],
      [tree.b.courtyard, "rectifying", "corridor_clutter", -3],
      [tree.b.courtyard, "reviewing", "exposed_garbage", 4],
      [tree.b.courtyard, "closed", "exposed_garbage", -1],
    ];
    for (const [courtyardId, state, category, days] of spec) {
      await makeProblem(db, {
        courtyardId,
        state,
        category,
        assigneeId: days === null ? null : people.worker,
        deadline: days === null ? null : addDays(today, days),
      });
    }
    // A 发现时间 range that holds every problem: the same filter, but counted from the rows.
    const everything = { from: "2000-01-01" };
    const filters = [
      {},
      { category: "corridor_clutter" as const },
      { communityId: tree.a.community },
      { communityId: tree.a.community, category: "exposed_garbage" as const },
      { communityId: tree.b.community },
      { state: "rectifying" as const },
      { overdue: true },
      { overdue: true, category: "corridor_clutter" as const },
      { state: "rectifying" as const, overdue: true },
    ];
    for (const userId of [people.admin, people.street, people.system, people.adminB]) {
      const caller = await as(userId);
      for (const f of filters) {
        const tallied = await caller.problem.list({ ...f, page: 1, pageSize: 50 });
        const counted = await caller.problem.list({ ...f, ...everything, page: 1, pageSize: 50 });
        expect({ userId, f, counts: tallied.counts, total: tallied.total }).toEqual({
          userId,
          f,
          counts: counted.counts,
          total: counted.total,
        });
        expect(tallied.items.map((i) => i.id)).toEqual(counted.items.map((i) => i.id));
      }
    }
    // The figures themselves, for 社区 A's admin: 4 + 3 problems, 3 of them overdue.
    const a = await (await as(people.admin)).problem.list({ page: 1, pageSize: 50 });
    expect(a.counts).toMatchObject({ all: 7, pending: 1, rectifying: 3, reviewing: 1, overdue: 3 });
    // The street sees both 社区: 2 more overdue in B (deadline 3 days ago); B's admin only B's.
    const street = await (await as(people.street)).problem.list({ page: 1, pageSize: 50 });
    expect(street.counts).toMatchObject({ all: 10, overdue: 4 });
    const b = await (
      await as(people.adminB)
    ).problem.list({ communityId: tree.a.community, page: 1, pageSize: 50 });
    expect(b.counts.all).toBe(0);
  });
});
