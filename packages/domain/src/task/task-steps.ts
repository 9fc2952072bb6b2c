import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Task } from "../db/database.js";
import { recordAudit } from "../audit/audit-service.js";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.js";
import { attachFiles, type PhotoRef } from "../files/files-service.js";
import { actionsFor, assertSeesTask, taskOrThrow } from "./task-access.js";
import { recordStep } from "./task-service.js";
import { noticeTaskStep } from "./task-notices.js";
import { TASK_STATE_LABELS, taskTransition, type TaskAction } from "./rules.js";

// The steps of a task through its one transition table (rules.ts): the 责任人 starts it, reports
// progress (text, a percentage, photos) and submits it for 验收; whoever assigned it accepts it or
// sends it back with a reason, or cancels it with one. Each is a step of the timeline and a row of
// the 操作日志; two people acting on the same task at once: the second is refused (`version`).

export interface StepInput {
  id: number;
  version: number;
  note?: string | null | undefined;
  /** a report's percentage, 0–100 */
  progress?: number | undefined;
  photos?: number[] | undefined;
}

/** Why a step needs words: 退回 and 取消 say why; a report says what was done. */
const NOTE_REQUIRED: Partial<Record<TaskAction, string>> = {
  report: "请填写进展情况",
  return: "请填写退回原因",
  cancel: "请填写取消原因",
};

export async function takeStep(
  db: Db,
  session: AuthSession,
  action: TaskAction,
  input: StepInput,
  now = new Date(),
): Promise<{ id: number; state: Task["state"]; version: number; photos: PhotoRef[] }> {
  const task = await taskOrThrow(db, input.id);
  await assertSeesTask(db, session, task);
  const to = taskTransition(task.state, action);
  if (!(await actionsFor(db, session, task)).includes(action)) {
    if (task.assignee_user_id === session.user.id && (action === "accept" || action === "return")) {
      throw new ForbiddenError("不能验收自己负责的任务");
    }
    throw new ForbiddenError();
  }
  const note = input.note?.trim() ?? "";
  const needs = NOTE_REQUIRED[action];
  if (needs && note === "") throw new ValidationError("note", needs);
  if (action === "report" && input.progress === undefined)
    throw new ValidationError("progress", "请填写完成进度");
  const progress = action === "report" ? input.progress! : action === "accept" ? 100 : task.progress;
  const result = await db
    .updateTable("task")
    .set({
      state: to,
      progress,
      cancel_reason: action === "cancel" ? note : task.cancel_reason,
      updated_at: now.toISOString(),
      version: task.version + 1,
    })
    .where("id", "=", task.id)
    .where("version", "=", input.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该任务刚被他人处理，请刷新后查看");
  const stepId = await recordStep(
    db,
    {
      taskId: task.id,
      action,
      userId: session.user.id,
      note,
      progress: action === "report" ? progress : null,
    },
    now,
  );
  const photos =
    action === "report" && (input.photos?.length ?? 0) > 0
      ? await attachFiles(db, {
          ownerType: "task_step",
          ownerId: stepId,
          actorUserId: session.user.id,
          fileIds: input.photos!,
          now,
        })
      : [];
  await recordAudit(
    db,
    session,
    {
      action: `task.${action}`,
      targetType: "task",
      targetId: task.id,
      orgUnitId: task.unit_id,
      before: { state: TASK_STATE_LABELS[task.state] },
      after: {
        state: TASK_STATE_LABELS[to],
        ...(action === "report" ? { progress, photos: photos.length } : {}),
        ...(note && action !== "report" ? { reason: note } : {}),
      },
    },
    now,
  );
  await noticeTaskStep(db, session, action, task, { note, version: task.version + 1 }, now);
  return { id: task.id, state: to, version: task.version + 1, photos };
}
