import {
  POLITICAL_STATUSES,
  POLITICAL_STATUS_LABELS,
  SERVICE_TIMES,
  SERVICE_TIME_LABELS,
  SKILLS,
  SKILL_LABELS,
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

/** 文艺、医疗 … in Chinese. */
export function skillNames(values: readonly Skill[]): string[] {
  return values.map((v) => SKILL_LABELS[v]);
}

export function serviceTimeNames(values: readonly ServiceTime[]): string[] {
  return values.map((v) => SERVICE_TIME_LABELS[v]);
}
