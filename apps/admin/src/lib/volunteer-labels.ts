import {
  POLITICAL_STATUS_LABELS,
  SERVICE_TIME_LABELS,
  SKILL_LABELS,
  SKILLS,
  POLITICAL_STATUSES,
  VOLUNTEER_STATUS_LABELS,
  hoursStatusText,
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

export const skillOptions = SKILLS.map((s) => ({ value: s, label: SKILL_LABELS[s] }));
export const politicalOptions = POLITICAL_STATUSES.map((p) => ({
  value: p,
  label: POLITICAL_STATUS_LABELS[p],
}));

export const skillsText = (skills: readonly Skill[]) => skills.map((s) => SKILL_LABELS[s]).join("、");
export const serviceTimesText = (times: readonly ServiceTime[]) =>
  times.map((t) => SERVICE_TIME_LABELS[t]).join("、");
export const politicalLabel = (p: PoliticalStatus | null) => (p === null ? null : POLITICAL_STATUS_LABELS[p]);
export const genderLabel = (g: "male" | "female" | null) => (g ? GENDER_LABELS[g] : null);
/** 未签到 / 未签退 / 待确认 / 已确认 of a sign-up (the domain's hoursStatusText). */
export const hoursStatusLabel = (s: { hoursStatus: HoursStatus; checkInAt: string | null }) =>
  hoursStatusText(s);
export const volunteerStatusLabel = (s: VolunteerStatus) => VOLUNTEER_STATUS_LABELS[s];
