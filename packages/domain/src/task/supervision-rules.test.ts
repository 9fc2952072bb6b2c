import { describe, expect, it } from "vitest";
import { strongerColour, taskColour } from "./supervision-rules.js";

const today = "2026-12-12";
const open = { state: "in_progress" as const, startOn: "2026-12-01", progress: 50 };

describe("taskColour", () => {
  it("uses the 街道's thresholds: 蓝 within blueDays, 黄 up to redAfterDays overdue, 红 beyond", () => {
    const th = { blueDays: 5, redAfterDays: 2, paceGap: 100 };
    expect(taskColour({ ...open, dueOn: "2026-12-17" }, today, th)).toBe("blue");
    expect(taskColour({ ...open, dueOn: "2026-12-17" }, today)).toBeNull(); // defaults: 3 days
    expect(taskColour({ ...open, dueOn: "2026-12-10" }, today, th)).toBe("yellow");
    expect(taskColour({ ...open, dueOn: "2026-12-09" }, today, th)).toBe("red");
    expect(taskColour({ ...open, dueOn: "2026-12-09" }, today)).toBe("yellow"); // defaults: 7 days
  });

  it("is 黄 behind pace by more than paceGap points", () => {
    // 11 of 30 days gone (37 %), 0 % done
    const t = { ...open, progress: 0, dueOn: "2026-12-31" };
    expect(taskColour(t, today, { blueDays: 3, redAfterDays: 7, paceGap: 30 })).toBe("yellow");
    expect(taskColour(t, today, { blueDays: 3, redAfterDays: 7, paceGap: 40 })).toBeNull();
  });

  it("is raised by a hand 督办 not cleared: 红 escalates, a weaker colour never lowers", () => {
    const far = { ...open, dueOn: "2027-03-01" };
    expect(taskColour(far, today, undefined, "red")).toBe("red");
    expect(taskColour(far, today, undefined, "blue")).toBe("blue");
    expect(taskColour({ ...open, dueOn: "2026-12-01" }, today, undefined, "blue")).toBe("red");
    expect(taskColour({ ...far, state: "done" }, today, undefined, "red")).toBeNull();
  });

  it("orders colours 红 > 黄 > 蓝 > none", () => {
    expect(strongerColour("blue", "yellow")).toBe("yellow");
    expect(strongerColour("red", "yellow")).toBe("red");
    expect(strongerColour(null, "blue")).toBe("blue");
    expect(strongerColour(null, null)).toBeNull();
  });
});
