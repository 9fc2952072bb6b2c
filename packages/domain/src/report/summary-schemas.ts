import { z } from "zod";
import { calendarDateSchema, idSchema, requiredText } from "../schemas.js";
import { SUMMARY_SECTIONS } from "./summary-model.js";
import { SUMMARY_PERIOD_KINDS } from "./summary-period.js";

// Inputs and outputs of the 工作总结 (report.generateSummary …).

const year = z.number({ error: "请选择年份" }).int({ error: "年份无效" });
const within = (label: string, max: number) =>
  z
    .number({ error: `请选择${label}` })
    .int({ error: `${label}无效` })
    .min(1, { error: `${label}无效` })
    .max(max, { error: `${label}无效` });

export const summaryPeriodInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("month"), year, month: within("月份", 12) }),
    z.object({ kind: z.literal("quarter"), year, quarter: within("季度", 4) }),
    z.object({ kind: z.literal("half"), year, half: within("半年", 2) }),
    z.object({ kind: z.literal("year"), year }),
    z.object({ kind: z.literal("campaign"), campaignId: idSchema("创城活动") }),
    z.object({
      kind: z.literal("range"),
      from: calendarDateSchema("开始日期"),
      to: calendarDateSchema("结束日期"),
    }),
  ],
  { error: "请选择统计期间" },
);

export const generateSummaryInput = z.object({ unitId: idSchema("社区或街道"), period: summaryPeriodInput });
export const summaryIdInput = z.object({ id: idSchema("工作总结") });
export const summaryDraftsInput = z.object({ unitId: idSchema("社区或街道") });
export const saveSummaryParagraphInput = z.object({
  id: idSchema("工作总结"),
  key: z.string({ error: "段落无效" }).min(1, { error: "段落无效" }).max(100, { error: "段落无效" }),
  text: requiredText("段落内容", 2000),
  version: z.number({ error: "版本无效" }).int({ error: "版本无效" }).min(1, { error: "版本无效" }),
});

const periodKind = z.enum(SUMMARY_PERIOD_KINDS);

export const summaryDraftOutput = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  periodKind,
  periodFrom: z.string(),
  periodTo: z.string(),
  periodLabel: z.string(),
  campaignId: z.number().nullable(),
  title: z.string(),
  document: z.object({
    title: z.string(),
    unitName: z.string(),
    dateText: z.string(),
    paragraphs: z.array(
      z.object({
        key: z.string(),
        section: z.enum(SUMMARY_SECTIONS),
        topic: z.string().nullable(),
        text: z.string(),
        figureKeys: z.array(z.string()),
        photos: z
          .array(
            z.object({ before: z.number().nullable(), after: z.number().nullable(), caption: z.string() }),
          )
          .optional(),
        edited: z.boolean(),
      }),
    ),
    figures: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        value: z.string(),
        source: z.string(),
        period: z.string(),
      }),
    ),
  }),
  previousId: z.number().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
  version: z.number(),
});

export const summaryDraftsOutput = z.array(
  z.object({
    id: z.number(),
    title: z.string(),
    periodKind,
    periodLabel: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    createdAt: z.string(),
    createdByName: z.string().nullable(),
    updatedAt: z.string(),
    editedParagraphs: z.number(),
    /** a newer draft was generated from it (重新生成) */
    replaced: z.boolean(),
  }),
);

export const summaryDocxOutput = z.object({ fileName: z.string(), base64: z.string() });
