import { afterEach, describe, expect, it } from "vitest";
import {
  activityTimeText,
  birthDateText,
  chinaToday,
  clockText,
  dateTimeText,
  formatTime,
  greeting,
  isoToPicker,
  pickerToIso,
  timeRangeText,
} from "./time.js";
import { hoursText, percentText } from "./numbers.js";

const now = new Date("2026-11-30T04:00:00Z");
const zone = process.env.TZ;

afterEach(() => {
  // Node reads TZ afresh when it changes: the tests below run as if the device were elsewhere.
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe("China time, whatever the device's zone", () => {
  for (const deviceZone of ["UTC", "America/New_York", "Asia/Tokyo"]) {
    it(`reads instants in Asia/Shanghai on a device in ${deviceZone}`, () => {
      process.env.TZ = deviceZone;
      expect(chinaToday(new Date("2026-11-30T17:00:00Z"))).toBe("2026-12-01");
      expect(formatTime("2026-12-05T01:03:09Z")).toBe("2026-12-05 09:03:09");
      expect(clockText("2026-12-05T01:03:00Z")).toBe("09:03");
      const picked = isoToPicker("2026-12-05T01:00:00.000Z"); // 09:00 in Beijing
      expect(picked.format("YYYY-MM-DD HH:mm")).toBe("2026-12-05 09:00");
      expect(pickerToIso(picked)).toBe("2026-12-05T01:00:00.000Z");
    });
  }

  it("greets by the hour in Beijing", () => {
    expect(greeting(new Date("2026-11-30T20:30:00Z"))).toBe("晚上好"); // 04:30
    expect(greeting(new Date("2026-11-30T23:30:00Z"))).toBe("早上好"); // 07:30
    expect(greeting(new Date("2026-12-01T02:00:00Z"))).toBe("上午好"); // 10:00
    expect(greeting(new Date("2026-12-01T04:00:00Z"))).toBe("中午好"); // 12:00
    expect(greeting(new Date("2026-12-01T08:00:00Z"))).toBe("下午好"); // 16:00
    expect(greeting(new Date("2026-12-01T11:00:00Z"))).toBe("晚上好"); // 19:00
  });
});

describe("the portal's activity times", () => {
  it("shows an activity's time with the weekday", () => {
    expect(timeRangeText("2026-12-05T01:00:00Z", "2026-12-05T03:00:00Z", now)).toBe(
      "12月5日 周六 09:00–11:00",
    );
    expect(timeRangeText("2026-12-05T13:00:00Z", "2026-12-05T17:00:00Z", now)).toBe(
      "12月5日 周六 21:00 – 12月6日 周日 01:00",
    );
    expect(dateTimeText("2027-01-02T00:30:00Z", now)).toBe("2027年1月2日 周六 08:30");
  });
});

describe("the console's activity times", () => {
  it("shows one day as a range of hours, and several days in full", () => {
    expect(activityTimeText("2026-12-05T01:00:00.000Z", "2026-12-05T03:00:00.000Z")).toBe(
      "2026-12-05 09:00–11:00",
    );
    expect(activityTimeText("2026-12-05T01:00:00.000Z", "2026-12-06T03:00:00.000Z")).toBe(
      "2026-12-05 09:00 至 2026-12-06 11:00",
    );
    // 23:00 UTC is the next morning in Beijing: one Beijing day.
    expect(activityTimeText("2026-12-04T23:00:00.000Z", "2026-12-05T01:00:00.000Z")).toBe(
      "2026-12-05 07:00–09:00",
    );
  });
});

describe("dates and figures", () => {
  it("formats birth dates, hours and percentages", () => {
    expect(birthDateText("1949-12-31")).toBe("1949年12月31日");
    expect(hoursText(90)).toBe("1.5 小时");
    expect(hoursText(120)).toBe("2 小时");
    expect(percentText(8.24)).toBe("8.2");
    expect(percentText(10)).toBe("10");
    expect(percentText(0.02)).toBe("0.02");
  });
});
