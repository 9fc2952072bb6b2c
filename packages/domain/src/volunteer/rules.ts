import type { VolunteerStatus } from "../db/database.js";
import { InvalidTransitionError } from "../errors.js";

// Volunteer vocabulary and the one transition function for a registration. Pure: safe in a browser.

export const POLITICAL_STATUSES = ["party_member", "probationary_member", "league_member", "masses", "other"] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];
export const POLITICAL_STATUS_LABELS: Record<PoliticalStatus, string> = {
  party_member: "中共党员",
  probationary_member: "中共预备党员",
  league_member: "共青团员",
  masses: "群众",
  other: "其他",
};

export const SKILLS = [
  "arts",
  "medical",
  "legal",
  "education",
  "sanitation",
  "elderly_care",
  "counseling",
  "haircut",
  "other",
] as const;
export type Skill = (typeof SKILLS)[number];
export const SKILL_LABELS: Record<Skill, string> = {
  arts: "文艺",
  medical: "医疗",
  legal: "法律",
  education: "教育",
  sanitation: "环卫",
  elderly_care: "为老服务",
  counseling: "心理疏导",
  haircut: "理发",
  other: "其他",
};

export const SERVICE_TIMES = [
  "weekday_morning",
  "weekday_afternoon",
  "weekday_evening",
  "weekend_morning",
  "weekend_afternoon",
  "weekend_evening",
] as const;
export type ServiceTime = (typeof SERVICE_TIMES)[number];
export const SERVICE_TIME_LABELS: Record<ServiceTime, string> = {
  weekday_morning: "工作日上午",
  weekday_afternoon: "工作日下午",
  weekday_evening: "工作日晚上",
  weekend_morning: "周末上午",
  weekend_afternoon: "周末下午",
  weekend_evening: "周末晚上",
};

export const VOLUNTEER_STATUSES = ["pending", "registered", "rejected", "withdrawn"] as const satisfies readonly VolunteerStatus[];
export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, string> = {
  pending: "待审核",
  registered: "已注册",
  rejected: "已驳回",
  withdrawn: "已注销",
};

export type VolunteerAction = "approve" | "reject" | "resubmit" | "withdraw";
const ACTION_LABELS: Record<VolunteerAction, string> = {
  approve: "通过",
  reject: "驳回",
  resubmit: "重新提交",
  withdraw: "注销",
};

const MOVES: Record<VolunteerStatus, Partial<Record<VolunteerAction, VolunteerStatus>>> = {
  // An applicant may take back an application at any time: their 身份证号 should not wait on an admin.
  pending: { approve: "registered", reject: "rejected", withdraw: "withdrawn" },
  rejected: { resubmit: "pending", withdraw: "withdrawn" },
  registered: { withdraw: "withdrawn" },
  withdrawn: {},
};

/** 待审核 -> 已注册 | 已驳回; 已驳回 -> 待审核 (corrected); 已注册 (or an application) -> 已注销. Anything else is refused. */
export function volunteerTransition(from: VolunteerStatus, action: VolunteerAction): VolunteerStatus {
  const to = MOVES[from][action];
  if (!to) {
    throw new InvalidTransitionError(`当前状态为“${VOLUNTEER_STATUS_LABELS[from]}”，不能${ACTION_LABELS[action]}`);
  }
  return to;
}

/** Registration-ratio target presets, in per mille of 常住人口 (10% = 100). */
export const TARGET_PRESETS_PERMILLE = [80, 100, 130] as const;
export const DEFAULT_TARGET_PERMILLE = 100;
/** The range a target may take: 0.1% to 100% of 常住人口, in steps of 0.1%. */
export const TARGET_MIN_PERMILLE = 1;
export const TARGET_MAX_PERMILLE = 1000;

/**
 * Why a 注册率 target (per mille of 常住人口) is refused, or null when it may be set. The console checks a
 * typed percentage with it (×10) before sending; the schema and the service refuse the same values.
 */
export function ratioTargetError(permille: number): string | null {
  if (!Number.isFinite(permille)) return "请输入目标（%）";
  if (!Number.isInteger(permille)) return "目标最多保留1位小数";
  if (permille < TARGET_MIN_PERMILLE) return `目标至少为${TARGET_MIN_PERMILLE / 10}%`;
  if (permille > TARGET_MAX_PERMILLE) return `目标不能超过${TARGET_MAX_PERMILLE / 10}%`;
  return null;
}
