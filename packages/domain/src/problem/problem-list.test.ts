import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorShapeOf, makeProblem, trpcErrorOf } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { addDays } from "./rules.js";
import { problemFixture, type ProblemFixture } from "./test-fixture.js";

// The console's lists: each caller sees the problems of their own units (a grid worker his 网格's 楼院
// and what he is 责任人 of), filtered, counted per state for the tabs, paged newest first.

let fx: ProblemFixture;
beforeEach(async () => {
  fx = await problemFixture();
});
afterEach(() => fx.cleanup());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** A spread of problems: 社区 A's two 网格 and 社区 B, in every state, some overdue. */
async function spread() {
  const { db, tree, courtyard2, people } = fx;
  const today = chinaToday();
  const ids = {
    pendingA: await makeProblem(db, {
      courtyardId: tree.a.courtyard,
      createdAt: daysAgo(1),
      category: "exposed_garbage",
    }),
    overdueA: await makeProblem(db, {
      courtyardId: tree.a.courtyard,
      state: "rectifying",
      assigneeId: people.worker,
      deadline: addDays(today, -2),
      createdAt: daysAgo(10),
    }),
    dueTodayA: await makeProblem(db, {
      courtyardId: tree.a.courtyard,
      state: "rectifying",
      assigneeId: people.worker,
      deadline: today,
      createdAt: daysAgo(3),
      source: "patrol",
    }),
    reviewing2: await makeProblem(db, {
      courtyardId: courtyard2,
      state: "reviewing",
      assigneeId: people.worker2,
      deadline: addDays(today, -1),
      createdAt: daysAgo(5),
    }),
    closed2: await makeProblem(db, {
      courtyardId: courtyard2,
      state: "closed",
      assigneeId: people.worker2,
      deadline: addDays(today, -30),
      createdAt: daysAgo(40),
      closedAt: daysAgo(35),
    }),
    // In the second 网格, but given to the first 网格's grid worker.
    given2: await makeProblem(db, {
      courtyardId: courtyard2,
      state: "rectifying",
      assigneeId: people.worker,
      deadline: addDays(today, 5),
      createdAt: daysAgo(2),
    }),
    rejectedA: await makeProblem(db, {
      courtyardId: tree.a.courtyard,
      state: "rejected",
      createdAt: daysAgo(20),
    }),
    pendingB: await makeProblem(db, { courtyardId: tree.b.courtyard, createdAt: daysAgo(1) }),
  };
  return ids;
}

describe("problem.list", () => {
  it("gives an admin the 社区's problems newest first, with counts per state and overdue for the tabs", async () => {
    const ids = await spread();
    const admin = await fx.as(fx.people.admin);
    const all = await admin.problem.list({});
    expect(all.items.map((p) => p.id)).toEqual([
      ids.pendingA,
      ids.given2,
      ids.dueTodayA,
      ids.reviewing2,
      ids.overdueA,
      ids.rejectedA,
      ids.closed2,
    ]);
    expect(all.total).toBe(7);
    expect(all.counts).toEqual({
      pending: 1,
      rectifying: 3,
      reviewing: 1,
      closed: 1,
      rejected: 1,
      overdue: 2,
      all: 7,
    });
    expect(all.items.find((p) => p.id === ids.overdueA)).toMatchObject({
      overdue: true,
      assigneeName: "张伟",
      gridName: "甲社区第一网格",
      categoryLabel: "楼道堆物",
    });
    expect(all.items.find((p) => p.id === ids.dueTodayA)!.overdue).toBe(false);

    // Each filter narrows the list; the tabs count across states within the other filters.
    const overdue = await admin.problem.list({ overdue: true });
    expect(overdue.items.map((p) => p.id)).toEqual([ids.reviewing2, ids.overdueA]);
    expect(overdue.counts.all).toBe(7);
    const rectifying = await admin.problem.list({ state: "rectifying", gridId: fx.tree.a.grid });
    expect(rectifying.items.map((p) => p.id)).toEqual([ids.dueTodayA, ids.overdueA]);
    expect(rectifying.counts).toMatchObject({ pending: 1, rectifying: 2, reviewing: 0, all: 4 });
    expect((await admin.problem.list({ courtyardId: fx.courtyard2 })).items.map((p) => p.id)).toEqual([
      ids.given2,
      ids.reviewing2,
      ids.closed2,
    ]);
    expect((await admin.problem.list({ category: "exposed_garbage" })).items.map((p) => p.id)).toEqual([
      ids.pendingA,
    ]);
    expect((await admin.problem.list({ source: "patrol" })).items.map((p) => p.id)).toEqual([ids.dueTodayA]);
    expect((await admin.problem.list({ assigneeId: fx.people.worker2 })).items.map((p) => p.id)).toEqual([
      ids.reviewing2,
      ids.closed2,
    ]);
    // 发现时间 from / to as China dates, both days included.
    const window = await admin.problem.list({
      from: chinaToday(new Date(daysAgo(5))),
      to: chinaToday(new Date(daysAgo(2))),
    });
    expect(window.items.map((p) => p.id)).toEqual([ids.given2, ids.dueTodayA, ids.reviewing2]);

    // Server paging.
    const page2 = await admin.problem.list({ page: 2, pageSize: 3 });
    expect(page2.items.map((p) => p.id)).toEqual([ids.reviewing2, ids.overdueA, ids.rejectedA]);
    expect(page2.total).toBe(7);
  });

  it("gives a grid worker his 网格's 楼院 and what he is 责任人 of; a street admin both 社区", async () => {
    const ids = await spread();
    const worker = await fx.as(fx.people.worker);
    expect((await worker.problem.list({})).items.map((p) => p.id)).toEqual([
      ids.pendingA,
      ids.given2,
      ids.dueTodayA,
      ids.overdueA,
      ids.rejectedA,
    ]);
    const worker2 = await fx.as(fx.people.worker2);
    // given2 lies in his 网格 though it was given to someone else.
    expect((await worker2.problem.list({})).items.map((p) => p.id)).toEqual([
      ids.given2,
      ids.reviewing2,
      ids.closed2,
    ]);
    const street = await fx.as(fx.people.street);
    expect((await street.problem.list({})).total).toBe(8);
    expect((await street.problem.list({ communityId: fx.tree.b.community })).items.map((p) => p.id)).toEqual([
      ids.pendingB,
    ]);
    // Another 社区's problem: forbidden to open, absent from lists.
    const adminB = await fx.as(fx.people.adminB);
    expect((await adminB.problem.list({})).items.map((p) => p.id)).toEqual([ids.pendingB]);
    expect((await trpcErrorOf(adminB.problem.detail({ id: ids.pendingA }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(worker2.problem.detail({ id: ids.pendingA }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(worker2.problem.detail({ id: 999_999 }))).code).toBe("NOT_FOUND");
  });
});

describe("我的待办 and the 复查 queue", () => {
  it("lists what the caller is 责任人 of, 整改中 first by deadline, and the 待复查 others rectified", async () => {
    const ids = await spread();
    const worker = await fx.as(fx.people.worker);
    expect((await worker.problem.todo({})).items.map((p) => p.id)).toEqual([
      ids.overdueA,
      ids.dueTodayA,
      ids.given2,
    ]);
    const worker2 = await fx.as(fx.people.worker2);
    expect((await worker2.problem.todo({})).items.map((p) => [p.id, p.state])).toEqual([
      [ids.reviewing2, "reviewing"],
    ]);
    expect((await worker2.problem.todo({ state: "rectifying" })).items).toEqual([]);
    // worker2 rectified reviewing2: not his to 复查; the admin's.
    expect((await worker2.problem.reviewQueue({})).items).toEqual([]);
    expect((await (await fx.as(fx.people.admin)).problem.reviewQueue({})).items.map((p) => p.id)).toEqual([
      ids.reviewing2,
    ]);
    // worker's 网格 has nothing 待复查.
    expect((await worker.problem.reviewQueue({})).items).toEqual([]);
  });
});

describe("problem.assignees", () => {
  it("lists the 社区's grid workers and admins, the 楼院's own 网格 first; refused for another 社区", async () => {
    const admin = await fx.as(fx.people.admin);
    const list = await admin.problem.assignees({
      communityId: fx.tree.a.community,
      courtyardId: fx.courtyard2,
    });
    expect(list.map((a) => [a.name, a.role, a.unitName, a.inGrid])).toEqual([
      ["王强", "grid_worker", "甲社区第二网格", true],
      ["张伟", "grid_worker", "甲社区第一网格", false],
      ["李秀英", "community_admin", "甲社区", false],
      ["周敏", "community_admin", "甲社区", false],
    ]);
    expect((await trpcErrorOf(admin.problem.assignees({ communityId: fx.tree.b.community }))).code).toBe(
      "FORBIDDEN",
    );
  });
});

describe("category settings", () => {
  it("lets a 社区 rename, re-time and switch off its categories; the next 派遣 takes the new 处置时限", async () => {
    const admin = await fx.as(fx.people.admin);
    const settings = await admin.problem.setCategory({
      communityId: fx.tree.a.community,
      code: "corridor_clutter",
      label: "楼道堆物（含电动车）",
      timeLimitDays: 5,
      enabled: true,
    });
    expect(settings.find((c) => c.code === "corridor_clutter")).toEqual({
      code: "corridor_clutter",
      label: "楼道堆物（含电动车）",
      timeLimitDays: 5,
      enabled: true,
      defaultLabel: "楼道堆物",
      defaultTimeLimitDays: 3,
    });
    const id = await fx.reported();
    expect((await admin.problem.dispatch({ id, assigneeId: fx.people.worker })).deadline).toBe(
      addDays(chinaToday(), 5),
    );
    expect((await admin.problem.detail({ id })).categoryLabel).toBe("楼道堆物（含电动车）");
    // 社区 B keeps the defaults.
    expect(
      (
        await (await fx.as(fx.people.adminB)).problem.categorySettings({ communityId: fx.tree.b.community })
      ).find((c) => c.code === "corridor_clutter"),
    ).toMatchObject({ label: "楼道堆物", timeLimitDays: 3 });

    // Switched off: gone from the forms, still listed in the settings; names stay unique.
    await admin.problem.setCategory({
      communityId: fx.tree.a.community,
      code: "other",
      label: "其他",
      timeLimitDays: 5,
      enabled: false,
    });
    expect((await (await fx.as(fx.people.resident)).problem.categories({})).map((c) => c.code)).not.toContain(
      "other",
    );
    expect(
      (await admin.problem.categorySettings({ communityId: fx.tree.a.community })).find(
        (c) => c.code === "other",
      )!.enabled,
    ).toBe(false);
    const clash = await trpcErrorOf(
      admin.problem.setCategory({
        communityId: fx.tree.a.community,
        code: "other",
        label: "暴露垃圾",
        timeLimitDays: 5,
        enabled: true,
      }),
    );
    expect([clash.code, clash.message]).toEqual(["BAD_REQUEST", "已有名为“暴露垃圾”的问题类别"]);
    const tooLong = await trpcErrorOf(
      admin.problem.setCategory({
        communityId: fx.tree.a.community,
        code: "other",
        label: "其他",
        timeLimitDays: 120,
        enabled: true,
      }),
    );
    expect(errorShapeOf(tooLong, "problem.setCategory").message).toBe("处置时限不能超过90天");
  });
});

describe("problems and the organisation tree", () => {
  it("keep their 楼院 from removal, and follow it when its 网格 moves to another 社区", async () => {
    const { tree, people, courtyard2 } = fx;
    const id = await makeProblem(fx.db, { courtyardId: courtyard2 });
    const street = await fx.as(people.street);
    const removal = await trpcErrorOf(street.org.remove({ id: courtyard2 }));
    expect([removal.code, removal.message]).toEqual(["CONFLICT", "该楼院有1条问题记录，不能删除"]);
    await street.org.move({ id: fx.grid2, parentId: tree.b.community });
    expect((await (await fx.as(people.admin)).problem.list({})).items.map((p) => p.id)).not.toContain(id);
    expect((await (await fx.as(people.adminB)).problem.list({})).items.map((p) => p.id)).toEqual([id]);
    expect((await (await fx.as(people.adminB)).problem.detail({ id })).communityName).toBe("乙社区");
  });
});
