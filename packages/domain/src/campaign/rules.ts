// The vocabulary of campaigns and their 测评体系 checklist, and the readiness rule. Pure: safe in a
// browser (see ../rules.ts).

export const CAMPAIGN_KINDS = [
  "national_civilized_city",
  "provincial_civilized_city",
  "national_health_city",
  "provincial_health_city",
  "civilized_community",
  "other",
] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_KIND_LABELS: Record<CampaignKind, string> = {
  national_civilized_city: "全国文明城市",
  provincial_civilized_city: "省级文明城市",
  national_health_city: "国家卫生城市",
  provincial_health_city: "省级卫生城市",
  civilized_community: "文明社区",
  other: "其他",
};

export const CAMPAIGN_STAGES = ["preparing", "implementing", "inspection", "summary", "ended"] as const;
export type CampaignStage = (typeof CAMPAIGN_STAGES)[number];
export const CAMPAIGN_STAGE_LABELS: Record<CampaignStage, string> = {
  preparing: "筹备",
  implementing: "实施",
  inspection: "迎检",
  summary: "总结",
  ended: "结束",
};

/** A stage moves one step on, or one step back (a 迎检 postponed); never jumps. */
export function stageMoveError(from: CampaignStage, to: CampaignStage): string | null {
  const step = CAMPAIGN_STAGES.indexOf(to) - CAMPAIGN_STAGES.indexOf(from);
  if (step === 1 || step === -1) return null;
  if (step === 0) return `活动已处于“${CAMPAIGN_STAGE_LABELS[from]}”阶段`;
  return `阶段只能逐步推进：${CAMPAIGN_STAGE_LABELS[from]} 之后是 ${
    CAMPAIGN_STAGE_LABELS[CAMPAIGN_STAGES[CAMPAIGN_STAGES.indexOf(from) + 1] ?? from]
  }`;
}

export const LEADER_ROLES = ["leader", "deputy", "member"] as const;
export type LeaderRole = (typeof LEADER_ROLES)[number];
export const LEADER_ROLE_LABELS: Record<LeaderRole, string> = {
  leader: "组长",
  deputy: "副组长",
  member: "成员",
};

/** How an indicator is assessed. */
export const ASSESS_METHODS = ["field", "material", "survey", "online"] as const;
export type AssessMethod = (typeof ASSESS_METHODS)[number];
export const ASSESS_METHOD_LABELS: Record<AssessMethod, string> = {
  field: "实地考察",
  material: "材料审核",
  survey: "问卷调查",
  online: "网上申报",
};

/** The kinds of evidence (台账) an indicator may need. */
export const EVIDENCE_KINDS = ["plan", "photo", "record", "summary", "report", "ledger"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  plan: "方案",
  photo: "图片",
  record: "记录",
  summary: "总结",
  report: "报道",
  ledger: "台账",
};

/**
 * A target the system measures from its own data for the campaign's period, never typed in:
 * - volunteer_share: registered volunteers per 常住人口 ≥ the 社区's own target (volunteer ratio);
 * - activities_per_month: activities of `activityKind` held ≥ `perMonth` in every month so far;
 * - board_monthly: a 黑白榜 edition published in every month so far;
 * - problems_on_time: share of problems closed by their deadline ≥ `share` (0..1);
 * - evidence_per_quarter: evidence of `evidenceKind` dated in every quarter so far.
 */
export type Measure =
  | { kind: "volunteer_share" }
  | {
      kind: "activities_per_month";
      activityKind: "volunteer_service" | "moral_lecture" | "culture_sports" | "publicity";
      perMonth: number;
    }
  | { kind: "board_monthly" }
  | { kind: "problems_on_time"; share: number }
  | { kind: "evidence_per_quarter"; evidenceKind: EvidenceKind };
export type MeasureKind = Measure["kind"];
export const MEASURE_KINDS = [
  "volunteer_share",
  "activities_per_month",
  "board_monthly",
  "problems_on_time",
  "evidence_per_quarter",
] as const satisfies readonly MeasureKind[];

/** One indicator of a 测评体系: 测评项目 > 测评内容 > 测评标准. */
export interface IndicatorTemplate {
  /** 测评项目, e.g. 公共环境 */
  project: string;
  /** 测评内容, e.g. 楼道环境 */
  content: string;
  /** 测评标准: what the inspectors check, as they word it */
  standard: string;
  method: AssessMethod;
  points: number;
  evidence: readonly EvidenceKind[];
  measure?: Measure;
}

/** Records of the system that count as evidence by themselves. */
export const LINK_RECORD_TYPES = ["activity", "board_edition", "problem"] as const;
export type LinkRecordType = (typeof LINK_RECORD_TYPES)[number];
export const LINK_RECORD_TYPE_LABELS: Record<LinkRecordType, string> = {
  activity: "活动",
  board_edition: "黑白榜",
  problem: "问题整改",
};

export const READINESS = ["complete", "partial", "missing"] as const;
export type Readiness = (typeof READINESS)[number];
export const READINESS_LABELS: Record<Readiness, string> = {
  complete: "齐全",
  partial: "部分",
  missing: "缺失",
};

/** A measured target's outcome: met, not met (with the shortfall in words), or not measurable yet. */
export type MeasureOutcome =
  | { state: "met"; text: string }
  /** `progress`: part of the target is there (a month held, some problems closed on time) */
  | { state: "unmet"; text: string; progress?: boolean }
  | { state: "unmeasurable"; text: string };

/**
 * An item's readiness: 齐全 when every needed kind of evidence is present and its target (if any) is
 * met; 缺失 when nothing at all is there; else 部分. `gaps` says what is missing, in words
 * (缺：图片、总结; 道德讲堂 11月 仅1次).
 */
export function readinessOf(
  needed: readonly EvidenceKind[],
  present: ReadonlySet<EvidenceKind>,
  measure: MeasureOutcome | null,
): { readiness: Readiness; gaps: string[] } {
  const lacking = needed.filter((k) => !present.has(k));
  const gaps: string[] = [];
  if (lacking.length > 0) gaps.push(`缺：${lacking.map((k) => EVIDENCE_KIND_LABELS[k]).join("、")}`);
  if (measure && measure.state !== "met") gaps.push(measure.text);
  if (gaps.length === 0) return { readiness: "complete", gaps };
  const anything =
    present.size > 0 || measure?.state === "met" || (measure?.state === "unmet" && measure.progress === true);
  return { readiness: anything ? "partial" : "missing", gaps };
}

/** 模拟测评 grades and the share of an item's points each is worth. */
export const GRADES = ["A", "B", "C", "C#"] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_SHARE: Record<Grade, number> = { A: 1, B: 0.66, C: 0.33, "C#": 0 };

/** The estimated score of a self-assessment: points × the grade's share, summed, to 0.01. */
export function estimatedScore(graded: ReadonlyArray<{ points: number; grade: Grade | null }>): number {
  const total = graded.reduce((sum, g) => sum + (g.grade ? g.points * GRADE_SHARE[g.grade] : 0), 0);
  return Math.round(total * 100) / 100;
}

// Records of the system that count as evidence (issue 10); the measured targets are in measure-rules.ts.

/** What a confirmed record counts as: an activity has its sign-in sheet and photos, a closed problem
 * its before/after photos and its ledger row, a 黑白榜 edition is a record of the month. */
export const LINK_EVIDENCE_KINDS: Record<LinkRecordType, readonly EvidenceKind[]> = {
  activity: ["record", "photo"],
  board_edition: ["record"],
  problem: ["photo", "record"],
};

export const LINK_STATES = ["proposed", "confirmed", "removed"] as const;
export type LinkState = (typeof LINK_STATES)[number];
export const LINK_STATE_LABELS: Record<LinkState, string> = {
  proposed: "待确认",
  confirmed: "已确认",
  removed: "已移除",
};

/** The kind of record the system proposes as evidence of an item with this target, or null for none. */
export function linkTypeOf(measure: Measure | null | undefined): LinkRecordType | null {
  switch (measure?.kind) {
    case "activities_per_month":
      return "activity";
    case "board_monthly":
      return "board_edition";
    case "problems_on_time":
      return "problem";
    default:
      return null;
  }
}
