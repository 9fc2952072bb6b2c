import { z } from "zod";
import { calendarDateSchema, idSchema, optionalText, requiredText } from "../schemas.js";
import { SUPERVISION_COLOURS, TASK_STATES } from "./rules.js";
import {
  SUPERVISION_ANSWER_MAX,
  SUPERVISION_BOUNDS,
  SUPERVISION_NOTE_MAX,
  SUPERVISION_STATES,
} from "./supervision-rules.js";

// Inputs and outputs of the 督办 procedures (supervision-router.ts). Every message names its field.

const versionSchema = z.number({ error: "版本号无效" }).int().positive();

export const superviseInput = z.object({
  taskId: idSchema("任务"),
  /** 红 when not given: a hand 督办 escalates the task */
  colour: z.enum(SUPERVISION_COLOURS, { error: "请选择督办颜色" }).optional(),
  note: requiredText("督办内容", SUPERVISION_NOTE_MAX),
  replyBy: calendarDateSchema("反馈期限"),
});
export const answerSupervisionInput = z.object({
  id: idSchema("督办单"),
  version: versionSchema,
  answer: requiredText("反馈内容", SUPERVISION_ANSWER_MAX),
});
export const clearSupervisionInput = z.object({
  id: idSchema("督办单"),
  version: versionSchema,
  note: optionalText("销号说明", SUPERVISION_NOTE_MAX),
});

const threshold = (key: keyof typeof SUPERVISION_BOUNDS, label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int({ error: `${label}须为整数` })
    .min(SUPERVISION_BOUNDS[key].min, { error: `${label}不能小于${SUPERVISION_BOUNDS[key].min}` })
    .max(SUPERVISION_BOUNDS[key].max, { error: `${label}最大${SUPERVISION_BOUNDS[key].max}` });

export const streetInput = z.object({ streetId: idSchema("街道") });
export const setSupervisionSettingsInput = streetInput.extend({
  blueDays: threshold("blueDays", "临期天数"),
  redAfterDays: threshold("redAfterDays", "红色逾期天数"),
  paceGap: threshold("paceGap", "进度滞后百分点"),
});

const thresholdsOutput = z.object({ blueDays: z.number(), redAfterDays: z.number(), paceGap: z.number() });
export const supervisionSettingsOutput = thresholdsOutput.extend({
  streetId: z.number(),
  /** false: the 街道 uses the defaults */
  custom: z.boolean(),
  defaults: thresholdsOutput,
});

export const supervisionOutput = z.object({
  id: z.number(),
  task: z.object({
    id: z.number(),
    title: z.string(),
    dueOn: z.string(),
    state: z.enum(TASK_STATES),
    unit: z.object({ id: z.number(), name: z.string() }),
    assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
  }),
  colour: z.enum(SUPERVISION_COLOURS),
  note: z.string(),
  replyBy: z.string(),
  replyOverdue: z.boolean(),
  state: z.enum(SUPERVISION_STATES),
  issuedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  issuedAt: z.string(),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
  clearedBy: z.string().nullable(),
  clearedAt: z.string().nullable(),
  version: z.number(),
  mayAnswer: z.boolean(),
  mayClear: z.boolean(),
});

export const mySupervisionsOutput = z.object({
  issuedByMe: z.array(supervisionOutput),
  owedByMe: z.array(supervisionOutput),
});

export const supervisionStepOutput = z.object({
  id: z.number(),
  state: z.enum(SUPERVISION_STATES),
  version: z.number(),
});
