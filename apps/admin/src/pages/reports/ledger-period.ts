import dayjs, { type Dayjs } from "dayjs";

// The period pickers' quick choices, by China date: 本月, 本季度, 本年, 上年.

/** Today in China, as a dayjs date (whatever the browser's time zone). */
export function chinaToday(now = new Date()): Dayjs {
  const text = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
  return dayjs(text);
}

export type Period = [Dayjs, Dayjs];

export function periodPresets(now = new Date()): Array<{ label: string; value: Period }> {
  const today = chinaToday(now);
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf("month");
  return [
    { label: "本月", value: [today.startOf("month"), today.endOf("month").startOf("day")] },
    { label: "本季度", value: [quarterStart, quarterStart.add(2, "month").endOf("month").startOf("day")] },
    { label: "本年", value: [today.startOf("year"), today.endOf("year").startOf("day")] },
    {
      label: "上年",
      value: [
        today.subtract(1, "year").startOf("year"),
        today.subtract(1, "year").endOf("year").startOf("day"),
      ],
    },
  ];
}

export const dateText = (d: Dayjs) => d.format("YYYY-MM-DD");
