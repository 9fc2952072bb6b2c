import { describe, expect, it } from "vitest";
import type { TaskState } from "@chuangcheng/domain/rules";
import { choicesOf, filterTasks, hasFilter, nestTasks, stepBetween, type FlatTask } from "./task-tree";

const t = (id: number, parentId: number | null, over: Partial<FlatTask> = {}): FlatTask => ({
  id,
  parentId,
  unit: { id: 10, name: "东街社区" },
  assignee: null,
  state: "in_progress",
  colour: null,
  dueOn: "2026-12-20",
  ...over,
});

describe("nestTasks", () => {
  it("nests sub-tasks under their parents in the server's order", () => {
    const roots = nestTasks([t(1, null), t(2, 1), t(4, 2), t(3, 1), t(5, null)]);
    expect(roots.map((r) => r.id)).toEqual([1, 5]);
    expect(roots[0]?.children?.map((c) => c.id)).toEqual([2, 3]);
    expect(roots[0]?.children?.[0]?.children?.map((c) => c.id)).toEqual([4]);
    expect(roots[1]?.children).toBeUndefined();
  });

  it("puts a task whose parent the caller does not see at the top", () => {
    expect(nestTasks([t(7, 3), t(8, 7)]).map((r) => r.id)).toEqual([7]);
  });
});

describe("filterTasks", () => {
  const list = [
    t(1, null, { colour: "red", dueOn: "2026-11-20" }),
    t(2, 1, { state: "done", unit: { id: 11, name: "西关社区" } }),
    t(3, 1, { assignee: { id: 5, name: "张伟" }, colour: "blue", dueOn: "2026-12-04" }),
  ];

  it("keeps the tasks matching every filter", () => {
    expect(filterTasks(list, { colour: "none" }).map((x) => x.id)).toEqual([2]);
    expect(filterTasks(list, { unitId: 10, dueTo: "2026-12-10" }).map((x) => x.id)).toEqual([1, 3]);
    expect(filterTasks(list, { assigneeId: 5, state: "in_progress" }).map((x) => x.id)).toEqual([3]);
    expect(filterTasks(list, { dueFrom: "2026-12-05" }).map((x) => x.id)).toEqual([2]);
  });

  it("knows when no filter is set", () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ state: undefined })).toBe(false);
    expect(hasFilter({ state: "done" })).toBe(true);
  });

  it("offers each unit and person once", () => {
    expect(choicesOf(list)).toEqual({
      units: [
        { value: 10, label: "东街社区" },
        { value: 11, label: "西关社区" },
      ],
      people: [{ value: 5, label: "张伟" }],
    });
  });
});

describe("stepBetween", () => {
  const table: Record<string, Record<string, TaskState>> = {
    not_started: {
      start: "in_progress",
      report: "in_progress",
      submit: "pending_acceptance",
      cancel: "cancelled",
    },
    in_progress: { report: "in_progress", submit: "pending_acceptance", cancel: "cancelled" },
    pending_acceptance: { accept: "done", return: "in_progress", cancel: "cancelled" },
  };
  const transition = (from: TaskState, a: string) => table[from]?.[a] ?? null;

  it("finds the step a drop asks for, among those allowed", () => {
    expect(stepBetween("not_started", "in_progress", ["report", "start", "submit"], transition)).toBe(
      "start",
    );
    expect(stepBetween("pending_acceptance", "in_progress", ["accept", "return"], transition)).toBe("return");
    expect(stepBetween("pending_acceptance", "done", ["accept"], transition)).toBe("accept");
  });

  it("has none when the caller may not take it or the table has no such move", () => {
    expect(stepBetween("pending_acceptance", "done", ["return"], transition)).toBeNull();
    expect(stepBetween("in_progress", "done", ["submit", "cancel"], transition)).toBeNull();
    expect(stepBetween("in_progress", "in_progress", ["report"], transition)).toBeNull();
  });
});
