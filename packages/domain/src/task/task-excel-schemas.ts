import { z } from "zod";
import { calendarDateSchema, idSchema } from "../schemas.js";
import { SUPERVISION_COLOURS, TASK_STATES } from "./rules.js";

// Inputs and outputs of the 任务分解表 import and export (task-excel-router.ts).

export const taskImportInput = z.object({
  campaignId: idSchema("创城活动"),
  // about 5 MB of .xlsx, base64-encoded (the server takes 16 MB a request)
  fileBase64: z
    .string({ error: "请选择文件" })
    .min(1, { error: "请选择文件" })
    .max(7_000_000, { error: "文件不能超过5MB" }),
});

export const taskImportOutput = z.discriminatedUnion("imported", [
  z.object({ imported: z.literal(true), created: z.number() }),
  z.object({
    imported: z.literal(false),
    errors: z.array(z.object({ line: z.number(), column: z.string(), message: z.string() })),
  }),
]);

/** The tasks to export: a campaign's, narrowed as the console's list narrows them. */
export const taskExportInput = z.object({
  campaignId: idSchema("创城活动"),
  /** the 责任单位 itself (as the console's list filters) */
  unitId: idSchema("责任单位").optional(),
  assigneeUserId: idSchema("责任人").optional(),
  states: z
    .array(z.enum(TASK_STATES, { error: "状态无效" }))
    .max(5)
    .optional(),
  /** 督办 colours; `none`: tasks without one */
  colours: z
    .array(z.enum([...SUPERVISION_COLOURS, "none"], { error: "督办颜色无效" }))
    .max(4)
    .optional(),
  dueFrom: calendarDateSchema("时限起").optional(),
  dueTo: calendarDateSchema("时限止").optional(),
  itemId: idSchema("测评内容").optional(),
});
export type TaskExportFilter = z.infer<typeof taskExportInput>;

export const taskTemplateInput = z.object({ campaignId: idSchema("创城活动") });

export const taskFileOutput = z.object({ fileName: z.string(), base64: z.string() });
