import { InvalidTransitionError } from "../errors.js";

// Problems (随手拍, 巡查, 督查, 转办): vocabulary, default 处置时限, the one transition table and the
// actions each viewer may take. Pure: safe in a browser (re-exported through ../rules.ts), so the portal,
// the console and the server show the same labels and offer the same next steps.

export const PROBLEM_CATEGORIES = [
  "exposed_garbage",
  "corridor_clutter",
  "random_piling",
  "illegal_construction",
  "posters_graffiti",
  "street_vending",
  "green_vegetables",
  "flying_wire_charging",
  "bike_parking",
  "fire_lane_blocked",
  "uncivil_dogs",
  "facility_damage",
  "other",
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/**
 * The built-in categories, with the 处置时限 (days from 派遣) a 社区 starts from. Quick, visible
 * nuisances get a day; clearing a corridor or a pile a few; demolishing a 违建 needs notices first.
 * A 社区 may rename, re-time or switch off each one (problem_category).
 */
export const PROBLEM_CATEGORY_DEFAULTS: Record<ProblemCategory, { label: string; timeLimitDays: number }> = {
  exposed_garbage: { label: "暴露垃圾", timeLimitDays: 1 },
  corridor_clutter: { label: "楼道堆物", timeLimitDays: 3 },
  random_piling: { label: "乱堆乱放", timeLimitDays: 3 },
  illegal_construction: { label: "私搭乱建", timeLimitDays: 15 },
  posters_graffiti: { label: "乱贴乱画（小广告）", timeLimitDays: 2 },
  street_vending: { label: "占道经营", timeLimitDays: 1 },
  green_vegetables: { label: "毁绿种菜", timeLimitDays: 7 },
  flying_wire_charging: { label: "飞线充电", timeLimitDays: 1 },
  bike_parking: { label: "非机动车乱停", timeLimitDays: 1 },
  fire_lane_blocked: { label: "消防通道占用", timeLimitDays: 1 },
  uncivil_dogs: { label: "不文明养犬", timeLimitDays: 3 },
  facility_damage: { label: "公共设施损坏", timeLimitDays: 7 },
  other: { label: "其他", timeLimitDays: 5 },
};

export const CATEGORY_LABEL_MAX = 20;
export const TIME_LIMIT_MIN_DAYS = 1;
export const TIME_LIMIT_MAX_DAYS = 90;

/** Why a 处置时限 is refused, or null when it may be set (the console checks with the same rule). */
export function timeLimitError(days: number): string | null {
  if (!Number.isInteger(days)) return "处置时限应为整数天";
  if (days < TIME_LIMIT_MIN_DAYS) return `处置时限至少${TIME_LIMIT_MIN_DAYS}天`;
  if (days > TIME_LIMIT_MAX_DAYS) return `处置时限不能超过${TIME_LIMIT_MAX_DAYS}天`;
  return null;
}

export const PROBLEM_SOURCES = ["snapshot", "patrol", "inspection", "referral"] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];
export const PROBLEM_SOURCE_LABELS: Record<ProblemSource, string> = {
  snapshot: "随手拍",
  patrol: "巡查",
  inspection: "督查",
  referral: "转办",
};
/** What staff file in the console; 随手拍 comes from residents on the portal. */
export const STAFF_SOURCES = ["patrol", "inspection", "referral"] as const satisfies readonly ProblemSource[];

export const PROBLEM_STATES = ["pending", "rectifying", "reviewing", "closed", "rejected"] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];
export const PROBLEM_STATE_LABELS: Record<ProblemState, string> = {
  pending: "待受理",
  rectifying: "整改中",
  reviewing: "待复查",
  closed: "已办结",
  rejected: "不予受理",
};
/** States whose deadline still runs: overdue is possible only in these. */
export const OPEN_STATES = ["rectifying", "reviewing"] as const satisfies readonly ProblemState[];

export const REJECT_REASONS = ["duplicate", "untrue", "not_our_duty"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  duplicate: "重复",
  untrue: "不属实",
  not_our_duty: "非社区职责",
};

export const RATINGS = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export type ProblemRating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<ProblemRating, string> = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  unsatisfied: "不满意",
};

/** The moves of the transition table. */
export const PROBLEM_ACTIONS = [
  "dispatch",
  "reassign",
  "reject",
  "submit",
  "approve",
  "return",
  "reopen",
] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];
export const PROBLEM_ACTION_LABELS: Record<ProblemAction, string> = {
  dispatch: "派遣",
  reassign: "改派",
  reject: "不予受理",
  submit: "整改上报",
  approve: "复查通过",
  return: "退回整改",
  reopen: "不满意重新复查",
};

/** Timeline entries: the moves, plus the report itself and the reporter's rating. */
export const STEP_ACTIONS = ["report", ...PROBLEM_ACTIONS, "rate"] as const;
export type ProblemStepAction = (typeof STEP_ACTIONS)[number];
export const STEP_ACTION_LABELS: Record<ProblemStepAction, string> = {
  report: "上报",
  ...PROBLEM_ACTION_LABELS,
  rate: "评价",
};

/**
 * The one transition table. 待受理 → 整改中 (派遣) or 不予受理; 整改中 → 整改中 (改派: another 责任人 or
 * 时限) or 待复查 (整改上报); 待复查 → 已办结 (复查通过) or 整改中 (退回); 已办结 → 待复查 once, when
 * the reporter is 不满意. 不予受理 is final.
 */
const MOVES: Record<ProblemState, Partial<Record<ProblemAction, ProblemState>>> = {
  pending: { dispatch: "rectifying", reject: "rejected" },
  rectifying: { reassign: "rectifying", submit: "reviewing" },
  reviewing: { approve: "closed", return: "rectifying" },
  closed: { reopen: "reviewing" },
  rejected: {},
};

export function problemTransition(from: ProblemState, action: ProblemAction): ProblemState {
  const to = MOVES[from][action];
  if (!to) {
    throw new InvalidTransitionError(
      `该问题当前为“${PROBLEM_STATE_LABELS[from]}”，不能${PROBLEM_ACTION_LABELS[action]}`,
    );
  }
  return to;
}

/** Whether the table allows `action` from `from` (for the UI; the server calls problemTransition). */
export function canMove(from: ProblemState, action: ProblemAction): boolean {
  return MOVES[from][action] !== undefined;
}

/**
 * What a rating does: 不满意 sends a 办结 problem back to 待复查, once (reopened_once); any other
 * rating, or a second 不满意, leaves it closed.
 */
export function ratingOutcome(rating: ProblemRating, reopenedOnce: boolean): "reopen" | "keep" {
  return rating === "unsatisfied" && !reopenedOnce ? "reopen" : "keep";
}

/** Who is looking at a problem, as far as its next actions go. */
export interface ProblemViewer {
  userId: number;
  /** holds problem.manage at the problem's 社区 (派遣, 不予受理, 改派, 公开) */
  manages: boolean;
  /** holds problem.handle at the problem's 楼院 (复查 of others' work) */
  handles: boolean;
}

/**
 * The actions the viewer may take now, in the order the buttons show. The server enforces each of
 * these rules itself; this is the same rule for both apps to offer only what will succeed.
 */
export function problemNextActions(
  p: { state: ProblemState; assigneeUserId: number | null },
  viewer: ProblemViewer,
): ProblemAction[] {
  const out: ProblemAction[] = [];
  const isAssignee = p.assigneeUserId === viewer.userId;
  if (p.state === "pending" && viewer.manages) out.push("dispatch", "reject");
  if (p.state === "rectifying") {
    if (isAssignee) out.push("submit");
    if (viewer.manages) out.push("reassign");
  }
  // 复查 by someone other than the 责任人.
  if (p.state === "reviewing" && (viewer.manages || viewer.handles) && !isAssignee)
    out.push("approve", "return");
  return out;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) that exists: 2026-02-30 is no date. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** YYYY-MM-DD plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`addDays: not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

/** The default deadline of a problem dispatched on `today` (China date): today plus the category's 处置时限. */
export function defaultDeadline(today: string, timeLimitDays: number): string {
  return addDays(today, timeLimitDays);
}

/** Why a chosen deadline is refused (null when fine): not a date, or before today (China date). */
export function deadlineError(deadline: string, today: string): string | null {
  if (!isCalendarDate(deadline)) return "处置时限格式不正确";
  if (deadline < today) return "处置时限不能早于今天";
  if (deadline > addDays(today, 366)) return "处置时限不能超过一年";
  return null;
}

/**
 * Overdue: still open (整改中 or 待复查) after its deadline day has ended in China. Computed, never
 * stored; `today` is chinaToday(). A deadline is the last day on which the work is on time.
 */
export function isOverdue(p: { state: ProblemState; deadline: string | null }, today: string): boolean {
  return (
    p.deadline !== null && (OPEN_STATES as readonly ProblemState[]).includes(p.state) && p.deadline < today
  );
}

/** The instant a deadline day ends in China (the next day 00:00 +08:00), as ISO UTC. */
export function deadlineEndsAt(deadline: string): string {
  return `${deadline}T16:00:00.000Z`;
}

/** Closed by the end of its deadline day (按期办结). */
export function closedOnTime(p: { deadline: string | null; closedAt: string | null }): boolean {
  return p.deadline !== null && p.closedAt !== null && p.closedAt < deadlineEndsAt(p.deadline);
}

/** 按期办结率 as a whole percentage, or null when nothing was closed (no rate to show). */
export function onTimeRate(onTime: number, closed: number): number | null {
  return closed === 0 ? null : Math.round((onTime / closed) * 100);
}

// Text limits, each with the message naming its field.
export const DESCRIPTION_MAX = 1000;
export const PLACE_MAX = 100;
export const NOTE_MAX = 500;
export const DEPARTMENT_MAX = 50;
export const REFERRAL_ORIGIN_MAX = 100;
export const COMMENT_MAX = 300;
/** Photos before (with the report) and after (with the 整改上报). */
export const MAX_PHOTOS = 9;

/** Where a problem opens: the resident's 我的随手拍 detail on the portal, the console's detail drawer. */
export function problemPortalLink(id: number): string {
  return `/problems/${id}`;
}
export function problemConsoleLink(id: number): string {
  return `/admin/problems/${id}`;
}
