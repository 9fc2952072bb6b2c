import { minutesToHours } from "@chuangcheng/domain/rules";

/** 90 -> "1.5 小时": minutes as hours to one decimal, as the server counts them. */
export function hoursText(minutes: number): string {
  return `${minutesToHours(minutes)} 小时`;
}

/** A percentage with one decimal (8.2, 10), two below 1% so a small figure does not read as 0. */
export function percentText(value: number): string {
  const digits = value > 0 && value < 1 ? 100 : 10;
  return String(Math.round(value * digits) / digits);
}
