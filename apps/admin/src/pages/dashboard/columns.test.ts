import { describe, expect, it } from "vitest";
import { countColumn, ofRows, percentColumn, sortablePercentColumn } from "./columns";
import { VOLUNTEER_COLUMNS } from "./figure-columns";

const row = {
  name: "东街社区",
  volunteers: { registered: 120, population: 3000, ratioPercent: 4, targetPercent: 10, reached: false },
};

describe("dashboard columns", () => {
  it("counts right-aligned, percentages as shown, the ranking's percentages sorted as numbers", () => {
    expect(countColumn<typeof row>("注册", (r) => r.volunteers.registered)).toMatchObject({
      title: "注册",
      align: "right",
    });
    expect(percentColumn<{ p: number | null }>("率", (r) => r.p).value({ p: null })).toBe("—");
    const ranked = sortablePercentColumn<{ p: number | null }>("率", (r) => r.p);
    expect([ranked.value({ p: 37.5 }), ranked.render?.({ p: 37.5 }), ranked.sortable]).toEqual([
      37.5,
      "37.5%",
      true,
    ]);
  });

  it("reads a part's columns through each row, keeping their titles, alignment and rendering", () => {
    const columns = ofRows((r: typeof row) => r.volunteers, VOLUNTEER_COLUMNS);
    expect(columns.map((c) => [c.title, c.value(row), c.align ?? null])).toEqual([
      ["注册志愿者", 120, "right"],
      ["常住人口", 3000, "right"],
      ["注册率", "4%", null],
      ["目标", "10%", null],
      ["是否达标", "未达标", null],
    ]);
    const linked = ofRows(
      (r: typeof row) => r.name,
      [{ title: "社区", value: (n: string) => n, render: (n) => `<${n}>` }],
    );
    expect(linked[0]!.render?.(row)).toBe("<东街社区>");
    expect("render" in columns[0]!).toBe(false);
  });
});
