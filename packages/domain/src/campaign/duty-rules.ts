// The calendar of recurring duties (常态化工作): what a 社区 must do each month or quarter, the periods
// of a calendar view and the state of each period. Pure: safe in a browser (see ../rules.ts).

import type { ActivityKind } from "../db/database.js";
import type { EvidenceKind } from "./rules.js";
import { monthsBetween, quarterOf } from "./measure-rules.js";

export const DUTY_CADENCES = ["month", "quarter"] as const;
export type DutyCadence = (typeof DUTY_CADENCES)[number];
export const DUTY_CADENCE_LABELS: Record<DutyCadence, string> = { month: "每月", quarter: "每季度" };

/** What counts as done: records the system already has, or a person's tick with a photo. */
export const DUTY_DONE_BY = ["activity", "edition", "evidence", "manual"] as const;
export type DutyDoneBy = (typeof DUTY_DONE_BY)[number];
export const DUTY_DONE_BY_LABELS: Record<DutyDoneBy, string> = {
  activity: "举办活动",
  edition: "发布红黑榜",
  evidence: "上传创城材料",
  manual: "人工打卡（附照片）",
};

export const DUTY_STATES = ["done", "due", "overdue", "upcoming", "not_set"] as const;
export type DutyState = (typeof DUTY_STATES)[number];
export const DUTY_STATE_LABELS: Record<DutyState, string> = {
  done: "已完成",
  due: "待完成",
  overdue: "已逾期",
  upcoming: "未开始",
  not_set: "未设立",
};

export const DUTY_TITLE_MAX = 30;
export const DUTY_NOTE_MAX = 500;
export const DUTY_TIMES_MAX = 31;
export const DUTY_REMIND_DAYS_MAX = 31;
export const DUTY_RULES_MAX = 50;

export interface DutyRuleDefault {
  title: string;
  cadence: DutyCadence;
  times: number;
  doneBy: DutyDoneBy;
  activityKind?: ActivityKind;
  evidenceKind?: EvidenceKind;
  evidenceItem?: string;
  remindDays: number;
  forResidents: boolean;
}

/**
 * The built-in rules a 社区 starts from (then edits): the duties the 测评体系 checks by the month or
 * the quarter, as the seeds' 工作总结 report them (道德讲堂 每月两场, 红黑榜 每月一期, 宣传栏 每季度更新).
 * The 宣传栏 rule counts photos filed under the built-in template's item 宣传栏更新 (renewed every quarter).
 */
export const DEFAULT_DUTY_RULES: readonly DutyRuleDefault[] = [
  {
    title: "道德讲堂",
    cadence: "month",
    times: 2,
    doneBy: "activity",
    activityKind: "moral_lecture",
    remindDays: 10,
    forResidents: true,
  },
  {
    title: "志愿服务活动",
    cadence: "month",
    times: 2,
    doneBy: "activity",
    activityKind: "volunteer_service",
    remindDays: 10,
    forResidents: true,
  },
  { title: "红黑榜发布", cadence: "month", times: 1, doneBy: "edition", remindDays: 7, forResidents: false },
  {
    title: "环境卫生大扫除",
    cadence: "month",
    times: 1,
    doneBy: "manual",
    remindDays: 7,
    forResidents: true,
  },
  {
    title: "宣传栏更新",
    cadence: "quarter",
    times: 1,
    doneBy: "evidence",
    evidenceKind: "photo",
    evidenceItem: "宣传栏更新",
    remindDays: 15,
    forResidents: false,
  },
  {
    title: "文体活动",
    cadence: "quarter",
    times: 2,
    doneBy: "activity",
    activityKind: "culture_sports",
    remindDays: 15,
    forResidents: true,
  },
  { title: "入户走访", cadence: "quarter", times: 1, doneBy: "manual", remindDays: 15, forResidents: false },
];

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** Whether `period` is a month (YYYY-MM) or a quarter (YYYY-Qn) key, and which. */
export function cadenceOf(period: string): DutyCadence | null {
  if (MONTH.test(period)) return "month";
  if (QUARTER.test(period)) return "quarter";
  return null;
}

/** The first and last China day (YYYY-MM-DD) of a month or quarter key. */
export function periodDays(period: string): { first: string; last: string } {
  const q = QUARTER.exec(period);
  const [year, firstMonth, months] = q
    ? [Number(q[1]), (Number(q[2]) - 1) * 3 + 1, 3]
    : (() => {
        const m = MONTH.exec(period);
        if (!m) throw new Error(`not a period: ${period}`);
        return [Number(m[1]), Number(m[2]), 1];
      })();
  const lastMonth = firstMonth + months - 1;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return { first: `${year}-${pad(firstMonth)}-01`, last: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** The period of a cadence that a China date falls in. */
export function periodOf(cadence: DutyCadence, date: string): string {
  return cadence === "month" ? date.slice(0, 7) : quarterOf(date);
}

/** The period of the same cadence just before `period` (2026-01 → 2025-12, 2026-Q1 → 2025-Q4). */
export function previousPeriod(period: string): string {
  const { first } = periodDays(period);
  const [y, m] = first.split("-").map(Number) as [number, number];
  const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  return cadenceOf(period) === "quarter" ? quarterOf(before) : before;
}

/**
 * The periods a view shows for a rule of `cadence`: a month view shows the month, or the quarter it
 * is in; a quarter view shows the quarter, or its three months.
 */
export function viewPeriods(view: string, cadence: DutyCadence): string[] {
  const viewCadence = cadenceOf(view);
  if (viewCadence === null) throw new Error(`not a period: ${view}`);
  if (viewCadence === cadence) return [view];
  if (viewCadence === "month") return [quarterOf(view)];
  const { first, last } = periodDays(view);
  return monthsBetween(first, last);
}

/**
 * A period's state on `today` (China date): 已完成 once done `times` times; otherwise 已逾期 after its
 * last day, 未开始 before its first, 待完成 in between. A period that ended undone but began before
 * the rule was set up (`since`, its China day) is 未设立: nobody owed it. `dueSoon` when, not done,
 * `remindDays` or fewer days are left (the last day counts): when the reminder goes out.
 */
export function dutyState(
  p: { period: string; done: number; times: number; remindDays: number; since?: string | undefined },
  today: string,
): { state: DutyState; dueSoon: boolean; daysLeft: number } {
  const { first, last } = periodDays(p.period);
  const daysLeft = Math.round((Date.parse(last) - Date.parse(today)) / 86_400_000) + 1;
  if (p.done >= p.times) return { state: "done", dueSoon: false, daysLeft };
  if (today > last) {
    return { state: p.since !== undefined && p.since > first ? "not_set" : "overdue", dueSoon: false, daysLeft };
  }
  if (today < first) return { state: "upcoming", dueSoon: false, daysLeft };
  return { state: "due", dueSoon: daysLeft <= p.remindDays, daysLeft };
}

/** "道德讲堂 每月 2 次", "宣传栏更新 每季度" — a rule in words. */
export function dutyRuleText(r: { title: string; cadence: DutyCadence; times: number }): string {
  return `${r.title} ${DUTY_CADENCE_LABELS[r.cadence]}${r.times > 1 ? ` ${r.times} 次` : ""}`;
}

/** What is left in words: "还差 1 次（已办 1 次，需 2 次）". */
export function dutyProgressText(done: number, times: number): string {
  if (done >= times) return times > 1 ? `已办 ${done} 次` : "已完成";
  return `已办 ${done} 次，需 ${times} 次`;
}
