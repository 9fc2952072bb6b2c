import { z } from "zod";
import { calendarDateSchema, idSchema, optionalText, requiredText } from "../schemas.js";
import { photoIdsSchema, photoRefSchema } from "../files/files-service.js";
import { supervisionOutput } from "./supervision-schemas.js";
import {
  SUPERVISION_COLOURS,
  TASK_ACTIONS,
  TASK_PRIORITIES,
  TASK_STATES,
  TASK_STEP_ACTIONS,
  TASK_TEXT_MAX,
  TASK_TITLE_MAX,
} from "./rules.js";

// Inputs and outputs of the task router. Every message names its field, in Chinese.

const idList = (label: string) =>
  z.array(idSchema(label), { error: `${label}须为列表` }).max(50, { error: `${label}最多50个` });
const versionSchema = z.number({ error: "版本号无效" }).int().positive();

const taskFields = {
  title: requiredText("任务名称", TASK_TITLE_MAX),
  description: optionalText("任务说明", TASK_TEXT_MAX),
  unitId: idSchema("责任单位"),
  assigneeUserId: idSchema("责任人").nullable().optional(),
  helperUnitIds: idList("协办单位").optional(),
  helperUserIds: idList("协办人").optional(),
  startOn: calendarDateSchema("开始日期"),
  dueOn: calendarDateSchema("时限"),
  priority: z.enum(TASK_PRIORITIES, { error: "请选择优先级" }),
  weight: z
    .number({ error: "权重须为数字" })
    .min(0, { error: "权重不能小于0" })
    .max(1000, { error: "权重最大1000" })
    .nullable()
    .optional(),
  itemIds: idList("关联测评内容").optional(),
};

export const createTaskInput = z.object({
  campaignId: idSchema("创城活动"),
  parentId: idSchema("上级任务").nullable().optional(),
  ...taskFields,
});
export const updateTaskInput = z.object({
  id: idSchema("任务"),
  version: versionSchema.optional(),
  ...taskFields,
});
export const moveTaskInput = z.object({
  id: idSchema("任务"),
  parentId: idSchema("上级任务").nullable(),
  version: versionSchema,
});
export const taskIdInput = z.object({ id: idSchema("任务") });
export const assignTasksInput = z.object({
  tasks: z
    .array(z.object({ id: idSchema("任务"), version: versionSchema }), { error: "请选择任务" })
    .min(1, { error: "请选择任务" })
    .max(200, { error: "一次最多指派200项任务" }),
  assigneeUserId: idSchema("责任人"),
});
export const campaignTasksInput = z.object({ campaignId: idSchema("创城活动") });
export const stepInput = z.object({
  id: idSchema("任务"),
  version: versionSchema,
  note: optionalText("说明", TASK_TEXT_MAX),
});
export const reportInput = stepInput.extend({
  progress: z
    .number({ error: "请填写完成进度" })
    .int({ error: "完成进度须为整数" })
    .min(0, { error: "完成进度不能小于0" })
    .max(100, { error: "完成进度最大100" }),
  photos: photoIdsSchema.optional(),
});

export const taskSummaryOutput = z.object({
  id: z.number(),
  campaignId: z.number(),
  parentId: z.number().nullable(),
  depth: z.number(),
  title: z.string(),
  unit: z.object({ id: z.number(), name: z.string() }),
  assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
  startOn: z.string(),
  dueOn: z.string(),
  priority: z.enum(TASK_PRIORITIES),
  state: z.enum(TASK_STATES),
  progress: z.number(),
  rolledUp: z.number(),
  weight: z.number().nullable(),
  overdue: z.boolean(),
  colour: z.enum(SUPERVISION_COLOURS).nullable(),
  version: z.number(),
});

export const taskTreeOutput = z.object({
  mayCreate: z.boolean(),
  tasks: z.array(taskSummaryOutput.extend({ actions: z.array(z.enum(TASK_ACTIONS)) })),
});

export const taskDetailOutput = taskSummaryOutput.extend({
  description: z.string(),
  cancelReason: z.string().nullable(),
  mayEdit: z.boolean(),
  actions: z.array(z.enum(TASK_ACTIONS)),
  helpers: z.array(z.object({ kind: z.enum(["unit", "user"]), id: z.number(), name: z.string() })),
  items: z.array(z.object({ id: z.number(), project: z.string(), content: z.string() })),
  steps: z.array(
    z.object({
      id: z.number(),
      action: z.enum(TASK_STEP_ACTIONS),
      note: z.string(),
      progress: z.number().nullable(),
      at: z.string(),
      by: z.string(),
      photos: z.array(photoRefSchema),
    }),
  ),
  /** whether the caller may issue a 督办单 on it (task.supervise) */
  maySupervise: z.boolean(),
  /** its 督办单, those not cleared first (supervision-views.ts) */
  supervisions: z.array(supervisionOutput),
});

export const stepOutput = z.object({
  id: z.number(),
  state: z.enum(TASK_STATES),
  version: z.number(),
  photos: z.array(photoRefSchema),
});
