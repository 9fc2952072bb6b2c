// 本月安排 on the home page, in words: pure, so that it can be tested without a browser.

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/**
 * A China date (YYYY-MM-DD, a day people mean, not an instant: no time zone applies) as
 * 12月16日 周三.
 */
export function dutyDayText(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${m}月${d}日 ${WEEKDAYS[weekday]}`;
}

/** "道德讲堂 每月 2 次" under the heading 道德讲堂: the part after the title ("每月 2 次"). */
export function dutyCadenceText(title: string, text: string): string {
  return text.startsWith(`${title} `) ? text.slice(title.length + 1) : text;
}

/** A duty of 本月安排: done by an activity, or by something residents do not see dated. */
export interface MonthDuty {
  /** how the duty is done (campaign.residentMonth); "activity" ones are dated by their activities */
  doneBy?: string;
  activities: readonly { held: boolean }[];
}

/** What a duty with no dated activity this month says: 本月待安排 for one held as activities. */
export function dutyPendingText(duty: MonthDuty): string | null {
  if (duty.activities.length > 0) return null;
  return duty.doneBy === "activity" ? "本月待安排" : null;
}
