import {
  HOURS_STATUS_LABELS,
  POLITICAL_STATUS_LABELS,
  SERVICE_TIME_LABELS,
  SKILL_LABELS,
  SKILLS,
  POLITICAL_STATUSES,
  VOLUNTEER_STATUS_LABELS,
  type HoursStatus,
  type PoliticalStatus,
  type ServiceTime,
  type Skill,
  type VolunteerStatus,
} from "@chuangcheng/domain/rules";

export const GENDER_LABELS = { male: "男", female: "女" } as const;

export const VOLUNTEER_STATUS_COLORS: Record<VolunteerStatus, string> = {
  pending: "gold",
  registered: "green",
  rejected: "red",
  withdrawn: "default",
};

export const HOURS_STATUS_COLORS: Record<HoursStatus, string> = {
  none: "default",
  pending: "orange",
  confirmed: "green",
};

export const ACTIVITY_STATUS_LABELS: Record<string, string> = { published: "已发布", cancelled: "已取消" };

export const skillOptions = SKILLS.map((s) => ({ value: s, label: SKILL_LABELS[s] }));
export const politicalOptions = POLITICAL_STATUSES.map((p) => ({
  value: p,
  label: POLITICAL_STATUS_LABELS[p],
}));

export const skillLabel = (s: string) => SKILL_LABELS[s as Skill] ?? s;
export const skillsText = (skills: readonly string[]) => skills.map(skillLabel).join("、");
export const serviceTimesText = (times: readonly string[]) =>
  times.map((t) => SERVICE_TIME_LABELS[t as ServiceTime] ?? t).join("、");
export const politicalLabel = (p: string | null) =>
  p === null ? null : (POLITICAL_STATUS_LABELS[p as PoliticalStatus] ?? p);
export const genderLabel = (g: "male" | "female" | null) => (g ? GENDER_LABELS[g] : null);
export const hoursStatusLabel = (s: HoursStatus) => HOURS_STATUS_LABELS[s];
export const volunteerStatusLabel = (s: VolunteerStatus) => VOLUNTEER_STATUS_LABELS[s];

/** 90 -> "1.5 小时"; hours to one decimal, as the server counts them. */
export function minutesToHours(minutes: number): string {
  return `${Math.round((minutes / 60) * 10) / 10} 小时`;
}
