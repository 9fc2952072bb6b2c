import dayjs, { type Dayjs } from "dayjs";
import utc from "dayjs/plugin/utc";
import timezone from "dayjs/plugin/timezone";
import "dayjs/locale/zh-cn";

// Times are stored as ISO-8601 UTC instants and shown in Beijing time, whatever the zone of the phone
// or computer. Both apps format them here, with dayjs in the zh-cn locale (antd's DatePicker uses the
// same dayjs, so its calendar reads 周一 … and starts on Monday).

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale("zh-cn");

export const APP_TIME_ZONE = "Asia/Shanghai";

/** An instant (ISO string or Date) in Beijing time. */
export function chinaTime(at: string | Date): Dayjs {
  return dayjs(at).tz(APP_TIME_ZONE);
}

/** An instant in Beijing time as `pattern` (dayjs tokens): 2026-12-05 09:00:00 by default. */
export function formatTime(iso: string, pattern = "YYYY-MM-DD HH:mm:ss"): string {
  return chinaTime(iso).format(pattern);
}

/** Today's date in China as YYYY-MM-DD (the 身份证号 rules compare birth dates with it). */
export function chinaToday(now = new Date()): string {
  return chinaTime(now).format("YYYY-MM-DD");
}

/** 早上好 / 上午好 / 中午好 / 下午好 / 晚上好 by the hour in Beijing time. */
export function greeting(now = new Date()): string {
  const hour = chinaTime(now).hour();
  if (hour < 5) return "晚上好";
  if (hour < 9) return "早上好";
  if (hour < 11) return "上午好";
  if (hour < 13) return "中午好";
  if (hour < 18) return "下午好";
  return "晚上好";
}

/** 12月5日 周六 (with the year when it is not this year's). */
function dayText(t: Dayjs, now: Date): string {
  return t.format(t.year() === chinaTime(now).year() ? "M月D日 ddd" : "YYYY年M月D日 ddd");
}

const sameDay = (a: Dayjs, b: Dayjs) => a.format("YYYY-MM-DD") === b.format("YYYY-MM-DD");

/** 09:05 */
export function clockText(iso: string): string {
  return formatTime(iso, "HH:mm");
}

/** 12月5日 周六 09:00 */
export function dateTimeText(iso: string, now = new Date()): string {
  const t = chinaTime(iso);
  return `${dayText(t, now)} ${t.format("HH:mm")}`;
}

/** 12月5日 周六 09:00–11:00, or both days in full when the activity runs past midnight. */
export function timeRangeText(startsAt: string, endsAt: string, now = new Date()): string {
  const from = chinaTime(startsAt);
  const to = chinaTime(endsAt);
  return sameDay(from, to)
    ? `${dayText(from, now)} ${from.format("HH:mm")}–${to.format("HH:mm")}`
    : `${dayText(from, now)} ${from.format("HH:mm")} – ${dayText(to, now)} ${to.format("HH:mm")}`;
}

/** The console's form: "2026-12-05 09:00–11:00", or both full times when the activity spans days. */
export function activityTimeText(startsAt: string, endsAt: string): string {
  const from = chinaTime(startsAt);
  const to = chinaTime(endsAt);
  return sameDay(from, to)
    ? `${from.format("YYYY-MM-DD HH:mm")}–${to.format("HH:mm")}`
    : `${from.format("YYYY-MM-DD HH:mm")} 至 ${to.format("YYYY-MM-DD HH:mm")}`;
}

/** 1949-12-31 -> 1949年12月31日: a date a person means, not an instant, so no time zone applies. */
export function birthDateText(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * A picked date-time is what the admin means in Beijing, whatever the browser's own time zone: the
 * wall-clock value is read in Asia/Shanghai and sent as an ISO instant.
 */
export function pickerToIso(value: Dayjs): string {
  return dayjs.tz(value.format("YYYY-MM-DD HH:mm"), APP_TIME_ZONE).toISOString();
}

/** The picker value that shows a stored instant in Beijing time (a local wall-clock Dayjs). */
export function isoToPicker(iso: string): Dayjs {
  return dayjs(formatTime(iso, "YYYY-MM-DD HH:mm"));
}
