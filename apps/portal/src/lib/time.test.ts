import { describe, expect, it } from "vitest";
import {
  birthDateText,
  chinaToday,
  clockText,
  dateTimeText,
  hoursOf,
  percentText,
  timeRangeText,
} from "./time";

const now = new Date("2026-11-30T04:00:00Z");

describe("China time", () => {
  it("reads today's date in Asia/Shanghai", () => {
    expect(chinaToday(new Date("2026-11-30T17:00:00Z"))).toBe("2026-12-01");
  });

  it("shows an activity's time with the weekday", () => {
    expect(timeRangeText("2026-12-05T01:00:00Z", "2026-12-05T03:00:00Z", now)).toBe(
      "12月5日 周六 09:00–11:00",
    );
    expect(timeRangeText("2026-12-05T13:00:00Z", "2026-12-05T17:00:00Z", now)).toBe(
      "12月5日 周六 21:00 – 12月6日 周日 01:00",
    );
    expect(dateTimeText("2027-01-02T00:30:00Z", now)).toBe("2027年1月2日 周六 08:30");
    expect(clockText("2026-12-05T01:03:00Z")).toBe("09:03");
  });

  it("formats birth dates and hours", () => {
    expect(birthDateText("1949-12-31")).toBe("1949年12月31日");
    expect(hoursOf(90)).toBe("1.5");
    expect(hoursOf(120)).toBe("2");
    expect(percentText(8.24)).toBe("8.2");
    expect(percentText(10)).toBe("10");
    expect(percentText(0.02)).toBe("0.02");
  });
});
