import { describe, expect, it } from "vitest";
import { activityPhase } from "./activity";

describe("activity phases", () => {
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
