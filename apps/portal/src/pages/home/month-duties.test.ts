import { describe, expect, it } from "vitest";
import { dutyCadenceText, dutyDayText, dutyPendingText } from "./month-duties";

describe("dutyDayText", () => {
  it("gives the month, the day and the weekday of a China date", () => {
    expect(dutyDayText("2026-12-16")).toBe("12月16日 周三");
    expect(dutyDayText("2026-12-06")).toBe("12月6日 周日");
    expect(dutyDayText("2027-01-02")).toBe("1月2日 周六");
  });
});

describe("dutyCadenceText", () => {
  it("drops the title the heading already shows", () => {
    expect(dutyCadenceText("道德讲堂", "道德讲堂 每月 2 次")).toBe("每月 2 次");
    expect(dutyCadenceText("宣传栏更新", "宣传栏更新 每季度")).toBe("每季度");
  });

  it("keeps a text that does not start with the title", () => {
    expect(dutyCadenceText("道德讲堂", "每月 2 次")).toBe("每月 2 次");
    expect(dutyCadenceText("道德", "道德讲堂 每月")).toBe("道德讲堂 每月");
  });
});

describe("dutyPendingText", () => {
  it("says 本月待安排 for an activity duty without an activity this month", () => {
    expect(dutyPendingText({ doneBy: "activity", activities: [] })).toBe("本月待安排");
  });

  it("says nothing once an activity is dated, or for a duty not done by activities", () => {
    expect(dutyPendingText({ doneBy: "activity", activities: [{ held: false }] })).toBeNull();
    expect(dutyPendingText({ doneBy: "manual", activities: [] })).toBeNull();
    expect(dutyPendingText({ activities: [] })).toBeNull();
  });
});
