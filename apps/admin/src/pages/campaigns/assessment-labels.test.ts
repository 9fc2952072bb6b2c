import { describe, expect, it } from "vitest";
import { compareRounds, diffText, gradeLabel, scoreText } from "./assessment-labels";

describe("模拟测评 labels", () => {
  it("words grades with their share and scores to 0.01", () => {
    expect(["A", "B", "C", "C#"].map((g) => gradeLabel(g as "A"))).toEqual([
      "A（100%）",
      "B（66%）",
      "C（33%）",
      "C#（0%）",
    ]);
    expect(scoreText(6.980000001)).toBe("6.98");
    expect(diffText(1.98)).toBe("+1.98");
    expect(diffText(-0.99)).toBe("-0.99");
    expect(diffText(0)).toBe("0");
  });

  it("compares two rounds per 测评项目 and per item, marking the items whose grade changed", () => {
    const item = (itemId: number, project: string, points: number) => ({
      itemId,
      sort: itemId,
      project,
      content: `项${itemId}`,
      points,
    });
    const left = {
      projects: [
        { project: "甲", points: 8, score: 4.29 },
        { project: "乙", points: 2, score: 0 },
      ],
      items: [
        { ...item(1, "甲", 5), grade: "C" as const, score: 1.65 },
        { ...item(2, "甲", 3), grade: "C" as const, score: 0.99 },
        { ...item(3, "乙", 2), grade: null, score: 0 },
      ],
    };
    const right = {
      projects: [
        { project: "甲", points: 8, score: 6.98 },
        { project: "乙", points: 2, score: 0 },
      ],
      items: [
        { ...item(1, "甲", 5), grade: "A" as const, score: 5 },
        { ...item(2, "甲", 3), grade: "B" as const, score: 1.98 },
        { ...item(3, "乙", 2), grade: "C#" as const, score: 0 },
      ],
    };
    const { items, projects } = compareRounds(left, right);
    expect(items.map((i) => [i.itemId, i.diff, i.changed])).toEqual([
      [1, 3.35, true],
      [2, 0.99, true],
      [3, 0, true],
    ]);
    expect(projects).toEqual([
      { project: "甲", points: 8, left: 4.29, right: 6.98, diff: 2.69 },
      { project: "乙", points: 2, left: 0, right: 0, diff: 0 },
    ]);
    expect(compareRounds(right, right).items.every((i) => !i.changed && i.diff === 0)).toBe(true);
  });
});
