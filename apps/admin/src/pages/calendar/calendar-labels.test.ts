import { describe, expect, it } from "vitest";
import {
  countsAsText,
  monthWeeks,
  recordsOfMonth,
  shiftPeriod,
  switchCadence,
  tickDateAllowed,
  tickDefaultDate,
  viewOf,
  viewTitle,
} from "./calendar-labels";

describe("calendar periods", () => {
  it("reads the view from the address, this month otherwise", () => {
    expect(viewOf("2026-11", "2026-12-02")).toBe("2026-11");
    expect(viewOf("2026-Q3", "2026-12-02")).toBe("2026-Q3");
    expect(viewOf("2026-13", "2026-12-02")).toBe("2026-12");
    expect(viewOf("2026-Q5", "2026-12-02")).toBe("2026-12");
    expect(viewOf(null, "2026-12-02")).toBe("2026-12");
  });

  it("steps over year ends both ways", () => {
    expect(shiftPeriod("2026-12", 1)).toBe("2027-01");
    expect(shiftPeriod("2027-01", -1)).toBe("2026-12");
    expect(shiftPeriod("2026-05", -1)).toBe("2026-04");
    expect(shiftPeriod("2026-Q4", 1)).toBe("2027-Q1");
    expect(shiftPeriod("2026-Q1", -1)).toBe("2025-Q4");
    expect(shiftPeriod("2026-Q2", 1)).toBe("2026-Q3");
  });

  it("switches between month and quarter", () => {
    expect(switchCadence("2026-11", "quarter", "2026-12-02")).toBe("2026-Q4");
    expect(switchCadence("2026-Q4", "month", "2026-12-02")).toBe("2026-12");
    expect(switchCadence("2026-Q2", "month", "2026-12-02")).toBe("2026-04");
    expect(switchCadence("2026-07", "month", "2026-12-02")).toBe("2026-07");
  });

  it("titles a view with its year", () => {
    expect(viewTitle("2026-03")).toBe("2026年3月");
    expect(viewTitle("2026-Q4")).toBe("2026年第4季度");
  });
});

describe("duty cells", () => {
  it("words what counts as done", () => {
    const base = { activityKind: null, evidenceKind: null, evidenceItem: null };
    expect(countsAsText({ ...base, doneBy: "activity", activityKind: "moral_lecture" })).toBe(
      "举办活动：道德讲堂",
    );
    expect(
      countsAsText({ ...base, doneBy: "evidence", evidenceKind: "photo", evidenceItem: "宣传栏设置" }),
    ).toBe("上传创城材料：宣传栏设置 · 图片");
    expect(countsAsText({ ...base, doneBy: "manual" })).toBe("人工打卡（附照片）");
  });

  it("starts a tick's date within the period and never after today", () => {
    expect(tickDefaultDate("2026-12", "2026-12-02")).toBe("2026-12-02");
    expect(tickDefaultDate("2026-11", "2026-12-02")).toBe("2026-11-30");
    expect(tickDefaultDate("2026-Q3", "2026-12-02")).toBe("2026-09-30");
    expect(tickDefaultDate("2027-01", "2026-12-02")).toBeNull();
    expect(tickDateAllowed("2026-12", "2026-12-02", "2026-12-02")).toBe(true);
    expect(tickDateAllowed("2026-12", "2026-12-03", "2026-12-02")).toBe(false);
    expect(tickDateAllowed("2026-12", "2026-11-30", "2026-12-02")).toBe(false);
    expect(tickDateAllowed("2026-Q4", "2026-10-01", "2026-12-02")).toBe(true);
  });

  it("lays a month out in weeks from Monday", () => {
    // 2026-12-01 is a Tuesday; the 31st a Thursday.
    const weeks = monthWeeks("2026-12");
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([
      null,
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(weeks[4]).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", null, null, null]);
    // February 2027 starts on a Monday and fills four weeks exactly.
    expect(monthWeeks("2027-02")).toHaveLength(4);
    expect(monthWeeks("2027-02")[0]![0]).toBe("2027-02-01");
  });

  it("puts a month's records on their days once, editions apart", () => {
    const lecture = {
      type: "activity" as const,
      id: 7,
      date: "2026-12-16",
      title: "道德讲堂",
      upcoming: true,
    };
    const rules = [
      { title: "道德讲堂", cells: [{ records: [lecture] }] },
      // Another rule counting the same activity does not list it twice.
      { title: "志愿服务", cells: [{ records: [lecture] }] },
      {
        title: "红黑榜发布",
        cells: [
          {
            records: [
              { type: "edition" as const, id: 3, date: "2026-12-01", title: "12月红黑榜", upcoming: false },
            ],
          },
        ],
      },
      {
        title: "宣传栏更新",
        // A quarterly rule's records of other months of the quarter are not this month's.
        cells: [
          {
            records: [
              { type: "evidence" as const, id: 9, date: "2026-10-20", title: "宣传栏", upcoming: false },
            ],
          },
        ],
      },
    ];
    const { byDay, editions } = recordsOfMonth(rules, "2026-12");
    expect([...byDay.keys()]).toEqual(["2026-12-16"]);
    expect(byDay.get("2026-12-16")).toEqual([{ ...lecture, rule: "道德讲堂" }]);
    expect(editions.map((e) => e.title)).toEqual(["12月红黑榜"]);
  });
});
