import {
  ACTIVITY_KIND_LABELS,
  DUTY_DONE_BY_LABELS,
  EVIDENCE_KIND_LABELS,
  cadenceOf,
  periodDays,
  type DutyCadence,
  type DutyDoneBy,
  type DutyState,
  type EvidenceKind,
} from "@chuangcheng/domain/rules";

type ActivityKind = keyof typeof ACTIVITY_KIND_LABELS;

// How the calendar of recurring duties (常态工作日历) moves between periods and words its cells. Pure.

/** The view the address asks for (?period=2026-12 or 2026-Q4), or this month when it asks for none. */
export function viewOf(raw: string | null, today: string): string {
  return raw !== null && cadenceOf(raw) !== null ? raw : today.slice(0, 7);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The month or quarter `step` periods on (or back): 2026-12 → 2027-01, 2026-Q1 → 2025-Q4. */
export function shiftPeriod(period: string, step: number): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) {
    const index = Number(q[1]) * 4 + Number(q[2]) - 1 + step;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  }
  const [y, m] = period.split("-").map(Number) as [number, number];
  const index = y * 12 + m - 1 + step;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The period of `cadence` that holds today. */
export function currentPeriod(cadence: DutyCadence, today: string): string {
  const month = today.slice(0, 7);
  return cadence === "month" ? month : quarterOfMonth(month);
}

function quarterOfMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/**
 * 月 ⇄ 季度: a month view becomes its quarter; a quarter view becomes this month when the quarter holds
 * today, else the quarter's first month.
 */
export function switchCadence(period: string, cadence: DutyCadence, today: string): string {
  if (cadenceOf(period) === cadence) return period;
  if (cadence === "quarter") return quarterOfMonth(period);
  const { first, last } = periodDays(period);
  return today >= first && today <= last ? today.slice(0, 7) : first.slice(0, 7);
}

/** "2026年12月", "2026年第4季度". */
export function viewTitle(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${q[2]}季度`;
  const [y, m] = period.split("-");
  return `${y}年${Number(m)}月`;
}

export const STATE_COLORS: Record<DutyState, string> = {
  done: "green",
  due: "blue",
  overdue: "red",
  upcoming: "default",
  // Before the rule was set up: nobody owed it.
  not_set: "default",
};

/** The orange warning beside 待完成 while the reminder is out. */
export const dueSoonText = (daysLeft: number) => `即将到期 ${daysLeft} 天`;

export const RECORD_TYPE_LABELS = {
  activity: "活动",
  edition: "红黑榜",
  evidence: "材料",
  tick: "打卡",
} as const;

/** What counts as done, in words: 举办活动：道德讲堂; 上传创城材料：宣传栏设置 · 图片. */
export function countsAsText(rule: {
  doneBy: DutyDoneBy;
  activityKind: ActivityKind | null;
  evidenceKind: EvidenceKind | null;
  evidenceItem: string | null;
}): string {
  const label = DUTY_DONE_BY_LABELS[rule.doneBy];
  if (rule.doneBy === "activity" && rule.activityKind)
    return `${label}：${ACTIVITY_KIND_LABELS[rule.activityKind]}`;
  if (rule.doneBy === "evidence" && rule.evidenceKind)
    return `${label}：${rule.evidenceItem ?? ""} · ${EVIDENCE_KIND_LABELS[rule.evidenceKind]}`;
  return label;
}

/**
 * The 完成日期 a tick form starts from: today within the period, the period's last day once it has
 * passed; null before it starts (nothing can be done yet).
 */
export function tickDefaultDate(period: string, today: string): string | null {
  const { first, last } = periodDays(period);
  if (today < first) return null;
  return today > last ? last : today;
}

/** Whether `date` may be a tick's 完成日期 for `period`: inside it, and not after today. */
export function tickDateAllowed(period: string, date: string, today: string): boolean {
  const { first, last } = periodDays(period);
  return date >= first && date <= last && date <= today;
}

/** A month's days as weeks from Monday to Sunday; null pads the first and last week. */
export function monthWeeks(month: string): Array<Array<string | null>> {
  const { last } = periodDays(month);
  const days = Number(last.slice(8));
  const [y, m] = month.split("-").map(Number) as [number, number];
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const cells: Array<string | null> = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: days }, (_, i) => `${month}-${pad(i + 1)}`),
  ];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<string | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export interface DatedRecord {
  type: keyof typeof RECORD_TYPE_LABELS;
  id: number;
  date: string;
  title: string;
  upcoming: boolean;
}

/**
 * The records of a month for its calendar: those with a day of their own (activities, evidence,
 * ticks) by day, each once however many rules count it, and the month's 红黑榜 editions apart (an
 * edition is of a month, not a day).
 */
export function recordsOfMonth(
  rules: ReadonlyArray<{ title: string; cells: ReadonlyArray<{ records: readonly DatedRecord[] }> }>,
  month: string,
): { byDay: Map<string, Array<DatedRecord & { rule: string }>>; editions: DatedRecord[] } {
  const byDay = new Map<string, Array<DatedRecord & { rule: string }>>();
  const editions: DatedRecord[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const cell of rule.cells) {
      for (const r of cell.records) {
        const key = `${r.type}:${r.id}`;
        if (!r.date.startsWith(`${month}-`) || seen.has(key)) continue;
        seen.add(key);
        if (r.type === "edition") editions.push(r);
        else byDay.set(r.date, [...(byDay.get(r.date) ?? []), { ...r, rule: rule.title }]);
      }
    }
  }
  return { byDay, editions };
}
