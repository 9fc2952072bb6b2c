// Times are stored as ISO-8601 UTC; dates a person means (birthdays, "today") are China dates.

const chinaDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** YYYY-MM-DD in Asia/Shanghai. */
export function chinaToday(now = new Date()): string {
  return chinaDate.format(now);
}

/** A time to the minute, 24-hour, in Asia/Shanghai; how it is written is the locale's. */
const TO_THE_MINUTE: Intl.DateTimeFormatOptions = {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
};

const chinaDateTime = new Intl.DateTimeFormat("zh-CN", TO_THE_MINUTE);

/** "2026/12/05 09:00" in Asia/Shanghai, for documents people print; "" for null. */
export function chinaDateTimeText(iso: string | null): string {
  return iso ? chinaDateTime.format(new Date(iso)) : "";
}

const chinaMinute = new Intl.DateTimeFormat("sv-SE", TO_THE_MINUTE);

/** "2026-12-05 09:00" in Asia/Shanghai, as the console shows times (the 操作日志's changes). */
export function chinaMinuteText(iso: string): string {
  return chinaMinute.format(new Date(iso));
}
