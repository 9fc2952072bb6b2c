import { ValidationError } from "../errors.js";

// The period a 工作总结 covers: a month, a quarter, a half year, a year, a campaign's period or two
// dates. Pure: the console shows the same labels the document prints.

export const SUMMARY_PERIOD_KINDS = ["month", "quarter", "half", "year", "campaign", "range"] as const;
export type SummaryPeriodKind = (typeof SUMMARY_PERIOD_KINDS)[number];
export const SUMMARY_PERIOD_KIND_LABELS: Record<SummaryPeriodKind, string> = {
  month: "月度",
  quarter: "季度",
  half: "半年",
  year: "年度",
  campaign: "创建周期",
  range: "自定义",
};

/** The longest period a summary covers: a 创建周期 is three years. */
export const MAX_SUMMARY_DAYS = 3 * 366;
/** The earliest year the system holds work for. */
export const MIN_SUMMARY_YEAR = 2000;

export type SummaryPeriodInput =
  | { kind: "month"; year: number; month: number }
  | { kind: "quarter"; year: number; quarter: number }
  | { kind: "half"; year: number; half: number }
  | { kind: "year"; year: number }
  | { kind: "campaign"; campaignId: number }
  | { kind: "range"; from: string; to: string };

export interface SummaryPeriod {
  kind: SummaryPeriodKind;
  /** first day, YYYY-MM-DD (China dates) */
  from: string;
  /** last day, YYYY-MM-DD */
  to: string;
  /** as the title prints it: 2026年度, 2026年第四季度, 2026年上半年, 2026年11月 */
  label: string;
  campaignId: number | null;
}

const QUARTERS = ["一", "二", "三", "四"] as const;
const pad = (n: number) => String(n).padStart(2, "0");

function lastDay(year: number, month: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(days)}`;
}

/** 2026-03-01 → 2026年3月1日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** Days from `from` to `to`, both counted. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The text of a period in a 附表 row: 2026年1月1日至2026年12月3日 (the part already past). */
export function periodText(from: string, to: string): string {
  return `${chineseDate(from)}至${chineseDate(to)}`;
}

/**
 * The dates of a period asked for, checked against today (China date): it must have begun, must not
 * end before it starts and must not cover more than a 创建周期. A campaign's period comes from the
 * campaign (passed in by the caller, which reads it).
 */
export function resolvePeriod(
  input: SummaryPeriodInput,
  today: string,
  campaign?: { id: number; name: string; periodStart: string; periodEnd: string },
): SummaryPeriod {
  const thisYear = Number(today.slice(0, 4));
  const checkYear = (year: number) => {
    if (!Number.isInteger(year) || year < MIN_SUMMARY_YEAR || year > thisYear) {
      throw new ValidationError("period.year", `年份应在${MIN_SUMMARY_YEAR}年至${thisYear}年之间`);
    }
  };
  let period: SummaryPeriod;
  switch (input.kind) {
    case "month": {
      checkYear(input.year);
      const m = input.month;
      period = {
        kind: "month",
        from: `${input.year}-${pad(m)}-01`,
        to: lastDay(input.year, m),
        label: `${input.year}年${m}月`,
        campaignId: null,
      };
      break;
    }
    case "quarter": {
      checkYear(input.year);
      const q = input.quarter;
      period = {
        kind: "quarter",
        from: `${input.year}-${pad(q * 3 - 2)}-01`,
        to: lastDay(input.year, q * 3),
        label: `${input.year}年第${QUARTERS[q - 1]}季度`,
        campaignId: null,
      };
      break;
    }
    case "half": {
      checkYear(input.year);
      period = {
        kind: "half",
        from: `${input.year}-${input.half === 1 ? "01" : "07"}-01`,
        to: input.half === 1 ? `${input.year}-06-30` : `${input.year}-12-31`,
        label: `${input.year}年${input.half === 1 ? "上" : "下"}半年`,
        campaignId: null,
      };
      break;
    }
    case "year":
      checkYear(input.year);
      period = {
        kind: "year",
        from: `${input.year}-01-01`,
        to: `${input.year}-12-31`,
        label: `${input.year}年度`,
        campaignId: null,
      };
      break;
    case "campaign":
      if (!campaign) throw new ValidationError("period.campaignId", "请选择创城活动");
      period = {
        kind: "campaign",
        from: campaign.periodStart,
        to: campaign.periodEnd,
        label: campaign.name,
        campaignId: campaign.id,
      };
      break;
    case "range":
      if (input.to < input.from) throw new ValidationError("period.to", "结束日期不能早于开始日期");
      period = {
        kind: "range",
        from: input.from,
        to: input.to,
        label: `${chineseDate(input.from)}至${chineseDate(input.to)}`,
        campaignId: null,
      };
      break;
  }
  if (period.from > today) {
    throw new ValidationError(
      input.kind === "range" ? "period.from" : "period",
      "统计期间尚未开始，请选择已开始的期间",
    );
  }
  if (periodDays(period.from, period.to) > MAX_SUMMARY_DAYS) {
    throw new ValidationError(
      input.kind === "range" ? "period.to" : "period",
      "统计期间不能超过3年，请分段生成总结",
    );
  }
  return period;
}

/** The last day figures cover: the period's end, or today while it is still running. */
export function figuresUntil(period: Pick<SummaryPeriod, "to">, today: string): string {
  return period.to < today ? period.to : today;
}
