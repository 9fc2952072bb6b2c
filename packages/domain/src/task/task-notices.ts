import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Task } from "../db/database.js";
import { notify } from "../notification/notification-service.js";
import type { TaskAction } from "./rules.js";

// What a task's 责任人 hears in their inbox: a task given to them (made so, or its 责任人 changed),
// sent back (退回, with the reason) and passed (验收通过). Written in the caller's transaction, so a
// notice exists exactly when its step commits. Never the same message twice: a retried call finds
// its version taken (CONFLICT) or nothing changed, and each notice's eventKey names its event, so a
// second notify of it writes nothing. Nobody is told of what they did themselves. 督办 notices are
// the 督办单's own (task-supervision).

/** Where a notice of a task leads in the console: 我的任务 with the task's drawer open (as 督办's). */
export function taskConsoleLink(taskId: number): string {
  return `/admin/tasks?task=${taskId}`;
}

/** One minute: a task given to someone, away and back to them within it, tells them once. */
const ASSIGN_WINDOW_MS = 60_000;

/**
 * Tells the 责任人 a task was given to them: on create (`before` null) and on an edit that changed
 * the 责任人. Nothing when it has none, when it did not change, or when the caller gave it to
 * themselves. Keyed by task and minute: a task passed away and back to the same person within a
 * minute (a slip corrected) tells them once.
 */
export async function noticeTaskAssigned(
  db: Db,
  session: AuthSession,
  task: { id: number; title: string; dueOn: string; assigneeUserId: number | null | undefined },
  before: number | null,
  now = new Date(),
): Promise<number> {
  const to = task.assigneeUserId ?? null;
  if (to === null || to === before || to === session.user.id) return 0;
  return notify(
    db,
    {
      userIds: [to],
      kind: "task_assigned",
      title: `新任务：${task.title}`,
      body: `${session.user.name} 将任务“${task.title}”交给你办理，时限 ${task.dueOn}。`,
      link: taskConsoleLink(task.id),
      eventKey: `task.assigned:${task.id}:${Math.floor(now.getTime() / ASSIGN_WINDOW_MS)}`,
    },
    now,
  );
}

/**
 * Tells the 责任人 of a step taken on their task by someone else: 退回 (with the reason) and 验收通过.
 * Other steps tell nobody. `version` is the task's version after the step: each 退回 is its own
 * event (a task may be sent back twice), and a task passes 验收 once.
 */
export async function noticeTaskStep(
  db: Db,
  session: AuthSession,
  action: TaskAction,
  task: Pick<Task, "id" | "title" | "assignee_user_id">,
  step: { note: string; version: number },
  now = new Date(),
): Promise<number> {
  const to = task.assignee_user_id;
  if (to === null || to === session.user.id) return 0;
  if (action === "return") {
    return notify(
      db,
      {
        userIds: [to],
        kind: "task_returned",
        title: `任务退回：${task.title}`,
        body: `${session.user.name} 退回了任务“${task.title}”，原因：${step.note}`,
        link: taskConsoleLink(task.id),
        eventKey: `task.returned:${task.id}:${step.version}`,
      },
      now,
    );
  }
  if (action === "accept") {
    return notify(
      db,
      {
        userIds: [to],
        kind: "task_accepted",
        title: `验收通过：${task.title}`,
        body: `${session.user.name} 验收通过了任务“${task.title}”。`,
        link: taskConsoleLink(task.id),
        eventKey: `task.accepted:${task.id}`,
      },
      now,
    );
  }
  return 0;
}
