import {
  POLITICAL_STATUSES,
  POLITICAL_STATUS_LABELS,
  SERVICE_TIMES,
  SERVICE_TIME_LABELS,
  SKILLS,
  SKILL_LABELS,
  type PoliticalStatus,
  type ServiceTime,
  type Skill,
} from "@chuangcheng/domain/rules";

export const POLITICAL_OPTIONS = POLITICAL_STATUSES.map((value) => ({
  value,
  label: POLITICAL_STATUS_LABELS[value],
}));
export const SKILL_OPTIONS = SKILLS.map((value) => ({ value, label: SKILL_LABELS[value] }));
/** 工作日 上午/下午/晚上 on the first row, 周末 on the second (three columns). */
export const SERVICE_TIME_OPTIONS = SERVICE_TIMES.map((value) => ({
  value,
  label: SERVICE_TIME_LABELS[value],
}));

const isSkill = (v: string): v is Skill => (SKILLS as readonly string[]).includes(v);
const isServiceTime = (v: string): v is ServiceTime => (SERVICE_TIMES as readonly string[]).includes(v);
export const isPoliticalStatus = (v: string | null): v is PoliticalStatus =>
  v !== null && (POLITICAL_STATUSES as readonly string[]).includes(v);

/** The server sends plain strings; keep the known codes (for prefilling the form). */
export const knownSkills = (values: readonly string[]): Skill[] => values.filter(isSkill);
export const knownServiceTimes = (values: readonly string[]): ServiceTime[] => values.filter(isServiceTime);

/** 文艺、医疗 … in Chinese, whatever the server stored. */
export function skillNames(values: readonly string[]): string[] {
  return values.map((v) => (isSkill(v) ? SKILL_LABELS[v] : v));
}

export function serviceTimeNames(values: readonly string[]): string[] {
  return values.map((v) => (isServiceTime(v) ? SERVICE_TIME_LABELS[v] : v));
}
