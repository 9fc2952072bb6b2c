import dayjs, { type Dayjs } from "dayjs";
import { APP_TIME_ZONE, formatTime } from "./time";

/** "2026-12-05 09:00–11:00", or both full times when the activity spans days; Beijing time. */
export function activityTimeText(startsAt: string, endsAt: string): string {
  const sameDay = formatTime(startsAt, "YYYY-MM-DD") === formatTime(endsAt, "YYYY-MM-DD");
  return sameDay
    ? `${formatTime(startsAt, "YYYY-MM-DD HH:mm")}–${formatTime(endsAt, "HH:mm")}`
    : `${formatTime(startsAt, "YYYY-MM-DD HH:mm")} 至 ${formatTime(endsAt, "YYYY-MM-DD HH:mm")}`;
}

export type ActivityPhase = "cancelled" | "upcoming" | "ongoing" | "ended";

export const PHASE_LABELS: Record<ActivityPhase, string> = {
  cancelled: "已取消",
  upcoming: "未开始",
  ongoing: "进行中",
  ended: "已结束",
};

export const PHASE_COLORS: Record<ActivityPhase, string> = {
  cancelled: "default",
  upcoming: "blue",
  ongoing: "green",
  ended: "default",
};

export function activityPhase(a: { status: string; startsAt: string; endsAt: string }, now = new Date()) {
  if (a.status === "cancelled") return "cancelled";
  const t = now.toISOString();
  if (t < a.startsAt) return "upcoming";
  return t < a.endsAt ? "ongoing" : "ended";
}

/**
 * A picked date-time is what the admin means in Beijing, whatever the browser's own time zone:
 * the wall-clock value is read in Asia/Shanghai and sent as an ISO instant.
 */
export function pickerToIso(value: Dayjs): string {
  return dayjs.tz(value.format("YYYY-MM-DD HH:mm"), APP_TIME_ZONE).toISOString();
}

/** The picker value that shows a stored instant in Beijing time. */
export function isoToPicker(iso: string): Dayjs {
  return dayjs(formatTime(iso, "YYYY-MM-DD HH:mm"));
}
