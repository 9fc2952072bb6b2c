import { describe, expect, it } from "vitest";
import { measureCell, parseEvidenceCell, parseMeasureCell, parseMethodCell } from "./checklist-columns.js";
import type { Measure } from "./rules.js";

describe("checklist cells", () => {
  it("writes every kind of 测量指标 so that it reads back the same", () => {
    const measures: Measure[] = [
      { kind: "volunteer_share" },
      { kind: "activities_per_month", activityKind: "moral_lecture", perMonth: 2 },
      { kind: "board_monthly" },
      { kind: "problems_on_time", share: 0.9 },
      { kind: "evidence_per_quarter", evidenceKind: "photo" },
    ];
    expect(measures.map(measureCell)).toEqual([
      "注册志愿者比例达标",
      "每月道德讲堂2次",
      "红黑榜每月发布",
      "问题按期办结率90%",
      "每季度图片",
    ]);
    for (const m of measures) expect(parseMeasureCell(measureCell(m))).toEqual({ measure: m });
    expect(parseMeasureCell("")).toEqual({ measure: null });
    expect(parseMeasureCell(" 每月 志愿服务 4 次 ")).toEqual({
      measure: { kind: "activities_per_month", activityKind: "volunteer_service", perMonth: 4 },
    });
  });

  it("says what is wrong with a 测量指标 it cannot read", () => {
    expect(parseMeasureCell("每月跳舞3次")).toEqual({
      error: "活动类型“跳舞”无效，应为 志愿服务、道德讲堂、文体活动、宣传教育",
    });
    expect(parseMeasureCell("每月道德讲堂40次")).toEqual({ error: "每月次数应在1到31之间" });
    expect(parseMeasureCell("问题按期办结率150%")).toEqual({ error: "按期办结率应在1%到100%之间" });
    expect(parseMeasureCell("每季度视频")).toMatchObject({
      error: expect.stringContaining("材料类型“视频”无效"),
    });
    expect(parseMeasureCell("越多越好")).toMatchObject({ error: expect.stringMatching(/^无法识别，可填：/) });
  });

  it("reads 测评方式 and 所需材料 by their Chinese names", () => {
    expect(parseMethodCell(" 材料审核 ")).toBe("material");
    expect(parseMethodCell("抽查")).toBeUndefined();
    expect(parseEvidenceCell("方案、图片,记录 图片")).toEqual({ kinds: ["plan", "photo", "record"] });
    expect(parseEvidenceCell("方案、视频")).toEqual({ unknown: "视频" });
  });
});
