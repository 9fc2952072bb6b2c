import {
  DEFAULT_SUPERVISION,
  SUPERVISION_COLOURS,
  supervisionColour,
  type SupervisionColour,
  type SupervisionThresholds,
  type TaskState,
} from "./rules.js";

// 督办单 (a 督办 issued by hand): its states, the bounds of a 街道's thresholds, and the colour a
// task shows once its hand 督办 are counted. Pure: safe in a browser (see ../rules.ts).

/** open: waiting for the 责任人's 反馈; answered: waiting for the issuer's 销号; cleared: 已销号. */
export const SUPERVISION_STATES = ["open", "answered", "cleared"] as const;
export type SupervisionState = (typeof SUPERVISION_STATES)[number];
export const SUPERVISION_STATE_LABELS: Record<SupervisionState, string> = {
  open: "待反馈",
  answered: "已反馈",
  cleared: "已销号",
};

/** A hand 督办 is 红 unless its issuer chooses otherwise: it escalates the task. */
export const DEFAULT_HAND_COLOUR: SupervisionColour = "red";
/** The words a colour takes in a notice, a 操作日志 row or a 督办单's title. */
export const SUPERVISION_COLOUR_NAMES: Record<SupervisionColour, string> = {
  blue: "蓝色",
  yellow: "黄色",
  red: "红色",
};

export const SUPERVISION_NOTE_MAX = 500;
export const SUPERVISION_ANSWER_MAX = 2000;

/** What a 街道 may set each threshold to. */
export const SUPERVISION_BOUNDS: Record<keyof SupervisionThresholds, { min: number; max: number }> = {
  blueDays: { min: 0, max: 30 },
  redAfterDays: { min: 1, max: 90 },
  paceGap: { min: 0, max: 100 },
};

/** The stronger of two colours (红 > 黄 > 蓝 > none). */
export function strongerColour(
  a: SupervisionColour | null,
  b: SupervisionColour | null,
): SupervisionColour | null {
  if (a === null) return b;
  if (b === null) return a;
  return SUPERVISION_COLOURS.indexOf(a) >= SUPERVISION_COLOURS.indexOf(b) ? a : b;
}

/**
 * The colour a task shows: computed with its 街道's thresholds (supervisionColour), raised to the
 * strongest of its hand 督办 not yet cleared (a 红色督办 escalates it). A finished or cancelled task
 * shows none, whatever its 督办单 (they stay listed until cleared).
 */
export function taskColour(
  t: { state: TaskState; startOn: string; dueOn: string; progress: number },
  today: string,
  thresholds: SupervisionThresholds = DEFAULT_SUPERVISION,
  hand: SupervisionColour | null = null,
): SupervisionColour | null {
  if (t.state === "done" || t.state === "cancelled") return null;
  // A red 督办单 is red whatever the dates say (supervisionColour's escalated), without a copy of `t`.
  if (hand === "red") return "red";
  return strongerColour(supervisionColour(t, today, thresholds), hand);
}

/** A 督办单 still on both sides' dashboards: not yet cleared (销号). */
export function isSupervisionOpen(state: SupervisionState): boolean {
  return state !== "cleared";
}
