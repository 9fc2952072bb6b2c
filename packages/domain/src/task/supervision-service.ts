import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Task } from "../db/database.js";
import { recordAudit } from "../audit/audit-service.js";
import { ancestorIds, can, permissionRoots } from "../auth/authorize.js";
import { roleHas } from "../auth/rules.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { notify } from "../notification/notification-service.js";
import { chinaToday } from "../time.js";
import { taskOrThrow } from "./task-access.js";
import { recordStep } from "./task-service.js";
import type { SupervisionColour } from "./rules.js";
import {
  DEFAULT_HAND_COLOUR,
  SUPERVISION_COLOUR_NAMES,
  SUPERVISION_STATE_LABELS,
} from "./supervision-rules.js";

// 督办单: someone above a task's 责任单位 issues one by hand (a colour, 红 by default, a note and the
// day a reply is due); the 责任人 (or an admin of the 责任单位) answers it in writing (反馈); the
// issuer (or an admin of the issuer's unit and above) clears it (销号). Until then it stays on both
// sides' lists (supervision-views.ts). Each step is a step of the task's timeline, a row of the
// 操作日志 and, for issuing and answering, a notice to the other side. Two people acting on one
// 督办单 at once: the second is refused (`version`).

/** Where a notice of a 督办 leads in the console: the task list with the task's drawer open. */
export function supervisionLink(taskId: number): string {
  return `/admin/tasks?task=${taskId}`;
}

export async function supervisionOrThrow(db: Db, id: number) {
  const row = await db.selectFrom("task_supervision").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("督办单不存在");
  return row;
}

/**
 * The unit the caller would issue a 督办 on the task for: the nearest unit strictly above its 责任单位
 * where they manage tasks; null for a system admin; undefined when they are not above it (an admin
 * of the 责任单位 itself, or of elsewhere, supervises nothing of it).
 */
export async function issuingUnit(
  db: Db,
  session: AuthSession,
  task: Pick<Task, "unit_id">,
): Promise<number | null | undefined> {
  const roots = permissionRoots(session, "task.manage");
  if (roots === "all") return null;
  if (roots.length === 0) return undefined;
  const above = (await ancestorIds(db, task.unit_id)).slice(1);
  return above.find((id) => roots.includes(id));
}

/** Whether the caller may issue a 督办 on the task now: above its 责任单位, and the task not finished. */
export async function maySupervise(db: Db, session: AuthSession, task: Pick<Task, "unit_id" | "state">) {
  if (task.state === "done" || task.state === "cancelled") return false;
  return (await issuingUnit(db, session, task)) !== undefined;
}

/** Answers (反馈): the 责任人, or an admin of the 责任单位; never the issuer of their own. */
export async function mayAnswer(
  db: Db,
  session: AuthSession,
  task: Pick<Task, "unit_id" | "assignee_user_id">,
  s: { issued_by: number | null; state: string },
  manages?: boolean,
): Promise<boolean> {
  if (s.state === "cleared" || s.issued_by === session.user.id) return false;
  if (task.assignee_user_id === session.user.id) return true;
  return manages ?? (await can(db, session, "task.manage", task.unit_id));
}

/** Clears (销号): the issuer, or an admin of the issuer's unit (and above); never the 责任人. */
export async function mayClear(
  db: Db,
  session: AuthSession,
  task: Pick<Task, "assignee_user_id">,
  s: { issued_by: number | null; unit_id: number | null; state: string },
): Promise<boolean> {
  if (s.state === "cleared") return false;
  if (s.issued_by === session.user.id) return true;
  if (task.assignee_user_id === session.user.id) return false;
  return can(db, session, "task.manage", s.unit_id);
}

/**
 * Issues a 督办单 on a task: by someone above its 责任单位 (FORBIDDEN otherwise), never on a finished
 * or cancelled task (CONFLICT), with a reply day not before today. Tells the 责任人.
 */
export async function superviseTask(
  db: Db,
  session: AuthSession,
  input: { taskId: number; colour?: SupervisionColour | undefined; note: string; replyBy: string },
  now = new Date(),
) {
  const task = await taskOrThrow(db, input.taskId);
  const unitId = await issuingUnit(db, session, task);
  if (unitId === undefined) throw new ForbiddenError("只有责任单位的上级可以督办");
  if (task.state === "done" || task.state === "cancelled") {
    throw new ConflictError(`任务${task.state === "done" ? "已完成" : "已取消"}，不能督办`);
  }
  const note = input.note.trim();
  if (note === "") throw new ValidationError("note", "请填写督办内容");
  const today = chinaToday(now);
  if (input.replyBy < today) throw new ValidationError("replyBy", "反馈期限不能早于今天");
  const colour = input.colour ?? DEFAULT_HAND_COLOUR;
  const at = now.toISOString();
  const { id } = await db
    .insertInto("task_supervision")
    .values({
      task_id: task.id,
      unit_id: unitId,
      issued_by: session.user.id,
      colour,
      note,
      reply_by: input.replyBy,
      state: "open",
      answer: null,
      answered_by: null,
      answered_at: null,
      cleared_by: null,
      cleared_at: null,
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const colourName = SUPERVISION_COLOUR_NAMES[colour];
  await recordStep(
    db,
    {
      taskId: task.id,
      action: "supervise",
      userId: session.user.id,
      note: `${colourName}督办：${note}（${input.replyBy} 前反馈）`,
    },
    now,
  );
  await recordAudit(
    db,
    session,
    {
      action: "task.supervise",
      targetType: "task",
      targetId: task.id,
      orgUnitId: task.unit_id,
      after: { colour: colourName, note, replyBy: input.replyBy },
    },
    now,
  );
  // Whoever must answer: the 责任人, or for a task given to nobody yet the admins of its unit.
  const answerers = (
    task.assignee_user_id !== null ? [task.assignee_user_id] : await unitManagers(db, task.unit_id)
  ).filter((userId) => userId !== session.user.id);
  await notify(
    db,
    {
      userIds: answerers,
      kind: "task_supervised",
      title: `${colourName}督办：${task.title}`,
      body:
        `${session.user.name} 对任务“${task.title}”发出${colourName}督办：${note}。请于 ${input.replyBy} 前反馈。` +
        (task.assignee_user_id === null ? "该任务尚未指定责任人，请责任单位反馈。" : ""),
      link: supervisionLink(task.id),
      eventKey: `task.supervised:${id}`,
    },
    now,
  );
  return { id, version: 1 };
}

/** Answers a 督办单 in writing (反馈): see mayAnswer. Again while not cleared: the latest answer stands. Tells the issuer. */
export async function answerSupervision(
  db: Db,
  session: AuthSession,
  input: { id: number; version: number; answer: string },
  now = new Date(),
) {
  const s = await supervisionOrThrow(db, input.id);
  const task = await taskOrThrow(db, s.task_id);
  if (s.state === "cleared") throw new ConflictError("该督办已销号，不能再反馈");
  if (!(await mayAnswer(db, session, task, s))) {
    if (s.issued_by === session.user.id) throw new ForbiddenError("不能反馈自己发出的督办");
    throw new ForbiddenError("只有责任人或责任单位的管理员可以反馈");
  }
  const answer = input.answer.trim();
  if (answer === "") throw new ValidationError("answer", "请填写反馈内容");
  const at = now.toISOString();
  const result = await db
    .updateTable("task_supervision")
    .set({ state: "answered", answer, answered_by: session.user.id, answered_at: at, version: s.version + 1 })
    .where("id", "=", s.id)
    .where("version", "=", input.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该督办单刚被他人处理，请刷新后查看");
  await recordStep(db, { taskId: task.id, action: "answer", userId: session.user.id, note: answer }, now);
  await recordAudit(
    db,
    session,
    {
      action: "task.answer_supervision",
      targetType: "task",
      targetId: task.id,
      orgUnitId: task.unit_id,
      before: { state: SUPERVISION_STATE_LABELS[s.state] },
      after: { state: SUPERVISION_STATE_LABELS.answered, answer },
    },
    now,
  );
  if (s.issued_by !== null && s.issued_by !== session.user.id) {
    await notify(
      db,
      {
        userIds: [s.issued_by],
        kind: "task_supervision_answered",
        title: `督办反馈：${task.title}`,
        body: `${session.user.name} 反馈了任务“${task.title}”的督办：${answer}`,
        link: supervisionLink(task.id),
        eventKey: `task.supervision_answered:${s.id}:${s.version + 1}`,
      },
      now,
    );
  }
  return { id: s.id, state: "answered" as const, version: s.version + 1 };
}

/** Clears a 督办单 (销号): see mayClear; whether answered or not. It leaves both sides' lists. */
export async function clearSupervision(
  db: Db,
  session: AuthSession,
  input: { id: number; version: number; note?: string | null | undefined },
  now = new Date(),
) {
  const s = await supervisionOrThrow(db, input.id);
  const task = await taskOrThrow(db, s.task_id);
  if (s.state === "cleared") throw new ConflictError("该督办已销号");
  if (!(await mayClear(db, session, task, s))) {
    throw new ForbiddenError("只有督办人或其上级可以销号");
  }
  const note = input.note?.trim() ?? "";
  const result = await db
    .updateTable("task_supervision")
    .set({
      state: "cleared",
      cleared_by: session.user.id,
      cleared_at: now.toISOString(),
      version: s.version + 1,
    })
    .where("id", "=", s.id)
    .where("version", "=", input.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该督办单刚被他人处理，请刷新后查看");
  await recordStep(db, { taskId: task.id, action: "clear", userId: session.user.id, note }, now);
  await recordAudit(
    db,
    session,
    {
      action: "task.clear_supervision",
      targetType: "task",
      targetId: task.id,
      orgUnitId: task.unit_id,
      before: { state: SUPERVISION_STATE_LABELS[s.state] },
      after: { state: SUPERVISION_STATE_LABELS.cleared, ...(note ? { reason: note } : {}) },
    },
    now,
  );
  return { id: s.id, state: "cleared" as const, version: s.version + 1 };
}

/**
 * Who manages a unit's tasks: those granted a role with task.manage on the unit itself, or else on
 * the nearest unit above it that has any (a 网格's tasks are its 社区's admins').
 */
export async function unitManagers(db: Db, unitId: number): Promise<number[]> {
  const units = await ancestorIds(db, unitId);
  if (units.length === 0) return [];
  const grants = await db
    .selectFrom("role_grant")
    .select(["user_id", "org_unit_id", "role"])
    .where("org_unit_id", "in", units)
    .orderBy("user_id")
    .execute();
  for (const unit of units) {
    const here = grants.filter((g) => g.org_unit_id === unit && roleHas(g.role, "task.manage"));
    if (here.length > 0) return here.map((g) => g.user_id);
  }
  return [];
}
