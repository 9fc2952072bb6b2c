import { describe, expect, it } from "vitest";
import { groupByProject, measureText, moveWithinGroup, stageStep } from "./campaign-labels";

const items = [
  { id: 1, project: "公共环境" },
  { id: 2, project: "文明风尚" },
  { id: 3, project: "公共环境" },
  { id: 4, project: "文明风尚" },
];

describe("campaign labels", () => {
  it("words a measured target", () => {
    expect(measureText({ kind: "activities_per_month", activityKind: "moral_lecture", perMonth: 2 })).toBe(
      "每月道德讲堂≥2次",
    );
    expect(measureText({ kind: "problems_on_time", share: 0.9 })).toBe("问题按期办结率≥90%");
    expect(measureText({ kind: "evidence_per_quarter", evidenceKind: "photo" })).toBe("每季度有图片");
    expect(measureText(null)).toBe("");
  });

  it("steps a stage on and back, stopping at either end", () => {
    expect(stageStep("preparing", 1)).toBe("implementing");
    expect(stageStep("preparing", -1)).toBeNull();
    expect(stageStep("ended", 1)).toBeNull();
    expect(stageStep("summary", -1)).toBe("inspection");
  });

  it("groups by 测评项目 in order of first appearance", () => {
    expect(groupByProject(items).map((g) => [g.project, g.items.map((i) => i.id)])).toEqual([
      ["公共环境", [1, 3]],
      ["文明风尚", [2, 4]],
    ]);
  });

  it("moves within a 测评项目, never across", () => {
    expect(moveWithinGroup(items, 3, -1)).toEqual({ id: 3, beforeId: 1 });
    expect(moveWithinGroup(items, 2, 1)).toEqual({ id: 4, beforeId: 2 });
    expect(moveWithinGroup(items, 1, -1)).toBeNull();
    expect(moveWithinGroup(items, 4, 1)).toBeNull();
  });
});
