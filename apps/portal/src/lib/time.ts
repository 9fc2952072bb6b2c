// Times are shown in Asia/Shanghai whatever the phone's own zone is.
const ZONE = "Asia/Shanghai";
const hourFormat = new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone: ZONE });
const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});
const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** 早上好 / 上午好 / 中午好 / 下午好 / 晚上好 by the hour in Beijing time. */
export function greeting(now = new Date()): string {
  const hour = Number(hourFormat.format(now));
  if (hour < 5) return "晚上好";
  if (hour < 9) return "早上好";
  if (hour < 11) return "上午好";
  if (hour < 13) return "中午好";
  if (hour < 18) return "下午好";
  return "晚上好";
}

interface ChinaParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function chinaParts(date: Date): ChinaParts {
  const parts = Object.fromEntries(partsFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Today's date in China as YYYY-MM-DD (the 身份证号 rules compare birth dates with it). */
export function chinaToday(now = new Date()): string {
  const p = chinaParts(now);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** 12月5日 周六 (with the year when it is not this year's). */
function dayText(p: ChinaParts, now: Date): string {
  const weekday = WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()]!;
  const year = p.year === chinaParts(now).year ? "" : `${p.year}年`;
  return `${year}${p.month}月${p.day}日 ${weekday}`;
}

const clock = (p: ChinaParts) => `${pad(p.hour)}:${pad(p.minute)}`;

/** 09:05 */
export function clockText(iso: string): string {
  return clock(chinaParts(new Date(iso)));
}

/** 12月5日 周六 09:00 */
export function dateTimeText(iso: string, now = new Date()): string {
  const p = chinaParts(new Date(iso));
  return `${dayText(p, now)} ${clock(p)}`;
}

/** 12月5日 周六 09:00–11:00, or both days in full when the activity runs past midnight. */
export function timeRangeText(startsAt: string, endsAt: string, now = new Date()): string {
  const from = chinaParts(new Date(startsAt));
  const to = chinaParts(new Date(endsAt));
  const sameDay = from.year === to.year && from.month === to.month && from.day === to.day;
  return sameDay
    ? `${dayText(from, now)} ${clock(from)}–${clock(to)}`
    : `${dayText(from, now)} ${clock(from)} – ${dayText(to, now)} ${clock(to)}`;
}

/** 1949-12-31 -> 1949年12月31日 */
export function birthDateText(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** Minutes as hours with one decimal: 90 -> "1.5", 120 -> "2". */
export function hoursOf(minutes: number): string {
  return String(Math.round((minutes / 60) * 10) / 10);
}

/** A percentage with one decimal (8.2, 10), two below 1% so a small figure does not read as 0. */
export function percentText(value: number): string {
  const digits = value > 0 && value < 1 ? 100 : 10;
  return String(Math.round(value * digits) / digits);
}
