import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Task } from "../db/database.js";
import { can, permissionScope } from "../auth/authorize.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { TASK_ACTION_BY, taskActionsFrom, type TaskAction } from "./rules.js";

// Who sees and who acts on a task. An admin (task.manage) sees the tasks whose 责任单位 is within
// their units; a 责任人 or 协办 sees the tasks given to them. Each sees the tasks above theirs (the
// context: what theirs is part of) and below (how it was split). Steps: the 责任人 (or an admin of
// the 责任单位) starts, reports and submits; whoever assigned it (or an admin of the 责任单位) 验收,
// 退回 or cancels, never the 责任人 themselves.

export async function taskOrThrow(db: Db, id: number): Promise<Task> {
  const row = await db.selectFrom("task").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("任务不存在");
  return row;
}

export type TreeRow = Pick<Task, "id" | "parent_id" | "unit_id" | "assignee_user_id">;

/**
 * The ids of a campaign's tasks the caller sees: those in their units or given to them (as 责任人
 * or 协办), with every task above and below each of those.
 */
export async function visibleTaskIds(
  db: Db,
  session: AuthSession,
  rows: readonly TreeRow[],
): Promise<Set<number>> {
  const scope = await permissionScope(db, session, "task.manage");
  // Managing tasks everywhere, they see every task (each is its own).
  if (scope === "all") return new Set(rows.map((r) => r.id));
  // The tasks this person helps on (协办) anywhere are few: read those, not the campaign's 2,000 ids
  // as an IN list (compiling and binding it cost more than the rest of this function).
  const helping =
    rows.length === 0
      ? new Set<number>()
      : new Set(
          (
            await db
              .selectFrom("task_helper")
              .select("task_id")
              .where("user_id", "=", session.user.id)
              .execute()
          ).map((h) => h.task_id),
        );
  const own = rows.filter(
    (r) => scope.includes(r.unit_id) || r.assignee_user_id === session.user.id || helping.has(r.id),
  );
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  const children = new Map<number, number[]>();
  for (const r of rows) {
    if (r.parent_id === null) continue;
    const siblings = children.get(r.parent_id);
    if (siblings) siblings.push(r.id);
    else children.set(r.parent_id, [r.id]);
  }
  const seen = new Set<number>();
  for (const r of own) {
    for (let at: number | null | undefined = r.id; at != null && !seen.has(at); at = parent.get(at))
      seen.add(at);
    const below = [...(children.get(r.id) ?? [])];
    while (below.length > 0) {
      const id = below.pop()!;
      if (seen.has(id) && id !== r.id) continue;
      seen.add(id);
      below.push(...(children.get(id) ?? []));
    }
  }
  return seen;
}

/** The whole tree of the task's campaign, as the access rules need it. */
export function campaignTree(db: Db, campaignId: number) {
  return db
    .selectFrom("task")
    .select(["id", "parent_id", "unit_id", "assignee_user_id"])
    .where("campaign_id", "=", campaignId)
    .execute();
}

export async function assertSeesTask(db: Db, session: AuthSession, task: Task): Promise<void> {
  const visible = await visibleTaskIds(db, session, await campaignTree(db, task.campaign_id));
  if (!visible.has(task.id)) throw new ForbiddenError();
}

/** Edits the task itself (title, dates, 责任人, its place in the tree): an admin of its 责任单位. */
export async function assertManagesTask(db: Db, session: AuthSession, task: Pick<Task, "unit_id">) {
  if (!(await can(db, session, "task.manage", task.unit_id))) throw new ForbiddenError();
}

/** The steps the caller may take on the task now: open from its state, and theirs to take. */
export async function actionsFor(
  db: Db,
  session: AuthSession,
  task: Pick<Task, "state" | "unit_id" | "assignee_user_id" | "assigned_by">,
  manages?: boolean,
): Promise<TaskAction[]> {
  return actionsOf(session, task, manages ?? (await can(db, session, "task.manage", task.unit_id)));
}

/** actionsFor when whether the caller manages the task's unit (`admin`) is known: no database, no promise. */
export function actionsOf(
  session: AuthSession,
  task: Pick<Task, "state" | "assignee_user_id" | "assigned_by">,
  admin: boolean,
): TaskAction[] {
  const me = session.user.id;
  return taskActionsFrom(task.state).filter((a) => {
    if (TASK_ACTION_BY[a] === "assignee") return task.assignee_user_id === me || admin;
    // 验收 and 退回 are never the 责任人's own: someone else checks the work.
    if (task.assignee_user_id === me && a !== "cancel") return false;
    return task.assigned_by === me || admin;
  });
}

/** The report steps whose photos this session may see: those of tasks it sees (files feature's rule). */
export async function taskStepsVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
): Promise<Set<number>> {
  const visible = new Set<number>();
  if (session === null || ids.length === 0) return visible;
  const rows = await db
    .selectFrom("task_step")
    .innerJoin("task", "task.id", "task_step.task_id")
    .select(["task_step.id", "task.id as task_id", "task.campaign_id"])
    .where("task_step.id", "in", ids)
    .execute();
  const seen = new Map<number, Set<number>>();
  for (const r of rows) {
    if (!seen.has(r.campaign_id))
      seen.set(r.campaign_id, await visibleTaskIds(db, session, await campaignTree(db, r.campaign_id)));
    if (seen.get(r.campaign_id)!.has(r.task_id)) visible.add(r.id);
  }
  return visible;
}
