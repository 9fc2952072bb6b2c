import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Task } from "../db/database.js";
import { can, permissionScope } from "../auth/authorize.js";
import { assertSees, campaignOrThrow } from "../campaign/campaign-access.js";
import { filesOf } from "../files/files-service.js";
import { chinaToday } from "../time.js";
import { actionsFor, actionsOf, assertSeesTask, taskOrThrow, visibleTaskIds } from "./task-access.js";
import {
  depthOf,
  isTaskOverdue,
  rollUp,
  type SupervisionColour,
  type SupervisionThresholds,
} from "./rules.js";
import type { TaskAction } from "./rules.js";
import { taskColour } from "./supervision-rules.js";
import { maySupervise } from "./supervision-service.js";
import { thresholdsForUnit, thresholdsForUnits } from "./supervision-settings.js";
import { handColours, supervisionsOfTask } from "./supervision-views.js";

// What the console shows of tasks: a campaign's tree with progress rolled up, 我的任务 (overdue
// first, then by 时限), and one task with its timeline.

function taskRows(db: Db) {
  return db
    .selectFrom("task")
    .innerJoin("org_unit as unit", "unit.id", "task.unit_id")
    .leftJoin("user as assignee", "assignee.id", "task.assignee_user_id")
    .select(SUMMARY_COLUMNS)
    .select(["unit.name as unit_name", "assignee.name as assignee_name"]);
}
/** What a task's summary and its steps read: not its description (a tree of 2,000 reads less). */
const SUMMARY_COLUMNS = [
  "task.id",
  "task.campaign_id",
  "task.parent_id",
  "task.title",
  "task.unit_id",
  "task.assignee_user_id",
  "task.assigned_by",
  "task.start_on",
  "task.due_on",
  "task.priority",
  "task.state",
  "task.progress",
  "task.weight",
  "task.version",
] as const;
type TaskRow = Pick<
  Task,
  | "id"
  | "campaign_id"
  | "parent_id"
  | "title"
  | "unit_id"
  | "assignee_user_id"
  | "assigned_by"
  | "start_on"
  | "due_on"
  | "priority"
  | "state"
  | "progress"
  | "weight"
  | "version"
> & { unit_name: string; assignee_name: string | null };

/** What colours a task: its 街道's thresholds and its strongest 督办单 not cleared (supervision-*.ts). */
interface Colouring {
  thresholds?: SupervisionThresholds | undefined;
  hand?: SupervisionColour | null | undefined;
}

function summary(r: TaskRow, rolled: number, depth: number, today: string, c: Colouring = {}) {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    parentId: r.parent_id,
    depth,
    title: r.title,
    unit: { id: r.unit_id, name: r.unit_name },
    assignee: r.assignee_user_id === null ? null : { id: r.assignee_user_id, name: r.assignee_name ?? "" },
    startOn: r.start_on,
    dueOn: r.due_on,
    priority: r.priority,
    state: r.state,
    progress: r.progress,
    rolledUp: rolled,
    weight: r.weight,
    overdue: isTaskOverdue({ state: r.state, dueOn: r.due_on }, today),
    colour: taskColour(
      { state: r.state, startOn: r.start_on, dueOn: r.due_on, progress: rolled },
      today,
      c.thresholds,
      c.hand ?? null,
    ),
    version: r.version,
  };
}

/** A campaign's tasks the caller sees, in tree order (each task before its sub-tasks), rolled up. */
export async function taskTree(
  db: Db,
  session: AuthSession,
  input: { campaignId: number },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertSees(db, session, campaign);
  const rows: TaskRow[] = await taskRows(db)
    .where("task.campaign_id", "=", campaign.id)
    .orderBy("task.sort")
    .orderBy("task.id")
    .execute();
  const visible = await visibleTaskIds(db, session, rows);
  // Rolled up over the whole tree: a parent's bar counts sub-tasks the caller may not see.
  const rolled = rollUp(
    rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      state: r.state,
      progress: r.progress,
      weight: r.weight,
    })),
  );
  const byParent = new Map<number | null, TaskRow[]>();
  for (const r of rows) {
    const siblings = byParent.get(r.parent_id);
    if (siblings) siblings.push(r);
    else byParent.set(r.parent_id, [r]);
  }
  const today = chinaToday(now);
  const ordered: TaskRow[] = [];
  // The depth of each task is its level in this walk: what the caller sees holds every ancestor.
  const depths: number[] = [];
  const walk = (parentId: number | null, depth: number) => {
    for (const r of byParent.get(parentId) ?? []) {
      if (!visible.has(r.id)) continue;
      ordered.push(r);
      depths.push(depth);
      walk(r.id, depth + 1);
    }
  };
  walk(null, 1);
  const scope = await permissionScope(db, session, "task.manage");
  const thresholds = await thresholdsForUnit(db, campaign.scope_unit_id);
  const hand = await handColours(db, { campaignId: campaign.id });
  return {
    mayCreate: scope === "all" || scope.length > 0,
    // Synchronous: 2,000 rows, no promise each.
    tasks: ordered.map((r, i) => {
      const t = summary(r, rolled.get(r.id) ?? r.progress, depths[i]!, today, {
        thresholds,
        hand: hand.get(r.id),
      }) as ReturnType<typeof summary> & { actions: TaskAction[] };
      t.actions = actionsOf(session, r, scope === "all" || scope.includes(r.unit_id));
      return t;
    }),
  };
}

/** 我的任务: what the caller must do (their own as 责任人, not finished), overdue first, then by 时限. */
export async function myTasks(db: Db, session: AuthSession, now = new Date()) {
  const rows: TaskRow[] = await taskRows(db)
    .where("task.assignee_user_id", "=", session.user.id)
    .where("task.state", "not in", ["done", "cancelled"])
    .orderBy("task.due_on")
    .orderBy("task.id")
    .limit(500)
    .execute();
  const today = chinaToday(now);
  const thresholds = await thresholdsForUnits(
    db,
    rows.map((r) => r.unit_id),
  );
  const hand = await handColours(db, { taskIds: rows.map((r) => r.id) });
  const list = rows.map((r) =>
    summary(r, r.progress, 0, today, { thresholds: thresholds.get(r.unit_id), hand: hand.get(r.id) }),
  );
  return [...list.filter((t) => t.overdue), ...list.filter((t) => !t.overdue)];
}

/** One task: its fields, 协办, linked items, the steps the caller may take and its timeline. */
export async function taskDetail(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const task = await taskOrThrow(db, input.id);
  await assertSeesTask(db, session, task);
  const row = (await taskRows(db).where("task.id", "=", task.id).executeTakeFirstOrThrow()) as TaskRow;
  const [steps, helpers, items, children] = await Promise.all([
    db
      .selectFrom("task_step")
      .leftJoin("user", "user.id", "task_step.user_id")
      .select([
        "task_step.id",
        "task_step.action",
        "task_step.note",
        "task_step.progress",
        "task_step.created_at",
        "user.name",
      ])
      .where("task_step.task_id", "=", task.id)
      .orderBy("task_step.id")
      .execute(),
    db
      .selectFrom("task_helper")
      .leftJoin("org_unit", "org_unit.id", "task_helper.unit_id")
      .leftJoin("user", "user.id", "task_helper.user_id")
      .select([
        "task_helper.unit_id",
        "task_helper.user_id",
        "org_unit.name as unit_name",
        "user.name as user_name",
      ])
      .where("task_helper.task_id", "=", task.id)
      .orderBy("task_helper.id")
      .execute(),
    db
      .selectFrom("task_item")
      .innerJoin("campaign_item", "campaign_item.id", "task_item.item_id")
      .select(["campaign_item.id", "campaign_item.project", "campaign_item.content"])
      .where("task_item.task_id", "=", task.id)
      .orderBy("campaign_item.sort")
      .execute(),
    db
      .selectFrom("task")
      .select(["id", "parent_id", "state", "progress", "weight"])
      .where("campaign_id", "=", task.campaign_id)
      .execute(),
  ]);
  const photos = await filesOf(
    db,
    "task_step",
    steps.map((s) => s.id),
  );
  const rolled = rollUp(
    children.map((c) => ({
      id: c.id,
      parentId: c.parent_id,
      state: c.state,
      progress: c.progress,
      weight: c.weight,
    })),
  );
  const parents = new Map(children.map((c) => [c.id, c.parent_id]));
  const manages = await can(db, session, "task.manage", task.unit_id);
  const supervisions = await supervisionsOfTask(db, session, task, now);
  const colouring = {
    thresholds: await thresholdsForUnit(db, task.unit_id),
    hand: (await handColours(db, { taskIds: [task.id] })).get(task.id),
  };
  return {
    ...summary(
      row,
      rolled.get(task.id) ?? task.progress,
      depthOf(parents, task.id),
      chinaToday(now),
      colouring,
    ),
    description: task.description,
    cancelReason: task.cancel_reason,
    mayEdit: manages && task.state !== "done" && task.state !== "cancelled",
    actions: await actionsFor(db, session, task, manages),
    helpers: helpers.map((h) =>
      h.unit_id !== null
        ? { kind: "unit" as const, id: h.unit_id, name: h.unit_name ?? "" }
        : { kind: "user" as const, id: h.user_id!, name: h.user_name ?? "" },
    ),
    items: items.map((i) => ({ id: i.id, project: i.project, content: i.content })),
    steps: steps.map((s) => ({
      id: s.id,
      action: s.action,
      note: s.note,
      progress: s.progress,
      at: s.created_at,
      by: s.name ?? "已注销",
      photos: photos.get(s.id) ?? [],
    })),
    maySupervise: await maySupervise(db, session, task),
    supervisions,
  };
}
