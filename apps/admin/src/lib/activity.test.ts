import { describe, expect, it } from "vitest";
import { activityPhase, activityTimeText, isoToPicker, pickerToIso } from "./activity";

describe("activity times", () => {
  it("reads a picked wall-clock time as Beijing time, whatever the browser's zone", () => {
    const picked = isoToPicker("2026-12-05T01:00:00.000Z"); // 09:00 in Beijing
    expect(picked.format("YYYY-MM-DD HH:mm")).toBe("2026-12-05 09:00");
    expect(pickerToIso(picked)).toBe("2026-12-05T01:00:00.000Z");
  });

  it("shows one day as a range of hours, and several days in full", () => {
    expect(activityTimeText("2026-12-05T01:00:00.000Z", "2026-12-05T03:00:00.000Z")).toBe(
      "2026-12-05 09:00–11:00",
    );
    expect(activityTimeText("2026-12-05T01:00:00.000Z", "2026-12-06T03:00:00.000Z")).toBe(
      "2026-12-05 09:00 至 2026-12-06 11:00",
    );
  });

  it("derives 未开始 / 进行中 / 已结束 from the time, and 已取消 from the status", () => {
    const a = {
      status: "published",
      startsAt: "2026-12-05T01:00:00.000Z",
      endsAt: "2026-12-05T03:00:00.000Z",
    };
    expect(activityPhase(a, new Date("2026-12-05T00:00:00Z"))).toBe("upcoming");
    expect(activityPhase(a, new Date("2026-12-05T02:00:00Z"))).toBe("ongoing");
    expect(activityPhase(a, new Date("2026-12-05T03:00:00Z"))).toBe("ended");
    expect(activityPhase({ ...a, status: "cancelled" }, new Date("2026-12-05T02:00:00Z"))).toBe("cancelled");
  });
});
