// The measured targets of a campaign's items: the campaign's period so far in months and quarters, and
// each target's outcome in words (道德讲堂 11月 仅1次). Pure: safe in a browser (see ../rules.ts).

import type { MeasureOutcome } from "./rules.js";

const YEAR_MONTH = /^(\d{4})-(\d{2})/;

/** Every month (YYYY-MM) from the month of `from` to the month of `to` (dates YYYY-MM-DD), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const a = YEAR_MONTH.exec(from);
  const b = YEAR_MONTH.exec(to);
  if (!a || !b) return [];
  const out: string[] = [];
  for (
    let y = Number(a[1]), m = Number(a[2]);
    y < Number(b[1]) || (y === Number(b[1]) && m <= Number(b[2]));
  ) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** The quarter (YYYY-Qn) a date or month falls in. */
export function quarterOf(date: string): string {
  const m = YEAR_MONTH.exec(date);
  if (!m) return "";
  return `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}`;
}

/** Every quarter from the one of `from` to the one of `to`, in order. */
export function quartersBetween(from: string, to: string): string[] {
  return [...new Set(monthsBetween(from, to).map(quarterOf))];
}

/** "11月" or, when the period spans years, "2026年11月"; "第2季度" or "2027年第2季度". */
export function periodText(period: string, withYear: boolean): string {
  const q = /^(\d{4})-Q(\d)$/.exec(period);
  if (q) return `${withYear ? `${q[1]}年` : ""}第${q[2]}季度`;
  const m = YEAR_MONTH.exec(period);
  if (!m) return period;
  return `${withYear ? `${m[1]}年` : ""}${Number(m[2])}月`;
}

/** The campaign's period as far as it has run: its months and quarters so far, and which is current. */
export interface PeriodSoFar {
  /** false before the period starts: nothing can be measured yet */
  started: boolean;
  months: string[];
  quarters: string[];
  /** the month and quarter in progress (null once the period has ended) */
  currentMonth: string | null;
  currentQuarter: string | null;
  /** whether texts name the year (a period across years) */
  withYear: boolean;
}

export function periodSoFar(periodStart: string, periodEnd: string, today: string): PeriodSoFar {
  const started = today >= periodStart;
  const until = today < periodEnd ? today : periodEnd;
  const ended = today > periodEnd;
  return {
    started,
    months: started ? monthsBetween(periodStart, until) : [],
    quarters: started ? quartersBetween(periodStart, until) : [],
    currentMonth: started && !ended ? today.slice(0, 7) : null,
    currentQuarter: started && !ended ? quarterOf(today) : null,
    withYear: periodStart.slice(0, 4) !== periodEnd.slice(0, 4),
  };
}

const LISTED_SHORTFALLS = 6;

/**
 * A target that every month (or quarter) so far must reach. Periods that have ended are judged; the one
 * in progress counts once it has reached the target (an inspector does not fault a month not yet over),
 * and while no period has ended and the current one has not reached it, the target cannot be judged.
 * `short(period, n)` words one shortfall ("11月 仅1次"), `label` leads the text ("道德讲堂").
 */
export function periodicOutcome(opts: {
  label: string;
  periods: readonly string[];
  current: string | null;
  counts: ReadonlyMap<string, number>;
  need: number;
  short: (period: string, n: number) => string;
  met: (judged: number) => string;
  started: boolean;
}): MeasureOutcome {
  if (!opts.started) return { state: "unmeasurable", text: `${opts.label} 创城活动尚未开始` };
  const n = (p: string) => opts.counts.get(p) ?? 0;
  const judged = opts.periods.filter((p) => p !== opts.current || n(p) >= opts.need);
  if (judged.length === 0) {
    return {
      state: "unmeasurable",
      text: `${opts.label} 首期尚未结束（${opts.short(opts.current ?? opts.periods[0] ?? "", n(opts.current ?? ""))}）`,
    };
  }
  const shortfalls = judged.filter((p) => n(p) < opts.need);
  if (shortfalls.length === 0) return { state: "met", text: `${opts.label} ${opts.met(judged.length)}` };
  const listed = shortfalls.slice(0, LISTED_SHORTFALLS).map((p) => opts.short(p, n(p)));
  const more = shortfalls.length > LISTED_SHORTFALLS ? ` 等${shortfalls.length}期` : "";
  const progress = opts.periods.some((p) => n(p) > 0);
  return { state: "unmet", text: `${opts.label} ${listed.join("、")}${more}`, progress };
}

/** Registered volunteers against the 社区's own target (per mille of 常住人口). */
export function volunteerShareOutcome(
  registered: number,
  population: number | null,
  targetPermille: number,
): MeasureOutcome {
  const target = `${targetPermille / 10}%`;
  if (!population || population <= 0) {
    return { state: "unmeasurable", text: "注册志愿者比例 社区未登记常住人口，无法计算" };
  }
  const percent = Math.round((registered / population) * 10000) / 100;
  return registered * 1000 >= targetPermille * population
    ? { state: "met", text: `注册志愿者比例 ${percent}%（目标 ${target}）` }
    : { state: "unmet", text: `注册志愿者比例 ${percent}%，未达目标 ${target}`, progress: registered > 0 };
}

/** Problems closed by their deadline among those due so far (closed in the period, or open past it). */
export function onTimeOutcome(onTime: number, due: number, share: number): MeasureOutcome {
  const target = `${Math.round(share * 100)}%`;
  if (due === 0) return { state: "unmeasurable", text: `按期办结率 期内尚无应办结的问题（目标 ${target}）` };
  const percent = Math.round((onTime / due) * 100);
  return onTime >= share * due - 1e-9
    ? { state: "met", text: `按期办结率 ${percent}%（目标 ${target}）` }
    : {
        state: "unmet",
        text: `按期办结率 ${percent}%（${onTime}/${due}），未达 ${target}`,
        progress: onTime > 0,
      };
}
