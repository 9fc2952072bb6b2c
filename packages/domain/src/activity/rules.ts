import type { ActivityKind, ActivityStatus, HoursStatus, SignupStatus } from "../db/database.js";
import { InvalidTransitionError } from "../errors.js";

// Activities, sign-ups and hours: labels and transitions. Pure: safe in a browser.

export const ACTIVITY_KINDS = ["volunteer_service", "moral_lecture", "culture_sports", "publicity"] as const satisfies readonly ActivityKind[];
export const ACTIVITY_STATUSES = ["published", "cancelled"] as const satisfies readonly ActivityStatus[];
export const SIGNUP_STATUSES = ["signed", "cancelled"] as const satisfies readonly SignupStatus[];
export const HOURS_STATUSES = ["none", "pending", "confirmed"] as const satisfies readonly HoursStatus[];
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  volunteer_service: "志愿服务",
  moral_lecture: "道德讲堂",
  culture_sports: "文体活动",
  publicity: "宣传教育",
};

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = { published: "已发布", cancelled: "已取消" };
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = { signed: "已报名", cancelled: "已取消" };
export const HOURS_STATUS_LABELS: Record<HoursStatus, string> = { none: "未签退", pending: "待确认", confirmed: "已确认" };

/** A sign-up may be cancelled only while signed and before the activity starts. */
export function cancelSignup(status: SignupStatus, startsAt: string, now: Date): SignupStatus {
  if (status !== "signed") throw new InvalidTransitionError("该报名已取消");
  if (now.toISOString() >= startsAt) throw new InvalidTransitionError("活动已开始，不能取消报名");
  return "cancelled";
}

/**
 * 未签退 -> 待确认 at check-out; 待确认 -> 已确认 by the organiser. Adjusting (with a reason) sets the
 * confirmed hours from any state: from 未签退 it is the organiser's 补录 for someone who forgot to check out.
 */
export function hoursTransition(
  from: HoursStatus,
  action: "checkout" | "confirm" | "adjust",
  checkInAt: string | null = null,
): HoursStatus {
  if (action === "checkout" && from === "none") return "pending";
  if (action === "confirm" && from === "pending") return "confirmed";
  if (action === "adjust") return "confirmed";
  const what = { checkout: "签退", confirm: "确认时长", adjust: "调整时长" }[action];
  throw new InvalidTransitionError(`当前时长状态为“${hoursStatusText({ hoursStatus: from, checkInAt })}”，不能${what}`);
}

/** Minutes served: check-out minus check-in, counted only within the activity's own time. */
export function serviceMinutes(checkIn: string, checkOut: string, startsAt: string, endsAt: string): number {
  const from = Math.max(Date.parse(checkIn), Date.parse(startsAt));
  const to = Math.min(Date.parse(checkOut), Date.parse(endsAt));
  return Math.max(0, Math.floor((to - from) / 60_000));
}

/** The most minutes an activity can credit anyone: its length, in whole minutes (rounded up). */
export function activityMaxMinutes(startsAt: string, endsAt: string): number {
  return Math.max(0, Math.ceil((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000));
}

/** Minutes as hours with one decimal (90 -> 1.5, 120 -> 2): how totals, star levels and lists count hours. */
export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 10) / 10;
}

/** Check-in opens an hour before the start and closes at the end. */
export const CHECK_IN_OPENS_MS = 60 * 60 * 1000;
/** Check-out stays open for two hours after the end (people forget). */
export const CHECK_OUT_GRACE_MS = 2 * 60 * 60 * 1000;

/** Where `now` stands against a window: not yet open, open, or closed. */
export type WindowState = "before" | "open" | "after";

export interface AttendanceWindow {
  opensAt: string;
  closesAt: string;
  state: WindowState;
}

function windowAt(opensMs: number, closesMs: number, now: Date): AttendanceWindow {
  const t = now.getTime();
  return {
    opensAt: new Date(opensMs).toISOString(),
    closesAt: new Date(closesMs).toISOString(),
    state: t < opensMs ? "before" : t > closesMs ? "after" : "open",
  };
}

/**
 * When check-in is possible: from an hour before the start until the end. The server refuses outside
 * it; the console greys the 签到 button out and says when it opens, from the same rule.
 */
export function checkInWindow(a: { startsAt: string; endsAt: string }, now: Date): AttendanceWindow {
  return windowAt(Date.parse(a.startsAt) - CHECK_IN_OPENS_MS, Date.parse(a.endsAt), now);
}

/** When check-out is possible (after checking in): any time until two hours after the end. */
export function checkOutWindow(a: { startsAt: string; endsAt: string }, now: Date): AttendanceWindow {
  return windowAt(Date.parse(a.startsAt) - CHECK_IN_OPENS_MS, Date.parse(a.endsAt) + CHECK_OUT_GRACE_MS, now);
}

/**
 * What 时长状态 says for a sign-up. The stored status is 未签退 (none) from the sign-up on, but someone
 * who never checked in has not "not checked out": they are 未签到.
 */
export function hoursStatusText(s: { hoursStatus: HoursStatus; checkInAt: string | null }): string {
  if (s.hoursStatus === "none" && s.checkInAt === null) return "未签到";
  return HOURS_STATUS_LABELS[s.hoursStatus];
}

/**
 * Whether a sign-up belongs on the volunteer's 服务记录 (the card in the portal): a service that stands
 * or was done. A sign-up the volunteer cancelled, or an activity the 社区 cancelled, is no service (我的活动
 * still lists both as 已取消); one that already earned hours stays, so the total can be explained.
 */
export function inServiceRecord(s: {
  signupStatus: SignupStatus;
  activityStatus: ActivityStatus;
  hoursStatus: HoursStatus;
  checkInAt: string | null;
}): boolean {
  if (s.hoursStatus !== "none" || s.checkInAt !== null) return true;
  return s.signupStatus === "signed" && s.activityStatus === "published";
}
/** A check-in QR code is valid this long; the organiser's page renews it. */
export const QR_TOKEN_TTL_MS = 10 * 60 * 1000;
/** A scan this soon after checking in is taken for a double tap and refused, not as a check-out. */
export const RESCAN_GAP_MS = 5 * 60 * 1000;
