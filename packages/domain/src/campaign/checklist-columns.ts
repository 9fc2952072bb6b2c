import { ACTIVITY_KIND_LABELS } from "../activity/rules.js";
import type { ActivityKind } from "../db/database.js";
import {
  ASSESS_METHOD_LABELS,
  ASSESS_METHODS,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  type AssessMethod,
  type EvidenceKind,
  type Measure,
} from "./rules.js";

// The checklist as a sheet (测评体系 in Excel, as cities hand it out): the columns, and each cell's
// text both ways, so that an exported sheet imports back unchanged. Pure; the workbook is elsewhere.

export const CHECKLIST_COLUMNS = [
  "序号",
  "测评项目",
  "测评内容",
  "测评标准",
  "测评方式",
  "分值",
  "所需材料",
  "测量指标",
] as const;
export type ChecklistColumn = (typeof CHECKLIST_COLUMNS)[number];

/** 测量指标 as written in the sheet; the help sheet lists these forms. */
export function measureCell(measure: Measure | null): string {
  if (!measure) return "";
  switch (measure.kind) {
    case "volunteer_share":
      return "注册志愿者比例达标";
    case "activities_per_month":
      return `每月${ACTIVITY_KIND_LABELS[measure.activityKind]}${measure.perMonth}次`;
    case "board_monthly":
      return "红黑榜每月发布";
    case "problems_on_time":
      return `问题按期办结率${Math.round(measure.share * 100)}%`;
    case "evidence_per_quarter":
      return `每季度${EVIDENCE_KIND_LABELS[measure.evidenceKind]}`;
  }
}

export const MEASURE_FORMS = [
  "注册志愿者比例达标",
  `每月（${Object.values(ACTIVITY_KIND_LABELS).join("/")}）N次，如 每月道德讲堂2次`,
  "红黑榜每月发布",
  "问题按期办结率N%，如 问题按期办结率90%",
  `每季度（${Object.values(EVIDENCE_KIND_LABELS).join("/")}），如 每季度图片`,
];

const keyOf = <K extends string>(labels: Record<K, string>, text: string): K | undefined =>
  (Object.keys(labels) as K[]).find((k) => labels[k] === text);

/** The measure a 测量指标 cell names, null for an empty cell, or an error in words. */
export function parseMeasureCell(text: string): { measure: Measure | null } | { error: string } {
  const t = text.replace(/\s+/g, "");
  if (t === "") return { measure: null };
  if (t === "注册志愿者比例达标") return { measure: { kind: "volunteer_share" } };
  if (t === "红黑榜每月发布") return { measure: { kind: "board_monthly" } };
  const perMonth = /^每月(.+?)(\d+)次$/.exec(t);
  if (perMonth) {
    const activityKind = keyOf<ActivityKind>(ACTIVITY_KIND_LABELS, perMonth[1]!);
    const n = Number(perMonth[2]);
    if (!activityKind)
      return {
        error: `活动类型“${perMonth[1]}”无效，应为 ${Object.values(ACTIVITY_KIND_LABELS).join("、")}`,
      };
    if (n < 1 || n > 31) return { error: "每月次数应在1到31之间" };
    return { measure: { kind: "activities_per_month", activityKind, perMonth: n } };
  }
  const onTime = /^问题按期办结率(\d+(?:\.\d+)?)%$/.exec(t);
  if (onTime) {
    const share = Number(onTime[1]) / 100;
    if (share <= 0 || share > 1) return { error: "按期办结率应在1%到100%之间" };
    return { measure: { kind: "problems_on_time", share } };
  }
  const quarterly = /^每季度(.+)$/.exec(t);
  if (quarterly) {
    const evidenceKind = keyOf<EvidenceKind>(EVIDENCE_KIND_LABELS, quarterly[1]!);
    if (!evidenceKind)
      return {
        error: `材料类型“${quarterly[1]}”无效，应为 ${Object.values(EVIDENCE_KIND_LABELS).join("、")}`,
      };
    return { measure: { kind: "evidence_per_quarter", evidenceKind } };
  }
  return { error: `无法识别，可填：${MEASURE_FORMS.join("；")}` };
}

export const methodCell = (method: AssessMethod) => ASSESS_METHOD_LABELS[method];
export function parseMethodCell(text: string): AssessMethod | undefined {
  return ASSESS_METHODS.find((m) => ASSESS_METHOD_LABELS[m] === text.trim());
}

export const evidenceCell = (kinds: readonly EvidenceKind[]) =>
  kinds.map((k) => EVIDENCE_KIND_LABELS[k]).join("、");
/** 方案、图片 (or with ，/ , ; and spaces) → the kinds, or the first unknown word. */
export function parseEvidenceCell(text: string): { kinds: EvidenceKind[] } | { unknown: string } {
  const words = text.split(/[、，,;；/\s]+/).filter((w) => w !== "");
  const kinds: EvidenceKind[] = [];
  for (const word of words) {
    const kind = EVIDENCE_KINDS.find((k) => EVIDENCE_KIND_LABELS[k] === word);
    if (!kind) return { unknown: word };
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return { kinds };
}
