// Times are shown in Asia/Shanghai whatever the phone's own zone is.
const hourFormat = new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone: "Asia/Shanghai" });

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
