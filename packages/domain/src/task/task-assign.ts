import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { recordAudit } from "../audit/audit-service.js";
import { staffReaching } from "../auth/authorize.js";
import { ConflictError, ValidationError } from "../errors.js";
import { assertManagesTask, taskOrThrow } from "./task-access.js";
import { noticeTaskAssigned } from "./task-notices.js";
import { nameOf, recordStep } from "./task-service.js";

// 批量指派: several tasks given to one 责任人 at once, from the task list. All or nothing: one task the
// person may not take, or one changed meanwhile, and none is changed (the procedure's transaction).

export async function assignTasks(
  db: Db,
  session: AuthSession,
  input: { tasks: ReadonlyArray<{ id: number; version: number }>; assigneeUserId: number },
  now = new Date(),
): Promise<{ assigned: number }> {
  let assigned = 0;
  for (const seen of input.tasks) {
    const task = await taskOrThrow(db, seen.id);
    await assertManagesTask(db, session, task);
    if (task.state === "done" || task.state === "cancelled") {
      throw new ConflictError(`任务“${task.title}”已完成或已取消，不能改派`);
    }
    const staff = await staffReaching(db, input.assigneeUserId, "task.handle", task.unit_id);
    if (!staff.found) throw new ValidationError("assigneeUserId", "该账号不存在");
    if (!staff.reaches) {
      throw new ValidationError("assigneeUserId", `${staff.name}不是任务“${task.title}”责任单位的工作人员`);
    }
    if (task.assignee_user_id === input.assigneeUserId) continue;
    const result = await db
      .updateTable("task")
      .set({
        assignee_user_id: input.assigneeUserId,
        assigned_by: session.user.id,
        updated_at: now.toISOString(),
        version: task.version + 1,
      })
      .where("id", "=", task.id)
      .where("version", "=", seen.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new ConflictError(`任务“${task.title}”已被他人修改，请刷新后重试`);
    }
    const before = await nameOf(db, task.assignee_user_id);
    await recordStep(
      db,
      { taskId: task.id, action: "update", userId: session.user.id, note: `责任人改为 ${staff.name}` },
      now,
    );
    await noticeTaskAssigned(
      db,
      session,
      { id: task.id, title: task.title, dueOn: task.due_on, assigneeUserId: input.assigneeUserId },
      task.assignee_user_id,
      now,
    );
    await recordAudit(
      db,
      session,
      {
        action: "task.update",
        targetType: "task",
        targetId: task.id,
        orgUnitId: task.unit_id,
        before: { assignee: before ?? "（未指定）" },
        after: { assignee: staff.name },
      },
      now,
    );
    assigned++;
  }
  return { assigned };
}
