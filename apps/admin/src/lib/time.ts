import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import timezone from "dayjs/plugin/timezone";
import "dayjs/locale/zh-cn";

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale("zh-cn");

export const APP_TIME_ZONE = "Asia/Shanghai";

/** Stored times are ISO-8601 UTC; people read them in Beijing time. */
export function formatTime(iso: string, pattern = "YYYY-MM-DD HH:mm:ss"): string {
  return dayjs.utc(iso).tz(APP_TIME_ZONE).format(pattern);
}
