import { describe, expect, it } from "vitest";
import {
  cadenceOf,
  dutyProgressText,
  dutyRuleText,
  dutyState,
  periodDays,
  periodOf,
  previousPeriod,
  viewPeriods,
} from "./duty-rules.js";

describe("periods of the duty calendar", () => {
  it("knows months and quarters, and nothing else", () => {
    expect(cadenceOf("2026-12")).toBe("month");
    expect(cadenceOf("2026-Q4")).toBe("quarter");
    for (const bad of ["2026-13", "2026-Q5", "2026-1", "26-12", "2026-12-01", ""])
      expect(cadenceOf(bad)).toBeNull();
  });

  it("gives a period's first and last China day, leap Februaries included", () => {
    expect(periodDays("2026-12")).toEqual({ first: "2026-12-01", last: "2026-12-31" });
    expect(periodDays("2028-02")).toEqual({ first: "2028-02-01", last: "2028-02-29" });
    expect(periodDays("2027-02")).toEqual({ first: "2027-02-01", last: "2027-02-28" });
    expect(periodDays("2026-Q1")).toEqual({ first: "2026-01-01", last: "2026-03-31" });
    expect(periodDays("2026-Q4")).toEqual({ first: "2026-10-01", last: "2026-12-31" });
    expect(() => periodDays("2026-13")).toThrow();
  });

  it("steps back across years", () => {
    expect(previousPeriod("2026-01")).toBe("2025-12");
    expect(previousPeriod("2026-07")).toBe("2026-06");
    expect(previousPeriod("2026-Q1")).toBe("2025-Q4");
    expect(previousPeriod("2026-Q3")).toBe("2026-Q2");
    expect(periodOf("quarter", "2026-11-15")).toBe("2026-Q4");
    expect(periodOf("month", "2026-11-15")).toBe("2026-11");
  });

  it("shows a quarterly rule by its quarter in a month view, a monthly one month by month in a quarter view", () => {
    expect(viewPeriods("2026-11", "month")).toEqual(["2026-11"]);
    expect(viewPeriods("2026-11", "quarter")).toEqual(["2026-Q4"]);
    expect(viewPeriods("2026-Q4", "quarter")).toEqual(["2026-Q4"]);
    expect(viewPeriods("2026-Q4", "month")).toEqual(["2026-10", "2026-11", "2026-12"]);
  });
});

describe("the state of a period", () => {
  const lectures = { period: "2026-12", times: 2, remindDays: 7 };
  it("is done once done enough times, whatever the day", () => {
    expect(dutyState({ ...lectures, done: 2 }, "2026-12-03").state).toBe("done");
    expect(dutyState({ ...lectures, done: 3 }, "2027-02-01").state).toBe("done");
  });

  it("is due within the period, due soon in its last remindDays days (the last day counts)", () => {
    expect(dutyState({ ...lectures, done: 1 }, "2026-12-24")).toEqual({
      state: "due",
      dueSoon: false,
      daysLeft: 8,
    });
    expect(dutyState({ ...lectures, done: 1 }, "2026-12-25")).toEqual({
      state: "due",
      dueSoon: true,
      daysLeft: 7,
    });
    expect(dutyState({ ...lectures, done: 0 }, "2026-12-31")).toEqual({
      state: "due",
      dueSoon: true,
      daysLeft: 1,
    });
  });

  it("is overdue after its last day, not started before its first", () => {
    expect(dutyState({ ...lectures, done: 1 }, "2027-01-01").state).toBe("overdue");
    expect(dutyState({ ...lectures, done: 0 }, "2026-11-30").state).toBe("upcoming");
    expect(dutyState({ ...lectures, done: 0 }, "2026-11-30").dueSoon).toBe(false);
  });

  it("is not set (未设立) for a period that ended undone but began before the rule existed", () => {
    expect(dutyState({ ...lectures, period: "2026-11", done: 0, since: "2026-11-15" }, "2026-12-02").state).toBe("not_set");
    expect(dutyState({ ...lectures, period: "2026-11", done: 0, since: "2026-11-01" }, "2026-12-02").state).toBe("overdue");
    expect(dutyState({ ...lectures, period: "2026-11", done: 2, since: "2026-11-15" }, "2026-12-02").state).toBe("done");
    // The period it was set up in, still running: owed.
    expect(dutyState({ ...lectures, done: 0, since: "2026-12-02" }, "2026-12-03").state).toBe("due");
  });

  it("says a rule and its progress in words", () => {
    expect(dutyRuleText({ title: "道德讲堂", cadence: "month", times: 2 })).toBe("道德讲堂 每月 2 次");
    expect(dutyRuleText({ title: "宣传栏更新", cadence: "quarter", times: 1 })).toBe("宣传栏更新 每季度");
    expect(dutyProgressText(1, 2)).toBe("已办 1 次，需 2 次");
    expect(dutyProgressText(1, 1)).toBe("已完成");
    expect(dutyProgressText(3, 2)).toBe("已办 3 次");
  });
});
