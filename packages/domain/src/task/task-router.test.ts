import { beforeEach, describe, expect, it } from "vitest";
import { errorShapeOf, makeFileRow, sessionFor, trpcErrorOf } from "../testing/index.js";
import { servableFile } from "../file-access.js";
import { chinaToday } from "../time.js";
import { addDays } from "../problem/rules.js";
import { taskWorld, type TaskWorld } from "./test-fixture.js";

// Tasks through the router: the street splits the campaign's work to its 社区, a 社区 admin splits
// hers to a grid worker, who reports and submits; 验收 by someone else; the parent's bar moves.

let db: TaskWorld["db"], fx: TaskWorld["fx"], campaignId: number, base: TaskWorld["base"];
let splitDown: TaskWorld["splitDown"];
const today = chinaToday();

beforeEach(async () => {
  ({ db, fx, campaignId, base, splitDown } = await taskWorld());
});

describe("a task split down and done", () => {
  it("goes from the grid worker's report through 退回 and 验收, and the parents' bars move", async () => {
    const t = await splitDown({ sibling: true });
    const worker = await fx.as(fx.people.workerA);
    const admin = await fx.as(fx.people.adminA);
    const mine = await worker.task.mine();
    expect(mine.map((m) => m.title)).toEqual(["一号院楼道清理"]);
    let v = mine[0]!.version;
    const photo = await makeFileRow(db, fx.people.workerA);
    ({ version: v } = await worker.task.report({
      id: t.grid,
      version: v,
      note: "清理3个单元的楼道堆物",
      progress: 60,
      photos: [photo],
    }));
    ({ version: v } = await worker.task.submit({ id: t.grid, version: v }));
    // The 责任人 cannot pass their own work.
    const self = await trpcErrorOf(worker.task.accept({ id: t.grid, version: v }));
    expect(self.code).toBe("FORBIDDEN");
    ({ version: v } = await admin.task.return({ id: t.grid, version: v, note: "二单元还有杂物" }));
    ({ version: v } = await worker.task.report({
      id: t.grid,
      version: v,
      note: "二单元已清理",
      progress: 100,
    }));
    ({ version: v } = await worker.task.submit({ id: t.grid, version: v }));
    const before = await admin.task.tree({ campaignId });
    expect(before.tasks.find((x) => x.id === t.community)!.rolledUp).toBe(0);
    await admin.task.accept({ id: t.grid, version: v });
    const tree = await (await fx.as(fx.people.street)).task.tree({ campaignId });
    const bar = (id: number) => tree.tasks.find((x) => x.id === id)!.rolledUp;
    expect([bar(t.grid), bar(t.community), bar(t.other), bar(t.top)]).toEqual([100, 100, 0, 50]);
    const detail = await admin.task.detail({ id: t.grid });
    expect(detail.state).toBe("done");
    expect(detail.steps.map((s) => [s.action, s.by, s.note])).toEqual([
      ["create", "李秀英", "交给 张伟"],
      ["report", "张伟", "清理3个单元的楼道堆物"],
      ["submit", "张伟", ""],
      ["return", "李秀英", "二单元还有杂物"],
      ["report", "张伟", "二单元已清理"],
      ["submit", "张伟", ""],
      ["accept", "李秀英", ""],
    ]);
    expect(detail.steps[1]!.photos.map((p) => p.id)).toEqual([photo]);
    // Seen by whoever sees the task; not by 乙社区's admin.
    const sees = async (userId: number) =>
      (await servableFile(db, await sessionFor(db, userId), photo, "thumb")) !== null;
    expect([
      await sees(fx.people.street),
      await sees(fx.people.adminA),
      await sees(fx.people.adminB),
    ]).toEqual([true, true, false]);
    expect(detail.actions).toEqual([]);
  });

  it("shows each person their part of the tree: the context above and what lies below, not the 乙社区 branch", async () => {
    const t = await splitDown({ sibling: true });
    const ids = async (userId: number) =>
      (await (await fx.as(userId)).task.tree({ campaignId })).tasks.map((x) => x.id);
    expect(await ids(fx.people.street)).toEqual([t.top, t.community, t.grid, t.other]);
    expect(await ids(fx.people.adminA)).toEqual([t.top, t.community, t.grid]);
    expect(await ids(fx.people.workerA)).toEqual([t.top, t.community, t.grid]);
    expect(await ids(fx.people.workerA2)).toEqual([]);
    expect((await trpcErrorOf((await fx.as(fx.people.adminB)).task.detail({ id: t.grid }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcErrorOf((await fx.as(fx.people.resident)).task.mine())).code).toBe("FORBIDDEN");
  });

  it("cancels with a reason, and a cancelled sub-task leaves the roll-up", async () => {
    const t = await splitDown({ sibling: true });
    const street = await fx.as(fx.people.street);
    const other = (await street.task.tree({ campaignId })).tasks.find((x) => x.id === t.other)!;
    const noReason = await trpcErrorOf(street.task.cancel({ id: t.other, version: other.version }));
    expect(errorShapeOf(noReason, "task.cancel").data.fieldErrors).toEqual({ note: ["请填写取消原因"] });
    await street.task.cancel({ id: t.other, version: other.version, note: "乙社区已并入甲社区整治" });
    const admin = await fx.as(fx.people.adminA);
    const grid = await admin.task.detail({ id: t.grid });
    let v = grid.version;
    ({ version: v } = await (await fx.as(fx.people.workerA)).task.submit({ id: t.grid, version: v }));
    await admin.task.accept({ id: t.grid, version: v });
    const tree = await street.task.tree({ campaignId });
    expect(tree.tasks.find((x) => x.id === t.top)!.rolledUp).toBe(100);
    // Nothing happens to a finished task any more.
    const done = await trpcErrorOf(street.task.cancel({ id: t.grid, version: v + 1, note: "撤销" }));
    expect(done.code).toBe("CONFLICT");
  });
});

describe("bad input", () => {
  it("refuses a deadline before the start, a weight below zero, a 责任人 of another unit, by field", async () => {
    const street = await fx.as(fx.people.street);
    const fieldErrors = async (input: Parameters<typeof street.task.create>[0]) =>
      errorShapeOf(await trpcErrorOf(street.task.create(input)), "task.create").data.fieldErrors;
    expect(await fieldErrors({ ...base(), unitId: fx.tree.a.community, dueOn: addDays(today, -1) })).toEqual({
      dueOn: ["时限不能早于开始日期"],
    });
    expect(await fieldErrors({ ...base(), unitId: fx.tree.a.community, weight: -1 })).toEqual({
      weight: ["权重不能小于0"],
    });
    expect(
      await fieldErrors({ ...base(), unitId: fx.tree.a.community, assigneeUserId: fx.people.workerB }),
    ).toEqual({
      assigneeUserId: ["责任人须是责任单位的工作人员"],
    });
    expect(await fieldErrors({ ...base(), unitId: fx.tree.a.community, title: "" })).toEqual({
      title: ["请填写任务名称"],
    });
    expect(await db.selectFrom("task").select("id").execute()).toEqual([]);
  });

  it("refuses a cycle, a tree deeper than 4, and the second of two moves made at once", async () => {
    const t = await splitDown({ sibling: true });
    const street = await fx.as(fx.people.street);
    const version = async (id: number) => (await street.task.detail({ id })).version;
    const cycle = await trpcErrorOf(
      street.task.move({ id: t.community, parentId: t.grid, version: await version(t.community) }),
    );
    expect(errorShapeOf(cycle, "task.move").data.fieldErrors).toEqual({
      parentId: ["不能移到该任务自身或其下级任务之下"],
    });
    // top(1) → community(2) → grid(3) → a fourth level is allowed, a fifth is not.
    const worker = await (
      await fx.as(fx.people.adminA)
    ).task.create({ ...base(), parentId: t.grid, title: "三单元", unitId: fx.tree.a.grid });
    const fifth = await trpcErrorOf(
      (await fx.as(fx.people.adminA)).task.create({
        ...base(),
        parentId: worker.id,
        title: "三单元三楼",
        unitId: fx.tree.a.grid,
      }),
    );
    expect(errorShapeOf(fifth, "task.create").data.fieldErrors).toEqual({
      parentId: ["任务最多分解到 4 级"],
    });
    // Two people move 乙社区's task at once: the second is refused, nothing half-done.
    const v = await version(t.other);
    const top2 = await street.task.create({ ...base(), title: "宣传氛围", unitId: fx.tree.street });
    await street.task.move({ id: t.other, parentId: top2.id, version: v });
    const second = await trpcErrorOf(street.task.move({ id: t.other, parentId: null, version: v }));
    expect(second.code).toBe("CONFLICT");
    expect((await street.task.detail({ id: t.other })).parentId).toBe(top2.id);
    // A 社区 admin cannot move her task under the street's other top task (not hers to manage).
    const across = await trpcErrorOf(
      (await fx.as(fx.people.adminA)).task.move({
        id: t.grid,
        parentId: t.other,
        version: await version(t.grid),
      }),
    );
    expect(across.code).toBe("FORBIDDEN");
  });

  it("refuses a sub-task of a finished task and a task outside the campaign's scope", async () => {
    const t = await splitDown({ sibling: true });
    const admin = await fx.as(fx.people.adminA);
    const { id: otherCampaign } = await admin.campaign.create({
      name: "甲社区文明社区创建",
      kind: "civilized_community",
      scopeUnitId: fx.tree.a.community,
      periodStart: today,
      periodEnd: addDays(today, 90),
    });
    const outside = await trpcErrorOf(
      (await fx.as(fx.people.street)).task.create({
        ...base(),
        campaignId: otherCampaign,
        unitId: fx.tree.b.community,
      }),
    );
    expect(errorShapeOf(outside, "task.create").data.fieldErrors).toEqual({
      unitId: ["责任单位须在该创城活动的范围内"],
    });
    const wrongParent = await trpcErrorOf(
      admin.task.create({
        ...base(),
        campaignId: otherCampaign,
        parentId: t.community,
        unitId: fx.tree.a.grid,
      }),
    );
    expect(errorShapeOf(wrongParent, "task.create").data.fieldErrors).toEqual({
      parentId: ["上级任务不在该创城活动中"],
    });
  });
});
