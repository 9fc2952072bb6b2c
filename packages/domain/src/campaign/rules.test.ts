import { describe, expect, it } from "vitest";
import { estimatedScore, readinessOf, stageMoveError, type EvidenceKind } from "./rules.js";

const kinds = (...k: EvidenceKind[]) => new Set<EvidenceKind>(k);

describe("readinessOf", () => {
  it("is 齐全 with every needed kind and the target met", () => {
    expect(readinessOf(["photo", "summary"], kinds("photo", "summary", "plan"), null)).toEqual({
      readiness: "complete",
      gaps: [],
    });
    expect(
      readinessOf(["record"], kinds("record"), { state: "met", text: "道德讲堂 每月2次 已达到" }),
    ).toEqual({
      readiness: "complete",
      gaps: [],
    });
  });

  it("is 部分 with some evidence, naming what is missing and the target's shortfall", () => {
    expect(readinessOf(["photo", "summary", "plan"], kinds("plan"), null)).toEqual({
      readiness: "partial",
      gaps: ["缺：图片、总结"],
    });
    expect(readinessOf(["record"], kinds("record"), { state: "unmet", text: "道德讲堂 11月 仅1次" })).toEqual(
      { readiness: "partial", gaps: ["道德讲堂 11月 仅1次"] },
    );
    // A met target with no files yet is something: 部分, not 缺失.
    expect(readinessOf(["photo"], kinds(), { state: "met", text: "已达到" }).readiness).toBe("partial");
  });

  it("is 缺失 with nothing there, and a target that cannot be measured yet is a gap", () => {
    expect(
      readinessOf(["photo"], kinds(), { state: "unmeasurable", text: "尚无法统计：黑白榜未启用" }),
    ).toEqual({
      readiness: "missing",
      gaps: ["缺：图片", "尚无法统计：黑白榜未启用"],
    });
  });
});

describe("stageMoveError", () => {
  it("allows one step on or back, and refuses jumps and staying", () => {
    expect(stageMoveError("preparing", "implementing")).toBeNull();
    expect(stageMoveError("inspection", "implementing")).toBeNull();
    expect(stageMoveError("preparing", "inspection")).toBe("阶段只能逐步推进：筹备 之后是 实施");
    expect(stageMoveError("summary", "summary")).toBe("活动已处于“总结”阶段");
  });
});

describe("estimatedScore", () => {
  it("weighs each item's points by its grade: A 100 %, B 66 %, C 33 %, C# 0, ungraded 0", () => {
    expect(
      estimatedScore([
        { points: 3, grade: "A" },
        { points: 3, grade: "B" },
        { points: 2, grade: "C" },
        { points: 5, grade: "C#" },
        { points: 4, grade: null },
      ]),
    ).toBe(5.64);
  });
});
