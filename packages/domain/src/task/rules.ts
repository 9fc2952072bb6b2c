import { InvalidTransitionError } from "../errors.js";

// Tasks (任务层层分解、责任到人): states and the one transition table, who may take each step, the
// roll-up of progress through the tree and the three colours of 督办. Pure: safe in a browser (see
// ../rules.ts).

export const TASK_STATES = ["not_started", "in_progress", "pending_acceptance", "done", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  not_started: "未开始",
  in_progress: "进行中",
  pending_acceptance: "待验收",
  done: "已完成",
  cancelled: "已取消",
};

export const TASK_ACTIONS = ["start", "report", "submit", "accept", "return", "cancel"] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  start: "开始办理",
  report: "汇报进展",
  submit: "提交验收",
  accept: "验收通过",
  return: "退回",
  cancel: "取消任务",
};

/** Who takes a step: the 责任人 (or an admin above the 责任单位), or whoever assigned it (or above). */
export const TASK_ACTION_BY: Record<TaskAction, "assignee" | "assigner"> = {
  start: "assignee",
  report: "assignee",
  submit: "assignee",
  accept: "assigner",
  return: "assigner",
  cancel: "assigner",
};

/** The one transition table: from a state, what each step leads to. A report starts a task not started. */
const TRANSITIONS: Record<TaskState, Partial<Record<TaskAction, TaskState>>> = {
  not_started: {
    start: "in_progress",
    report: "in_progress",
    submit: "pending_acceptance",
    cancel: "cancelled",
  },
  in_progress: { report: "in_progress", submit: "pending_acceptance", cancel: "cancelled" },
  pending_acceptance: { accept: "done", return: "in_progress", cancel: "cancelled" },
  done: {},
  cancelled: {},
};

export function taskTransition(from: TaskState, action: TaskAction): TaskState {
  const to = TRANSITIONS[from][action];
  if (!to) {
    throw new InvalidTransitionError(
      `任务当前为“${TASK_STATE_LABELS[from]}”，不能${TASK_ACTION_LABELS[action]}`,
    );
  }
  return to;
}

/** The steps open from a state (the buttons a task shows). */
export function taskActionsFrom(from: TaskState): TaskAction[] {
  return TASK_ACTIONS.filter((a) => TRANSITIONS[from][a] !== undefined);
}

/**
 * What a task's timeline records: its steps, what was done to it (made, edited, moved), and its 督办
 * (a 督办单 issued, answered, cleared: supervision-*.ts).
 */
export const TASK_STEP_ACTIONS = [
  "create",
  "update",
  "move",
  ...TASK_ACTIONS,
  "supervise",
  "answer",
  "clear",
] as const;
export type TaskStepAction = (typeof TASK_STEP_ACTIONS)[number];
export const TASK_STEP_LABELS: Record<TaskStepAction, string> = {
  create: "创建任务",
  update: "修改任务",
  move: "调整上级任务",
  ...TASK_ACTION_LABELS,
  supervise: "督办",
  answer: "督办反馈",
  clear: "督办销号",
};

export const TASK_PRIORITIES = ["normal", "high", "urgent"] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_PRIORITY_LABELS: Record<TaskPriority, string> = {
  normal: "一般",
  high: "重要",
  urgent: "紧急",
};

/** A campaign's tree: a top task is depth 1, its sub-tasks 2 … at most 4 (街道 → 社区 → 网格 → 人). */
export const TASK_MAX_DEPTH = 4;
export const TASK_TITLE_MAX = 60;
export const TASK_TEXT_MAX = 2000;

export interface TaskNode {
  id: number;
  parentId: number | null;
  state: TaskState;
  /** the task's own percentage (0–100), as its 责任人 last reported */
  progress: number;
  /** its share among its siblings; null: the same as every sibling without one */
  weight: number | null;
}

/**
 * Each task's progress (0–100, whole numbers) rolled up through the tree. A task with sub-tasks
 * counts the share of its sub-tasks done, each sub-task weighted by its weight (1 when not set; all
 * equal when every weight is 0), a sub-task with sub-tasks of its own counting by its own roll-up,
 * and cancelled sub-tasks not at all. A task without sub-tasks (or whose sub-tasks were all
 * cancelled) shows its own: 100 when done, its reported percentage otherwise. A leaf counts in its
 * parent's share only once done (验收通过): a report of 90 % is not a task finished.
 */
export function rollUp(nodes: readonly TaskNode[]): Map<number, number> {
  // Worked on positions in typed arrays rather than maps and sets keyed by id: a street's 100,000
  // open tasks and their sub-tasks took 120–220 ms the other way, on the event loop of every
  // dashboard that shows their colours. Each id's state lives at its first position (its slot).
  const n = nodes.length;
  const slotOf = slotIndex(nodes);
  const slot = new Int32Array(n);
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    slot[i] = slotOf.get(node.id)!;
    active[i] = node.state === "cancelled" ? 0 : 1;
  }
  // Each slot's sub-tasks as a linked list of positions, in the input's order.
  const firstKid = new Int32Array(n).fill(-1);
  const lastKid = new Int32Array(n).fill(-1);
  const nextKid = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const parentId = nodes[i]!.parentId;
    if (parentId === null) continue;
    const p = slotOf.get(parentId);
    if (p === undefined) continue;
    if (lastKid[p] === -1) firstKid[p] = i;
    else nextKid[lastKid[p]!] = i;
    lastKid[p] = i;
  }
  // Computed leaves first, without recursion, so a malformed input (a cycle) cannot loop forever.
  // Per slot: 0 not yet, 1 on the way down (its sub-tasks being computed), 2 done, with its share
  // (0–1) as a sub-task of its parent.
  const status = new Uint8Array(n);
  const share = new Float64Array(n);
  const out = new Map<number, number>();
  const weightOf = (i: number) => Math.max(0, nodes[i]!.weight ?? 1);
  // position × 2, + 1 once its sub-tasks are on the stack
  const stack: number[] = [];
  for (let root = 0; root < n; root++) {
    if (status[slot[root]!] === 2) continue;
    stack.push(root * 2);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const at = top >> 1;
      const s = slot[at]!;
      if (status[s] === 2) {
        stack.pop();
        continue;
      }
      if ((top & 1) === 0) {
        let anyActive = false;
        for (let k = firstKid[s]!; k !== -1; k = nextKid[k]!)
          if (active[k]) {
            anyActive = true;
            break;
          }
        if (anyActive) {
          stack[stack.length - 1] = top + 1;
          status[s] = 1;
          for (let k = firstKid[s]!; k !== -1; k = nextKid[k]!)
            if (active[k] && status[slot[k]!] === 0) stack.push(k * 2);
          continue;
        }
      }
      stack.pop();
      // The active sub-tasks with a share (one caught in a cycle has none), weighted; all weights
      // zero counts each once. (This task's own slot has none yet: a task under itself counts not.)
      let total = 0;
      let ready = 0;
      let weighted = 0;
      let even = 0;
      for (let k = firstKid[s]!; k !== -1; k = nextKid[k]!)
        if (active[k] && status[slot[k]!] === 2) {
          const w = weightOf(k);
          total += w;
          ready++;
          weighted += w * share[slot[k]!]!;
          even += share[slot[k]!]!;
        }
      const node = nodes[at]!;
      status[s] = 2;
      if (ready === 0) {
        out.set(node.id, node.state === "done" ? 100 : clampPercent(node.progress));
        share[s] = node.state === "done" ? 1 : 0;
        continue;
      }
      const value = total === 0 ? even / ready : weighted / total;
      share[s] = value;
      out.set(node.id, Math.round(value * 100));
    }
  }
  return out;
}

/**
 * Each id's first position among `nodes`. Ids are row ids: when they are dense enough, an array indexed
 * by id answers far faster than a Map of 100,000 entries.
 */
function slotIndex(nodes: readonly TaskNode[]): { get(id: number): number | undefined } {
  let max = 0;
  let plain = true;
  for (const node of nodes) {
    if (!Number.isInteger(node.id) || node.id < 0) plain = false;
    else if (node.id > max) max = node.id;
  }
  if (plain && max <= 8 * nodes.length + 1024) {
    const at = new Int32Array(max + 1).fill(-1);
    for (let i = nodes.length - 1; i >= 0; i--) at[nodes[i]!.id] = i;
    return {
      get: (id) => {
        if (!Number.isInteger(id) || id < 0 || id > max) return undefined;
        const i = at[id]!;
        return i === -1 ? undefined : i;
      },
    };
  }
  const at = new Map<number, number>();
  for (let i = 0; i < nodes.length; i++) if (!at.has(nodes[i]!.id)) at.set(nodes[i]!.id, i);
  return at;
}

function clampPercent(p: number): number {
  return Math.min(100, Math.max(0, Math.round(p)));
}

/**
 * Whether putting `taskId` under `newParentId` would make a cycle: the new parent is the task itself
 * or one of its descendants. `parents` maps each task of the tree to its parent.
 */
export function wouldCycle(
  parents: ReadonlyMap<number, number | null>,
  taskId: number,
  newParentId: number,
): boolean {
  const seen = new Set<number>();
  for (let at: number | null | undefined = newParentId; at != null; at = parents.get(at)) {
    if (at === taskId) return true;
    if (seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}

/** The depth of a task in the tree (a top task is 1). */
export function depthOf(parents: ReadonlyMap<number, number | null>, taskId: number): number {
  let depth = 0;
  const seen = new Set<number>();
  for (let at: number | null | undefined = taskId; at != null && !seen.has(at); at = parents.get(at)) {
    seen.add(at);
    depth++;
  }
  return depth;
}

/** How many levels a task and its descendants take (a task without sub-tasks: 1). */
export function heightOf(parents: ReadonlyMap<number, number | null>, taskId: number): number {
  let height = 1;
  for (const [id] of parents) {
    if (id === taskId) continue;
    let levels = 1;
    const seen = new Set<number>();
    for (let at = parents.get(id); at != null && !seen.has(at); at = parents.get(at)) {
      seen.add(at);
      levels++;
      if (at === taskId) {
        height = Math.max(height, levels);
        break;
      }
    }
  }
  return height;
}

/** Days from `a` to `b` (China dates YYYY-MM-DD): b − a. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * Days since 1970-01-01 of a YYYY-MM-DD date, by arithmetic: a 2,000-task tree colours each task from
 * up to three of these, and Date.parse was a tenth of its time. Anything else goes through Date.parse.
 */
function dayNumber(date: string): number {
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (
    date.length !== 10 ||
    date[4] !== "-" ||
    date[7] !== "-" ||
    !(y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
  )
    return Math.round(Date.parse(date) / 86_400_000);
  // The civil-from-days inverse (H. Hinnant's days_from_civil): years start in March.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The decimal number in `s` from `start` to `end`, or -1 if any of it is not a digit (no substring made). */
function digits(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Overdue: not done nor cancelled after its deadline day. Computed, never stored. */
export function isTaskOverdue(t: { state: TaskState; dueOn: string }, today: string): boolean {
  return t.state !== "done" && t.state !== "cancelled" && today > t.dueOn;
}

export const SUPERVISION_COLOURS = ["blue", "yellow", "red"] as const;
export type SupervisionColour = (typeof SUPERVISION_COLOURS)[number];
export const SUPERVISION_COLOUR_LABELS: Record<SupervisionColour, string> = {
  blue: "蓝色（临期）",
  yellow: "黄色（逾期或进度滞后）",
  red: "红色（严重逾期）",
};

/** A 街道's thresholds of 督办 (its setting); these are the defaults. */
export interface SupervisionThresholds {
  /** 蓝: due within this many days */
  blueDays: number;
  /** 黄 up to this many days overdue, 红 beyond */
  redAfterDays: number;
  /** 黄 too when progress trails the elapsed share of its time by more than this many points */
  paceGap: number;
}
export const DEFAULT_SUPERVISION: SupervisionThresholds = { blueDays: 3, redAfterDays: 7, paceGap: 30 };

/**
 * The colour a task shows in 督办, or null: 红 when escalated by hand or overdue more than
 * `redAfterDays`; 黄 when overdue, or behind pace (its progress trails the share of its time gone
 * by more than `paceGap` points); 蓝 when due within `blueDays` (today counts as 0 days left).
 * A finished or cancelled task has none.
 */
export function supervisionColour(
  t: { state: TaskState; startOn: string; dueOn: string; progress: number; escalated?: boolean },
  today: string,
  th: SupervisionThresholds = DEFAULT_SUPERVISION,
): SupervisionColour | null {
  if (t.state === "done" || t.state === "cancelled") return null;
  if (t.escalated) return "red";
  const overdue = daysBetween(t.dueOn, today);
  if (overdue > th.redAfterDays) return "red";
  if (overdue > 0) return "yellow";
  const span = daysBetween(t.startOn, t.dueOn);
  if (span > 0 && today > t.startOn) {
    const elapsed = Math.min(1, daysBetween(t.startOn, today) / span);
    if (elapsed * 100 - t.progress > th.paceGap) return "yellow";
  }
  if (-overdue <= th.blueDays) return "blue";
  return null;
}
