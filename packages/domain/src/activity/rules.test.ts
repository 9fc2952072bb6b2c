import { describe, expect, it } from "vitest";
import { InvalidTransitionError } from "../errors.js";
import {
  activityMaxMinutes,
  cancelSignup,
  checkInWindow,
  checkOutWindow,
  hoursStatusText,
  hoursTransition,
  inServiceRecord,
  minutesToHours,
  serviceMinutes,
} from "./rules.js";

const start = "2026-12-05T01:00:00.000Z"; // Saturday 9:00 in Shanghai
const end = "2026-12-05T03:00:00.000Z"; // 11:00

describe("serviceMinutes", () => {
  it("counts check-out minus check-in", () => {
    expect(serviceMinutes("2026-12-05T01:10:00.000Z", "2026-12-05T02:40:00.000Z", start, end)).toBe(90);
  });
  it("clips to the activity's time", () => {
    expect(serviceMinutes("2026-12-05T00:30:00.000Z", "2026-12-05T04:00:00.000Z", start, end)).toBe(120);
  });
  it("is never negative", () => {
    expect(serviceMinutes("2026-12-05T03:30:00.000Z", "2026-12-05T04:00:00.000Z", start, end)).toBe(0);
  });
});

describe("transitions", () => {
  it("cancels a sign-up only before the start", () => {
    expect(cancelSignup("signed", start, new Date("2026-12-04T00:00:00Z"))).toBe("cancelled");
    expect(() => cancelSignup("signed", start, new Date("2026-12-05T01:00:00Z"))).toThrow("活动已开始");
    expect(() => cancelSignup("cancelled", start, new Date("2026-12-04T00:00:00Z"))).toThrow(InvalidTransitionError);
  });
  it("moves hours none -> pending -> confirmed and refuses the rest", () => {
    expect(hoursTransition("none", "checkout")).toBe("pending");
    expect(hoursTransition("pending", "confirm")).toBe("confirmed");
    expect(hoursTransition("confirmed", "adjust")).toBe("confirmed");
    expect(() => hoursTransition("none", "confirm")).toThrow("未签到");
    expect(() => hoursTransition("none", "confirm", start)).toThrow("未签退");
    expect(() => hoursTransition("confirmed", "confirm")).toThrow(InvalidTransitionError);
    expect(() => hoursTransition("pending", "checkout")).toThrow(InvalidTransitionError);
  });
});

describe("hours", () => {
  it("caps an activity's minutes at its length, rounded up to a whole minute", () => {
    expect(activityMaxMinutes(start, end)).toBe(120);
    expect(activityMaxMinutes(start, "2026-12-05T03:00:30.000Z")).toBe(121);
    expect(activityMaxMinutes(end, start)).toBe(0);
  });
  it("shows minutes as hours with one decimal", () => {
    expect(minutesToHours(90)).toBe(1.5);
    expect(minutesToHours(120)).toBe(2);
    expect(minutesToHours(100)).toBe(1.7);
    expect(minutesToHours(0)).toBe(0);
  });
});

describe("attendance windows", () => {
  const a = { startsAt: start, endsAt: end };
  const t = (iso: string) => new Date(iso);
  it("opens check-in an hour before the start and closes it at the end", () => {
    expect(checkInWindow(a, t("2026-12-04T23:59:59.999Z"))).toEqual({
      opensAt: "2026-12-05T00:00:00.000Z",
      closesAt: end,
      state: "before",
    });
    expect(checkInWindow(a, t("2026-12-05T00:00:00.000Z")).state).toBe("open");
    expect(checkInWindow(a, t(end)).state).toBe("open");
    expect(checkInWindow(a, t("2026-12-05T03:00:00.001Z")).state).toBe("after");
  });
  it("keeps check-out open two hours past the end", () => {
    expect(checkOutWindow(a, t("2026-12-05T04:59:00.000Z")).state).toBe("open");
    expect(checkOutWindow(a, t("2026-12-05T05:00:00.001Z"))).toMatchObject({ closesAt: "2026-12-05T05:00:00.000Z", state: "after" });
  });
});

describe("hoursStatusText", () => {
  it("says 未签到 for a sign-up never checked in, 未签退 once checked in", () => {
    expect(hoursStatusText({ hoursStatus: "none", checkInAt: null })).toBe("未签到");
    expect(hoursStatusText({ hoursStatus: "none", checkInAt: start })).toBe("未签退");
    expect(hoursStatusText({ hoursStatus: "pending", checkInAt: start })).toBe("待确认");
    // An organiser's 补录 for someone who never checked in confirms hours without a check-in.
    expect(hoursStatusText({ hoursStatus: "confirmed", checkInAt: null })).toBe("已确认");
  });
});

describe("inServiceRecord", () => {
  const entry = { signupStatus: "signed", activityStatus: "published", hoursStatus: "none", checkInAt: null } as const;
  it("keeps standing sign-ups and leaves cancelled ones out", () => {
    expect(inServiceRecord(entry)).toBe(true);
    expect(inServiceRecord({ ...entry, signupStatus: "cancelled" })).toBe(false);
    expect(inServiceRecord({ ...entry, activityStatus: "cancelled" })).toBe(false);
  });
  it("keeps a cancelled activity that already counted hours or was attended", () => {
    expect(inServiceRecord({ ...entry, activityStatus: "cancelled", hoursStatus: "confirmed" })).toBe(true);
    expect(inServiceRecord({ ...entry, activityStatus: "cancelled", checkInAt: start })).toBe(true);
  });
});
