import {
  ACTIVITY_KIND_LABELS,
  CAMPAIGN_STAGES,
  EVIDENCE_KIND_LABELS,
  type CampaignStage,
  type Measure,
} from "@chuangcheng/domain/rules";

// How the console words a campaign's stage, period and an item's measured target.

export const STAGE_COLORS: Record<CampaignStage, string> = {
  preparing: "default",
  implementing: "processing",
  inspection: "warning",
  summary: "purple",
  ended: "success",
};

/** 2027-01-01 至 2027-12-31 */
export function periodText(start: string, end: string): string {
  return `${start} 至 ${end}`;
}

/** The stage one step on (or back), or null at either end. */
export function stageStep(stage: CampaignStage, step: 1 | -1): CampaignStage | null {
  return CAMPAIGN_STAGES[CAMPAIGN_STAGES.indexOf(stage) + step] ?? null;
}

/** A measured target in words, as the inspectors would say it: 每月道德讲堂≥2次. */
export function measureText(measure: Measure | null): string {
  if (!measure) return "";
  switch (measure.kind) {
    case "volunteer_share":
      return "注册志愿者占常住人口比例≥社区目标";
    case "activities_per_month":
      return `每月${ACTIVITY_KIND_LABELS[measure.activityKind]}≥${measure.perMonth}次`;
    case "board_monthly":
      return "每月发布红黑榜";
    case "problems_on_time":
      return `问题按期办结率≥${Math.round(measure.share * 100)}%`;
    case "evidence_per_quarter":
      return `每季度有${EVIDENCE_KIND_LABELS[measure.evidenceKind]}`;
  }
}

/** Items grouped by 测评项目, the groups in the order their first item appears. */
export function groupByProject<T extends { project: string }>(
  items: readonly T[],
): Array<{ project: string; items: T[] }> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.project, [...(groups.get(item.project) ?? []), item]);
  return [...groups].map(([project, list]) => ({ project, items: list }));
}

/**
 * The moveItem call that moves an item one place up or down within its 测评项目 (never across): up puts
 * it before its predecessor in the group; down puts its successor before it. null at the group's end.
 */
export function moveWithinGroup<T extends { id: number; project: string }>(
  items: readonly T[],
  id: number,
  step: 1 | -1,
): { id: number; beforeId: number } | null {
  const item = items.find((i) => i.id === id);
  if (!item) return null;
  const group = items.filter((i) => i.project === item.project);
  const at = group.findIndex((i) => i.id === id);
  if (step === -1) {
    const prev = group[at - 1];
    return prev ? { id, beforeId: prev.id } : null;
  }
  const next = group[at + 1];
  return next ? { id: next.id, beforeId: id } : null;
}
