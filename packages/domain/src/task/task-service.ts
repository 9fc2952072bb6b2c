import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Task } from "../db/database.js";
import type { TaskPriority } from "./rules.js";
import { recordAudit } from "../audit/audit-service.js";
import { ancestorIds, can, staffReaching } from "../auth/authorize.js";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.js";
import { assertSees, campaignOrThrow } from "../campaign/campaign-access.js";
import { unitNames } from "../org/unit-names.js";
import { assertManagesTask, assertSeesTask, campaignTree, taskOrThrow } from "./task-access.js";
import { noticeTaskAssigned } from "./task-notices.js";
import { TASK_MAX_DEPTH, depthOf, heightOf, wouldCycle, type TaskStepAction } from "./rules.js";

// Making and shaping a campaign's task tree: a task (or a sub-task split from one) given to a
// 责任单位 and 责任人, edited, and moved within the tree. Every change is a step of the task's
// timeline and a row of the 操作日志.

export interface TaskFields {
  title: string;
  description?: string | null | undefined;
  unitId: number;
  assigneeUserId?: number | null | undefined;
  helperUnitIds?: number[] | undefined;
  helperUserIds?: number[] | undefined;
  startOn: string;
  dueOn: string;
  priority: TaskPriority;
  weight?: number | null | undefined;
  itemIds?: number[] | undefined;
}

export async function recordStep(
  db: Db,
  step: { taskId: number; action: TaskStepAction; userId: number; note?: string; progress?: number | null },
  now: Date,
): Promise<number> {
  const { id } = await db
    .insertInto("task_step")
    .values({
      task_id: step.taskId,
      action: step.action,
      user_id: step.userId,
      note: step.note ?? "",
      progress: step.progress ?? null,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Checks the fields against the campaign and the parent, field by field; returns the 责任人's name. */
async function checkFields(
  db: Db,
  f: TaskFields,
  campaign: { id: number; scope_unit_id: number },
  parent: Pick<Task, "unit_id"> | null,
) {
  if (f.dueOn < f.startOn) throw new ValidationError("dueOn", "时限不能早于开始日期");
  const chain = await ancestorIds(db, f.unitId);
  if (chain.length === 0) throw new ValidationError("unitId", "责任单位不存在");
  if (!chain.includes(campaign.scope_unit_id)) {
    throw new ValidationError("unitId", "责任单位须在该创城活动的范围内");
  }
  if (parent && !chain.includes(parent.unit_id)) {
    throw new ValidationError("unitId", "子任务的责任单位须是上级任务的责任单位或其下级");
  }
  let assigneeName: string | null = null;
  if (f.assigneeUserId != null) {
    const staff = await staffReaching(db, f.assigneeUserId, "task.handle", f.unitId);
    if (!staff.found) throw new ValidationError("assigneeUserId", "该账号不存在");
    if (!staff.reaches) throw new ValidationError("assigneeUserId", "责任人须是责任单位的工作人员");
    assigneeName = staff.name;
  }
  for (const userId of f.helperUserIds ?? []) {
    const staff = await staffReaching(db, userId, "task.handle", campaign.scope_unit_id);
    if (!staff.found || !staff.reaches)
      throw new ValidationError("helperUserIds", "协办人须是本活动范围内的工作人员");
  }
  const helperUnits = [...new Set(f.helperUnitIds ?? [])];
  if (helperUnits.length > 0) {
    const units = await db.selectFrom("org_unit").select("id").where("id", "in", helperUnits).execute();
    if (units.length !== helperUnits.length) throw new ValidationError("helperUnitIds", "协办单位不存在");
  }
  const items = [...new Set(f.itemIds ?? [])];
  if (items.length > 0) {
    const found = await db
      .selectFrom("campaign_item")
      .select("id")
      .where("id", "in", items)
      .where("campaign_id", "=", campaign.id)
      .where("archived_at", "is", null)
      .execute();
    if (found.length !== items.length)
      throw new ValidationError("itemIds", "关联的测评内容须是该创城活动清单中的项目");
  }
  return { assigneeName, items, helperUnits, helperUsers: [...new Set(f.helperUserIds ?? [])] };
}

function columns(f: TaskFields) {
  return {
    title: f.title.trim(),
    description: f.description?.trim() ?? "",
    unit_id: f.unitId,
    assignee_user_id: f.assigneeUserId ?? null,
    start_on: f.startOn,
    due_on: f.dueOn,
    priority: f.priority,
    weight: f.weight ?? null,
  };
}

async function writeLinks(
  db: Db,
  taskId: number,
  links: { items: number[]; helperUnits: number[]; helperUsers: number[] },
) {
  await db.deleteFrom("task_item").where("task_id", "=", taskId).execute();
  await db.deleteFrom("task_helper").where("task_id", "=", taskId).execute();
  if (links.items.length > 0) {
    await db
      .insertInto("task_item")
      .values(links.items.map((item_id) => ({ task_id: taskId, item_id })))
      .execute();
  }
  const helpers = [
    ...links.helperUnits.map((unit_id) => ({ task_id: taskId, unit_id, user_id: null })),
    ...links.helperUsers.map((user_id) => ({ task_id: taskId, unit_id: null, user_id })),
  ];
  if (helpers.length > 0) await db.insertInto("task_helper").values(helpers).execute();
}

/** What the 操作日志 keeps of a task. */
async function audited(
  db: Db,
  t: { title: string; unit_id: number; due_on: string },
  assignee: string | null,
) {
  const unit = (await unitNames(db, [t.unit_id])).get(t.unit_id)?.name ?? "";
  return { title: t.title, unit, assignee: assignee ?? "（未指定）", dueOn: t.due_on };
}

/**
 * A task of a campaign, or a sub-task split from `parentId`: by an admin of its 责任单位 who sees the
 * campaign (and the parent). The parent's depth + 1 stays within 4.
 */
export async function createTask(
  db: Db,
  session: AuthSession,
  input: TaskFields & { campaignId: number; parentId?: number | null | undefined },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertSees(db, session, campaign);
  let parent: Task | null = null;
  if (input.parentId != null) {
    parent = await taskOrThrow(db, input.parentId);
    if (parent.campaign_id !== campaign.id) throw new ValidationError("parentId", "上级任务不在该创城活动中");
    await assertSeesTask(db, session, parent);
    if (parent.state === "done" || parent.state === "cancelled") {
      throw new ValidationError("parentId", "上级任务已完成或已取消，不能再分解");
    }
    const tree = await campaignTree(db, campaign.id);
    if (depthOf(new Map(tree.map((t) => [t.id, t.parent_id])), parent.id) + 1 > TASK_MAX_DEPTH) {
      throw new ValidationError("parentId", `任务最多分解到 ${TASK_MAX_DEPTH} 级`);
    }
  }
  if (!(await can(db, session, "task.manage", input.unitId))) throw new ForbiddenError();
  const links = await checkFields(db, input, campaign, parent);
  const siblings = await db
    .selectFrom("task")
    .select((eb) => eb.fn.max("sort").as("sort"))
    .where("campaign_id", "=", campaign.id)
    .$if(parent === null, (q) => q.where("parent_id", "is", null))
    .$if(parent !== null, (q) => q.where("parent_id", "=", parent!.id))
    .executeTakeFirst();
  const at = now.toISOString();
  const row = {
    ...columns(input),
    campaign_id: campaign.id,
    parent_id: parent?.id ?? null,
    sort: Number(siblings?.sort ?? 0) + 1,
    assigned_by: input.assigneeUserId != null ? session.user.id : null,
    state: "not_started" as const,
    cancel_reason: null,
    created_at: at,
    updated_at: at,
  };
  const { id } = await db.insertInto("task").values(row).returning("id").executeTakeFirstOrThrow();
  await writeLinks(db, id, links);
  await recordStep(
    db,
    {
      taskId: id,
      action: "create",
      userId: session.user.id,
      note: links.assigneeName ? `交给 ${links.assigneeName}` : "",
    },
    now,
  );
  await noticeTaskAssigned(
    db,
    session,
    { id, title: row.title, dueOn: row.due_on, assigneeUserId: row.assignee_user_id },
    null,
    now,
  );
  await recordAudit(
    db,
    session,
    {
      action: "task.create",
      targetType: "task",
      targetId: id,
      orgUnitId: input.unitId,
      after: await audited(db, row, links.assigneeName),
    },
    now,
  );
  return { id };
}

/** Edits a task (not its state): an admin of its 责任单位; a stale `version` is refused. */
export async function updateTask(
  db: Db,
  session: AuthSession,
  input: TaskFields & { id: number; version?: number | undefined },
  now = new Date(),
) {
  const task = await taskOrThrow(db, input.id);
  await assertManagesTask(db, session, task);
  if (task.state === "done" || task.state === "cancelled") {
    throw new ConflictError("任务已完成或已取消，不能修改");
  }
  const campaign = await campaignOrThrow(db, task.campaign_id);
  const parent = task.parent_id === null ? null : await taskOrThrow(db, task.parent_id);
  const links = await checkFields(db, input, campaign, parent);
  if (input.unitId !== task.unit_id && !(await can(db, session, "task.manage", input.unitId))) {
    throw new ForbiddenError();
  }
  const assigneeChanged = (input.assigneeUserId ?? null) !== task.assignee_user_id;
  const result = await db
    .updateTable("task")
    .set({
      ...columns(input),
      ...(assigneeChanged ? { assigned_by: input.assigneeUserId != null ? session.user.id : null } : {}),
      updated_at: now.toISOString(),
      version: task.version + 1,
    })
    .where("id", "=", task.id)
    .$if(input.version !== undefined, (q) => q.where("version", "=", input.version!))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该任务已被他人修改，请刷新后重试");
  await writeLinks(db, task.id, links);
  const before = await audited(db, task, await nameOf(db, task.assignee_user_id));
  const after = await audited(db, columns(input), links.assigneeName);
  await recordStep(
    db,
    {
      taskId: task.id,
      action: "update",
      userId: session.user.id,
      note: assigneeChanged ? `责任人改为 ${after.assignee}` : "",
    },
    now,
  );
  await noticeTaskAssigned(
    db,
    session,
    { id: task.id, title: after.title, dueOn: input.dueOn, assigneeUserId: input.assigneeUserId },
    task.assignee_user_id,
    now,
  );
  await recordAudit(
    db,
    session,
    { action: "task.update", targetType: "task", targetId: task.id, orgUnitId: task.unit_id, before, after },
    now,
  );
  return { id: task.id, version: task.version + 1 };
}

export async function nameOf(db: Db, userId: number | null) {
  if (userId === null) return null;
  const row = await db.selectFrom("user").select("name").where("id", "=", userId).executeTakeFirst();
  return row?.name ?? null;
}

/**
 * Puts a task under another parent of the same campaign (or at the top): an admin of its 责任单位 and
 * of the new parent's. Never under itself or its own sub-tasks, never deeper than 4 levels; of two
 * people moving the same task at once, the second is refused (`version`).
 */
export async function moveTask(
  db: Db,
  session: AuthSession,
  input: { id: number; parentId: number | null; version: number },
  now = new Date(),
) {
  const task = await taskOrThrow(db, input.id);
  await assertManagesTask(db, session, task);
  const tree = await campaignTree(db, task.campaign_id);
  const parents = new Map(tree.map((t) => [t.id, t.parent_id]));
  let newParent: Task | null = null;
  if (input.parentId !== null) {
    newParent = await taskOrThrow(db, input.parentId);
    if (newParent.campaign_id !== task.campaign_id)
      throw new ValidationError("parentId", "只能在同一创城活动的任务之间调整");
    if (wouldCycle(parents, task.id, newParent.id))
      throw new ValidationError("parentId", "不能移到该任务自身或其下级任务之下");
    await assertManagesTask(db, session, newParent);
    if (depthOf(parents, newParent.id) + heightOf(parents, task.id) > TASK_MAX_DEPTH) {
      throw new ValidationError("parentId", `移动后任务层级将超过 ${TASK_MAX_DEPTH} 级`);
    }
    if (!(await ancestorIds(db, task.unit_id)).includes(newParent.unit_id)) {
      throw new ValidationError("parentId", "该任务的责任单位不在新上级任务的责任单位之内");
    }
  }
  const result = await db
    .updateTable("task")
    .set({ parent_id: newParent?.id ?? null, updated_at: now.toISOString(), version: task.version + 1 })
    .where("id", "=", task.id)
    .where("version", "=", input.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该任务已被他人调整，请刷新后重试");
  const titles = await db
    .selectFrom("task")
    .select(["id", "title"])
    .where("id", "in", [task.parent_id ?? -1, newParent?.id ?? -1])
    .execute();
  const title = (id: number | null) =>
    id === null ? "（顶层）" : (titles.find((t) => t.id === id)?.title ?? "");
  await recordStep(
    db,
    {
      taskId: task.id,
      action: "move",
      userId: session.user.id,
      note: `移到 ${title(newParent?.id ?? null)} 之下`,
    },
    now,
  );
  await recordAudit(
    db,
    session,
    {
      action: "task.move",
      targetType: "task",
      targetId: task.id,
      orgUnitId: task.unit_id,
      before: { parent: title(task.parent_id) },
      after: { parent: title(newParent?.id ?? null) },
    },
    now,
  );
  return { id: task.id, version: task.version + 1 };
}
