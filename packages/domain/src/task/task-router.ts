import { z } from "zod";
import { authedProcedure, keptUntilWritten, permission, router, transactional } from "../trpc.js";
import { checkedOnce } from "../checked-once.js";
import { createTask, moveTask, updateTask } from "./task-service.js";
import { takeStep } from "./task-steps.js";
import { supervisionProcedures } from "./supervision-router.js";
import { taskExcelProcedures } from "./task-excel-router.js";
import { myTasks, taskDetail, taskTree } from "./task-views.js";
import { taskAssignees } from "./task-assignees.js";
import { assignTasks } from "./task-assign.js";
import { taskDigestProcedures } from "./task-digest-router.js";
import { ROLES } from "../auth/rules.js";
import { idSchema } from "../schemas.js";
import {
  campaignTasksInput,
  createTaskInput,
  moveTaskInput,
  assignTasksInput,
  reportInput,
  stepInput,
  stepOutput,
  taskDetailOutput,
  taskIdInput,
  taskSummaryOutput,
  taskTreeOutput,
  updateTaskInput,
} from "./task-schemas.js";
import type { TaskAction } from "./rules.js";

// 任务: a campaign's work split down to a 责任单位 and 责任人. Staff only: residents see none of it.

const handles = authedProcedure.use(permission("task.handle"));
const manages = authedProcedure.use(permission("task.manage"));

/** One step of the transition table as a procedure of its own. */
const step = (action: TaskAction) =>
  handles
    .input(stepInput)
    .output(stepOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => takeStep(ctx.db, ctx.session, action, input));

/**
 * What a campaign's task tree is read from (its tasks, their people, units, items, 督办 and the
 * thresholds that colour them): the tree is kept for its caller until one of them is written.
 */
const TREE_TABLES = [
  "campaign",
  "campaign_item",
  "task",
  "task_helper",
  "task_item",
  "task_step",
  "task_supervision",
  "supervision_setting",
  "org_unit",
  "user",
  "role_grant",
  "file",
  "document",
];

export const taskRouter = router({
  ...supervisionProcedures,
  ...taskDigestProcedures,
  ...taskExcelProcedures,
  /** A campaign's tasks the caller sees, in tree order, with progress rolled up and 督办 colours. */
  tree: handles
    .input(campaignTasksInput)
    .output(checkedOnce(taskTreeOutput))
    .query(({ ctx, input }) =>
      keptUntilWritten(ctx, "task.tree", input, TREE_TABLES, () => taskTree(ctx.db, ctx.session, input)),
    ),
  /** 我的任务: the caller's own open tasks, overdue first, then by 时限. */
  mine: handles.output(z.array(taskSummaryOutput)).query(({ ctx }) => myTasks(ctx.db, ctx.session)),
  /** Whom a task of a unit may be given to (责任人), nearest first: for the console's picker. */
  assignees: manages
    .input(z.object({ unitId: idSchema("责任单位") }))
    .output(
      z.array(z.object({ id: z.number(), name: z.string(), role: z.enum(ROLES), unitName: z.string() })),
    )
    .query(({ ctx, input }) => taskAssignees(ctx.db, ctx.session, input)),
  detail: handles
    .input(taskIdInput)
    .output(taskDetailOutput)
    .query(({ ctx, input }) => taskDetail(ctx.db, ctx.session, input)),
  create: manages
    .input(createTaskInput)
    .output(z.object({ id: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => createTask(ctx.db, ctx.session, input)),
  update: manages
    .input(updateTaskInput)
    .output(z.object({ id: z.number(), version: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => updateTask(ctx.db, ctx.session, input)),
  /** 批量指派: the chosen tasks to one 责任人, all or none (a task they may not take names itself). */
  assign: manages
    .input(assignTasksInput)
    .output(z.object({ assigned: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => assignTasks(ctx.db, ctx.session, input)),
  move: manages
    .input(moveTaskInput)
    .output(z.object({ id: z.number(), version: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => moveTask(ctx.db, ctx.session, input)),
  start: step("start"),
  /** 汇报进展: text, a percentage and photos, by the 责任人. */
  report: handles
    .input(reportInput)
    .output(stepOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => takeStep(ctx.db, ctx.session, "report", input)),
  submit: step("submit"),
  accept: step("accept"),
  /** 退回 to 进行中, with a reason (`note`). */
  return: step("return"),
  /** 取消, with a reason (`note`). */
  cancel: step("cancel"),
});
