import { describe, expect, it } from "vitest";
import {
  daysBetween,
  depthOf,
  heightOf,
  isTaskOverdue,
  rollUp,
  supervisionColour,
  taskActionsFrom,
  taskTransition,
  wouldCycle,
  type TaskNode,
  type TaskState,
} from "./rules.js";

const node = (
  id: number,
  parentId: number | null,
  state: TaskState = "in_progress",
  progress = 0,
  weight: number | null = null,
): TaskNode => ({
  id,
  parentId,
  state,
  progress,
  weight,
});

describe("the transition table", () => {
  it("goes 未开始 → 进行中 → 待验收 → 已完成, with 退回 back to 进行中", () => {
    expect(taskTransition("not_started", "start")).toBe("in_progress");
    expect(taskTransition("not_started", "report")).toBe("in_progress");
    expect(taskTransition("in_progress", "submit")).toBe("pending_acceptance");
    expect(taskTransition("pending_acceptance", "return")).toBe("in_progress");
    expect(taskTransition("pending_acceptance", "accept")).toBe("done");
    expect(taskTransition("in_progress", "cancel")).toBe("cancelled");
  });

  it("refuses what the table does not list, saying the state in Chinese", () => {
    expect(() => taskTransition("in_progress", "accept")).toThrow("任务当前为“进行中”，不能验收通过");
    expect(() => taskTransition("done", "report")).toThrow("任务当前为“已完成”，不能汇报进展");
    expect(() => taskTransition("cancelled", "start")).toThrow("不能开始办理");
    expect(() => taskTransition("pending_acceptance", "report")).toThrow();
    expect(taskActionsFrom("done")).toEqual([]);
    expect(taskActionsFrom("pending_acceptance")).toEqual(["accept", "return", "cancel"]);
  });
});

describe("progress rolled up through the tree", () => {
  it("counts the share of sub-tasks done, equal by default", () => {
    const got = rollUp([
      node(1, null),
      node(2, 1, "done"),
      node(3, 1, "in_progress", 90),
      node(4, 1),
      node(5, 1, "done"),
    ]);
    expect(got.get(1)).toBe(50);
    // A leaf shows its own report; it counts for its parent only once done.
    expect(got.get(3)).toBe(90);
    expect(got.get(2)).toBe(100);
  });

  it("weighs sub-tasks by their weight; all weights zero count as equal; empty weights as 1", () => {
    expect(rollUp([node(1, null), node(2, 1, "done", 0, 3), node(3, 1, "in_progress", 0, 1)]).get(1)).toBe(
      75,
    );
    expect(rollUp([node(1, null), node(2, 1, "done", 0, 0), node(3, 1, "in_progress", 0, 0)]).get(1)).toBe(
      50,
    );
    expect(rollUp([node(1, null), node(2, 1, "done", 0, null), node(3, 1, "in_progress", 0, 2)]).get(1)).toBe(
      33,
    );
    // A weight of zero among others: that sub-task does not count.
    expect(rollUp([node(1, null), node(2, 1, "in_progress", 0, 0), node(3, 1, "done", 0, 1)]).get(1)).toBe(
      100,
    );
  });

  it("leaves cancelled sub-tasks out; a parent whose sub-tasks are all cancelled shows its own", () => {
    expect(rollUp([node(1, null), node(2, 1, "cancelled"), node(3, 1, "done")]).get(1)).toBe(100);
    const all = rollUp([node(1, null, "in_progress", 40), node(2, 1, "cancelled"), node(3, 1, "cancelled")]);
    expect(all.get(1)).toBe(40);
    expect(rollUp([node(1, null, "done"), node(2, 1, "cancelled")]).get(1)).toBe(100);
  });

  it("rolls a deep tree level by level, and follows a sub-task moved to another parent", () => {
    // 1 ─ 2 ─ 3 ─ 4 (done), 3 ─ 5; 1 ─ 6 (done)
    const tree = [node(1, null), node(2, 1), node(3, 2), node(4, 3, "done"), node(5, 3), node(6, 1, "done")];
    const got = rollUp(tree);
    expect([got.get(3), got.get(2), got.get(1)]).toEqual([50, 50, 75]);
    // 5 moves under 6: 3 is all done, and 6 has a sub-task not done.
    const moved = rollUp(tree.map((n) => (n.id === 5 ? { ...n, parentId: 6 } : n)));
    expect([moved.get(3), moved.get(6), moved.get(1)]).toEqual([100, 0, 50]);
    const chain = Array.from({ length: 2000 }, (_, i) =>
      node(i + 1, i === 0 ? null : i, i === 1999 ? "done" : "in_progress"),
    );
    expect(rollUp(chain).get(1)).toBe(100);
  });

  it("does not loop on a cycle in malformed input", () => {
    const got = rollUp([node(1, 2), node(2, 1, "done")]);
    expect(got.size).toBe(2);
  });
});

describe("the shape of the tree", () => {
  const parents = new Map<number, number | null>([
    [1, null],
    [2, 1],
    [3, 2],
    [4, 3],
    [5, 1],
  ]);
  it("finds a cycle: a task moved under itself or its own descendant", () => {
    expect(wouldCycle(parents, 2, 2)).toBe(true);
    expect(wouldCycle(parents, 2, 4)).toBe(true);
    expect(wouldCycle(parents, 2, 5)).toBe(false);
    expect(wouldCycle(parents, 4, 1)).toBe(false);
  });

  it("measures depth and height, for the 4-level limit", () => {
    expect(depthOf(parents, 1)).toBe(1);
    expect(depthOf(parents, 4)).toBe(4);
    expect(heightOf(parents, 2)).toBe(3);
    expect(heightOf(parents, 4)).toBe(1);
    expect(heightOf(parents, 1)).toBe(4);
    // 2 (height 3) under 5 (depth 2) would reach depth 5.
    expect(depthOf(parents, 5) + heightOf(parents, 2)).toBe(5);
  });
});

describe("督办 colours", () => {
  const task = {
    state: "in_progress" as TaskState,
    startOn: "2026-12-01",
    dueOn: "2026-12-20",
    progress: 50,
  };
  it("is blue when due within 3 days, today included; yellow instead when also behind pace", () => {
    const onPace = { ...task, progress: 80 };
    expect(supervisionColour(onPace, "2026-12-16")).toBeNull();
    expect(supervisionColour(onPace, "2026-12-17")).toBe("blue");
    expect(supervisionColour(onPace, "2026-12-20")).toBe("blue");
    // 16 of 19 days gone (84 %) with 50 % done: behind by 34 points.
    expect(supervisionColour(task, "2026-12-17")).toBe("yellow");
  });

  it("is yellow when overdue up to 7 days, red beyond or escalated", () => {
    expect(supervisionColour(task, "2026-12-21")).toBe("yellow");
    expect(supervisionColour(task, "2026-12-27")).toBe("yellow");
    expect(supervisionColour(task, "2026-12-28")).toBe("red");
    expect(supervisionColour({ ...task, escalated: true }, "2026-12-02")).toBe("red");
    expect(isTaskOverdue(task, "2026-12-21")).toBe(true);
    expect(isTaskOverdue(task, "2026-12-20")).toBe(false);
  });

  it("is yellow when progress trails the time gone by more than 30 points", () => {
    // 9 of 19 days gone (47 %): 10 % done is behind, 20 % is not.
    expect(supervisionColour({ ...task, progress: 10 }, "2026-12-10")).toBe("yellow");
    expect(supervisionColour({ ...task, progress: 20 }, "2026-12-10")).toBeNull();
    expect(supervisionColour(task, "2026-12-10", { blueDays: 3, redAfterDays: 7, paceGap: 0 })).toBeNull();
  });

  it("has none for a task done or cancelled, however late", () => {
    expect(supervisionColour({ ...task, state: "done" }, "2027-03-01")).toBeNull();
    expect(supervisionColour({ ...task, state: "cancelled", escalated: true }, "2027-03-01")).toBeNull();
    expect(isTaskOverdue({ ...task, state: "done" }, "2027-03-01")).toBe(false);
  });
});

describe("daysBetween", () => {
  it("counts days across month ends, leap days and centuries as Date.parse does", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2023-02-28", "2023-03-01")).toBe(1);
    expect(daysBetween("2000-02-28", "2000-03-01")).toBe(2);
    expect(daysBetween("2100-02-28", "2100-03-01")).toBe(1);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2027-01-01", "2026-12-02")).toBe(-30);
    expect(daysBetween("1970-01-01", "1970-01-01")).toBe(0);
    // Every day of 1999…2031 against the calendar's own count.
    const start = Date.UTC(1999, 0, 1);
    for (let day = 0; day < 33 * 366; day += 1) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      expect(daysBetween("1999-01-01", date), date).toBe(day);
    }
  });
});

describe("progress rolled up, against the rule written out plainly", () => {
  // The rule as its comment states it, recursively: the reference for random trees.
  function reference(nodes: TaskNode[]): Map<number, number> {
    const kids = (id: number) => nodes.filter((n) => n.parentId === id && n.state !== "cancelled");
    const shareOf = (n: TaskNode): number => {
      const active = kids(n.id);
      if (active.length === 0) return n.state === "done" ? 1 : 0;
      const weights = active.map((c) => Math.max(0, c.weight ?? 1));
      const total = weights.reduce((a, b) => a + b, 0);
      const shares = active.map(shareOf);
      return total === 0
        ? shares.reduce((a, b) => a + b, 0) / active.length
        : shares.reduce((a, s, i) => a + weights[i]! * s, 0) / total;
    };
    return new Map(
      nodes.map((n) => [
        n.id,
        kids(n.id).length === 0
          ? n.state === "done"
            ? 100
            : Math.min(100, Math.max(0, Math.round(n.progress)))
          : Math.round(shareOf(n) * 100),
      ]),
    );
  }

  it("gives the same figure for every task of 2,000 random forests", () => {
    const states = ["not_started", "in_progress", "pending_acceptance", "done", "cancelled"] as const;
    let seed = 13;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let t = 0; t < 2_000; t++) {
      const size = 1 + Math.floor(random() * 30);
      const nodes: TaskNode[] = [];
      for (let i = 1; i <= size; i++) {
        const w = random();
        // Each task under an earlier one (or none, or one not given: a parent above what was read).
        const r = random();
        nodes.push({
          // ids far apart in some forests: the index by id is then a map
          id: t % 2 === 0 ? i : i * 1_000_003,
          parentId:
            r < 0.2 || i === 1
              ? null
              : r < 0.25
                ? -7
                : Math.ceil(random() * (i - 1)) * (t % 2 === 0 ? 1 : 1_000_003),
          state: states[Math.floor(random() * states.length)]!,
          progress: Math.floor(random() * 130) - 10,
          weight: w < 0.3 ? null : w < 0.4 ? 0 : w < 0.5 ? 2.5 : Math.ceil(w * 4),
        });
      }
      const got = rollUp(nodes);
      const want = reference(nodes);
      for (const n of nodes) expect([t, n.id, got.get(n.id)]).toEqual([t, n.id, want.get(n.id)]);
    }
  });
});
