import { describe, expect, it } from "vitest";
import { LINK_EVIDENCE_KINDS, linkTypeOf, readinessOf } from "./rules.js";
import {
  monthsBetween,
  onTimeOutcome,
  periodicOutcome,
  periodSoFar,
  periodText,
  quartersBetween,
  volunteerShareOutcome,
} from "./measure-rules.js";

// The pure parts of readiness: periods so far, targets per month or quarter, and records as evidence.

describe("the campaign's period so far", () => {
  it("counts months and quarters across a year end, the current one last", () => {
    expect(monthsBetween("2026-11-15", "2027-02-01")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(quartersBetween("2026-11-15", "2027-04-01")).toEqual(["2026-Q4", "2027-Q1", "2027-Q2"]);
    expect(periodSoFar("2026-11-01", "2027-10-31", "2027-01-20")).toMatchObject({
      started: true,
      months: ["2026-11", "2026-12", "2027-01"],
      currentMonth: "2027-01",
      currentQuarter: "2027-Q1",
      withYear: true,
    });
    // Ended: nothing in progress; not started: nothing at all.
    expect(periodSoFar("2027-01-01", "2027-03-31", "2027-06-01")).toMatchObject({
      months: ["2027-01", "2027-02", "2027-03"],
      currentMonth: null,
      withYear: false,
    });
    expect(periodSoFar("2027-01-01", "2027-03-31", "2026-12-31")).toMatchObject({
      started: false,
      months: [],
    });
    expect(periodText("2026-11", false)).toBe("11月");
    expect(periodText("2026-11", true)).toBe("2026年11月");
    expect(periodText("2027-Q2", false)).toBe("第2季度");
  });
});

describe("a target every month", () => {
  const lectures = (counts: Record<string, number>, current: string | null = "2027-04") =>
    periodicOutcome({
      label: "道德讲堂",
      periods: ["2027-01", "2027-02", "2027-03", "2027-04"],
      current,
      counts: new Map(Object.entries(counts)),
      need: 2,
      short: (p, n) => `${periodText(p, false)} ${n === 0 ? "未举办" : `仅${n}次`}`,
      met: (n) => `${n}个月 每月均≥2次`,
      started: true,
    });

  it("judges the months ended, and the one in progress only once it is reached", () => {
    expect(lectures({ "2027-01": 2, "2027-02": 3, "2027-03": 2, "2027-04": 0 })).toEqual({
      state: "met",
      text: "道德讲堂 3个月 每月均≥2次",
    });
    expect(lectures({ "2027-01": 2, "2027-02": 3, "2027-03": 2, "2027-04": 2 }).text).toBe(
      "道德讲堂 4个月 每月均≥2次",
    );
    expect(lectures({ "2027-01": 2, "2027-03": 1 })).toEqual({
      state: "unmet",
      text: "道德讲堂 2月 未举办、3月 仅1次",
      progress: true,
    });
    // The period over: the last month is judged like the others.
    expect(lectures({ "2027-01": 2, "2027-02": 2, "2027-03": 2, "2027-04": 1 }, null).text).toBe(
      "道德讲堂 4月 仅1次",
    );
  });

  it("cannot be judged before the first month is over, nor before the period starts", () => {
    const first = periodicOutcome({
      label: "道德讲堂",
      periods: ["2027-01"],
      current: "2027-01",
      counts: new Map([["2027-01", 1]]),
      need: 2,
      short: (p, n) => `${periodText(p, false)} 已${n}次`,
      met: () => "",
      started: true,
    });
    expect(first).toEqual({ state: "unmeasurable", text: "道德讲堂 首期尚未结束（1月 已1次）" });
    expect(
      periodicOutcome({
        label: "红黑榜",
        periods: [],
        current: null,
        counts: new Map(),
        need: 1,
        short: () => "",
        met: () => "",
        started: false,
      }),
    ).toEqual({ state: "unmeasurable", text: "红黑榜 创城活动尚未开始" });
  });
});

describe("targets from the 社区's figures", () => {
  it("measures registered volunteers against the 社区's own target", () => {
    expect(volunteerShareOutcome(330, 3000, 100)).toEqual({
      state: "met",
      text: "注册志愿者比例 11%（目标 10%）",
    });
    expect(volunteerShareOutcome(150, 3000, 100)).toEqual({
      state: "unmet",
      text: "注册志愿者比例 5%，未达目标 10%",
      progress: true,
    });
    expect(volunteerShareOutcome(10, null, 100).state).toBe("unmeasurable");
  });

  it("measures problems closed by their deadline among those due", () => {
    expect(onTimeOutcome(9, 10, 0.9)).toEqual({ state: "met", text: "按期办结率 90%（目标 90%）" });
    expect(onTimeOutcome(0, 3, 0.9)).toEqual({
      state: "unmet",
      text: "按期办结率 0%（0/3），未达 90%",
      progress: false,
    });
    expect(onTimeOutcome(0, 0, 0.9).state).toBe("unmeasurable");
  });
});

describe("records as evidence", () => {
  it("maps each record to the kinds it counts as, and each target to the records it proposes", () => {
    expect(LINK_EVIDENCE_KINDS).toEqual({
      activity: ["record", "photo"],
      board_edition: ["record"],
      problem: ["photo", "record"],
    });
    expect(linkTypeOf({ kind: "activities_per_month", activityKind: "moral_lecture", perMonth: 2 })).toBe(
      "activity",
    );
    expect(linkTypeOf({ kind: "board_monthly" })).toBe("board_edition");
    expect(linkTypeOf({ kind: "problems_on_time", share: 0.9 })).toBe("problem");
    expect(linkTypeOf({ kind: "volunteer_share" })).toBeNull();
    expect(linkTypeOf(null)).toBeNull();
  });

  it("reads an unmet target with part of it done as 部分, and one with nothing as 缺失", () => {
    const unmet = (progress: boolean) => ({ state: "unmet" as const, text: "道德讲堂 3月 仅1次", progress });
    expect(readinessOf(["plan"], new Set(), unmet(true)).readiness).toBe("partial");
    expect(readinessOf(["plan"], new Set(), unmet(false)).readiness).toBe("missing");
  });
});
