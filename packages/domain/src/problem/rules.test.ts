import { describe, expect, it } from "vitest";
import { InvalidTransitionError } from "../errors.js";
import { ROLES, roleHas } from "../auth/rules.js";
import {
  OPEN_STATES,
  PROBLEM_ACTIONS,
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_DEFAULTS,
  PROBLEM_STATES,
  addDays,
  canMove,
  closedOnTime,
  deadlineEndsAt,
  deadlineError,
  defaultDeadline,
  isCalendarDate,
  isOverdue,
  onTimeRate,
  problemNextActions,
  problemTransition,
  ratingOutcome,
  timeLimitError,
  type ProblemAction,
  type ProblemState,
} from "./rules.js";

describe("the transition table", () => {
  const allowed: Array<[ProblemState, ProblemAction, ProblemState]> = [
    ["pending", "dispatch", "rectifying"],
    ["pending", "reject", "rejected"],
    ["rectifying", "reassign", "rectifying"],
    ["rectifying", "submit", "reviewing"],
    ["reviewing", "approve", "closed"],
    ["reviewing", "return", "rectifying"],
    ["closed", "reopen", "reviewing"],
  ];

  it.each(allowed)("%s --%s--> %s", (from, action, to) => {
    expect(problemTransition(from, action)).toBe(to);
    expect(canMove(from, action)).toBe(true);
  });

  it("refuses every other move with a typed error in Chinese", () => {
    const ok = new Set(allowed.map(([from, action]) => `${from}:${action}`));
    let refused = 0;
    for (const from of PROBLEM_STATES) {
      for (const action of PROBLEM_ACTIONS) {
        if (ok.has(`${from}:${action}`)) continue;
        expect(canMove(from, action)).toBe(false);
        expect(() => problemTransition(from, action)).toThrow(InvalidTransitionError);
        refused++;
      }
    }
    expect(refused).toBe(PROBLEM_STATES.length * PROBLEM_ACTIONS.length - allowed.length);
    expect(() => problemTransition("closed", "dispatch")).toThrow("该问题当前为“已办结”，不能派遣");
    expect(() => problemTransition("rejected", "submit")).toThrow("该问题当前为“不予受理”，不能整改上报");
  });

  it("reopens on the first 不满意 only", () => {
    expect(ratingOutcome("unsatisfied", false)).toBe("reopen");
    expect(ratingOutcome("unsatisfied", true)).toBe("keep");
    expect(ratingOutcome("satisfied", false)).toBe("keep");
    expect(ratingOutcome("basically_satisfied", false)).toBe("keep");
  });
});

describe("problemNextActions", () => {
  const viewer = (o: Partial<{ userId: number; manages: boolean; handles: boolean }> = {}) => ({
    userId: 1,
    manages: false,
    handles: false,
    ...o,
  });

  it("offers 派遣 and 不予受理 to those who manage a 待受理 problem", () => {
    expect(
      problemNextActions(
        { state: "pending", assigneeUserId: null },
        viewer({ manages: true, handles: true }),
      ),
    ).toEqual(["dispatch", "reject"]);
    expect(problemNextActions({ state: "pending", assigneeUserId: null }, viewer({ handles: true }))).toEqual(
      [],
    );
  });

  it("offers 整改上报 to the 责任人 alone, and 改派 to those who manage", () => {
    expect(problemNextActions({ state: "rectifying", assigneeUserId: 1 }, viewer({ handles: true }))).toEqual(
      ["submit"],
    );
    expect(problemNextActions({ state: "rectifying", assigneeUserId: 2 }, viewer({ handles: true }))).toEqual(
      [],
    );
    expect(
      problemNextActions(
        { state: "rectifying", assigneeUserId: 1 },
        viewer({ manages: true, handles: true }),
      ),
    ).toEqual(["submit", "reassign"]);
  });

  it("offers 复查 to anyone who handles it but the 责任人", () => {
    expect(problemNextActions({ state: "reviewing", assigneeUserId: 2 }, viewer({ handles: true }))).toEqual([
      "approve",
      "return",
    ]);
    expect(
      problemNextActions({ state: "reviewing", assigneeUserId: 1 }, viewer({ manages: true, handles: true })),
    ).toEqual([]);
    expect(problemNextActions({ state: "reviewing", assigneeUserId: 2 }, viewer())).toEqual([]);
  });

  it("offers nothing on a finished problem", () => {
    for (const state of ["closed", "rejected"] as const) {
      expect(
        problemNextActions({ state, assigneeUserId: 1 }, viewer({ manages: true, handles: true })),
      ).toEqual([]);
    }
  });
});

describe("deadlines and overdue (China dates)", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(defaultDeadline("2026-12-04", 15)).toBe("2026-12-19");
  });

  it("knows a calendar date from a string that only looks like one", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2026-02-30")).toBe(false);
    expect(isCalendarDate("2026-2-3")).toBe(false);
    expect(isCalendarDate("2026-12-04T00:00")).toBe(false);
  });

  it("refuses a deadline before today, a year ahead or not a date", () => {
    expect(deadlineError("2026-12-03", "2026-12-04")).toBe("处置时限不能早于今天");
    expect(deadlineError("2026-12-04", "2026-12-04")).toBeNull();
    expect(deadlineError("2028-01-01", "2026-12-04")).toBe("处置时限不能超过一年");
    expect(deadlineError("2026-13-01", "2026-12-04")).toBe("处置时限格式不正确");
  });

  it("counts a problem overdue only while open and after its deadline day", () => {
    expect(isOverdue({ state: "rectifying", deadline: "2026-12-03" }, "2026-12-04")).toBe(true);
    expect(isOverdue({ state: "reviewing", deadline: "2026-12-03" }, "2026-12-04")).toBe(true);
    expect(isOverdue({ state: "rectifying", deadline: "2026-12-04" }, "2026-12-04")).toBe(false);
    for (const state of ["pending", "closed", "rejected"] as const) {
      expect(isOverdue({ state, deadline: "2026-12-01" }, "2026-12-04")).toBe(false);
    }
    expect(isOverdue({ state: "rectifying", deadline: null }, "2026-12-04")).toBe(false);
    expect(OPEN_STATES).toEqual(["rectifying", "reviewing"]);
  });

  it("counts 按期办结 by the end of the deadline day in China (16:00 UTC)", () => {
    expect(deadlineEndsAt("2026-12-04")).toBe("2026-12-04T16:00:00.000Z");
    expect(closedOnTime({ deadline: "2026-12-04", closedAt: "2026-12-04T15:59:59.000Z" })).toBe(true);
    expect(closedOnTime({ deadline: "2026-12-04", closedAt: "2026-12-04T16:00:00.000Z" })).toBe(false);
    expect(onTimeRate(2, 3)).toBe(67);
    expect(onTimeRate(0, 0)).toBeNull();
  });
});

describe("categories", () => {
  it("has a label and a 处置时限 for each built-in category, 暴露垃圾 in a day, 私搭乱建 in 15", () => {
    expect(Object.keys(PROBLEM_CATEGORY_DEFAULTS).sort()).toEqual([...PROBLEM_CATEGORIES].sort());
    expect(PROBLEM_CATEGORY_DEFAULTS.exposed_garbage).toEqual({ label: "暴露垃圾", timeLimitDays: 1 });
    expect(PROBLEM_CATEGORY_DEFAULTS.illegal_construction).toEqual({ label: "私搭乱建", timeLimitDays: 15 });
    expect(Object.values(PROBLEM_CATEGORY_DEFAULTS).map((c) => c.label)).toEqual([
      "暴露垃圾",
      "楼道堆物",
      "乱堆乱放",
      "私搭乱建",
      "乱贴乱画（小广告）",
      "占道经营",
      "毁绿种菜",
      "飞线充电",
      "非机动车乱停",
      "消防通道占用",
      "不文明养犬",
      "公共设施损坏",
      "其他",
    ]);
    for (const c of Object.values(PROBLEM_CATEGORY_DEFAULTS))
      expect(timeLimitError(c.timeLimitDays)).toBeNull();
  });

  it("refuses a 处置时限 outside 1–90 whole days", () => {
    expect(timeLimitError(0)).toBe("处置时限至少1天");
    expect(timeLimitError(91)).toBe("处置时限不能超过90天");
    expect(timeLimitError(1.5)).toBe("处置时限应为整数天");
  });
});

describe("problem permissions by role", () => {
  it("lets grid workers handle problems (巡查, 整改, 复查) and only admins manage them", () => {
    const has = (perm: "problem.handle" | "problem.manage") => ROLES.filter((r) => roleHas(r, perm));
    expect(has("problem.handle")).toEqual(["grid_worker", "community_admin", "street_admin", "system_admin"]);
    expect(has("problem.manage")).toEqual(["community_admin", "street_admin", "system_admin"]);
  });
});
