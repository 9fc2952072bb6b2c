import { z } from "zod";
import { calendarDateSchema, idSchema, optionalText, requiredText } from "../schemas.js";
import { photoIdsSchema, photoRefSchema } from "../files/files-service.js";
import { ACTIVITY_KINDS } from "../activity/rules.js";
import { EVIDENCE_KINDS } from "./rules.js";
import { activityKindSchema, evidenceKindSchema } from "./campaign-schemas.js";
import {
  DUTY_CADENCES,
  DUTY_DONE_BY,
  DUTY_NOTE_MAX,
  DUTY_REMIND_DAYS_MAX,
  DUTY_STATES,
  DUTY_TIMES_MAX,
  DUTY_TITLE_MAX,
} from "./duty-rules.js";

// Inputs and outputs of the calendar of recurring duties (campaign router). Messages name their field.

const monthOrQuarter = (label: string) =>
  z
    .string({ error: `请选择${label}` })
    .regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, { error: `${label}格式应为 2026-12 或 2026-Q4` });

const dutyFields = {
  title: requiredText("工作名称", DUTY_TITLE_MAX),
  cadence: z.enum(DUTY_CADENCES, { error: "请选择周期" }),
  times: z
    .number({ error: "请填写每期次数" })
    .int({ error: "每期次数须为整数" })
    .min(1, { error: "每期至少1次" })
    .max(DUTY_TIMES_MAX, { error: `每期最多${DUTY_TIMES_MAX}次` }),
  doneBy: z.enum(DUTY_DONE_BY, { error: "请选择完成方式" }),
  activityKind: activityKindSchema.nullable().optional(),
  evidenceKind: evidenceKindSchema.nullable().optional(),
  evidenceItem: optionalText("测评内容", 60),
  responsibleUserId: idSchema("责任人").nullable().optional(),
  remindDays: z
    .number({ error: "请填写提前提醒天数" })
    .int({ error: "提前提醒天数须为整数" })
    .min(0, { error: "提前提醒天数不能为负" })
    .max(DUTY_REMIND_DAYS_MAX, { error: `最多提前${DUTY_REMIND_DAYS_MAX}天提醒` }),
  forResidents: z.boolean({ error: "请选择是否向居民公布" }),
};

export const communityInput = z.object({ communityId: idSchema("社区") });
export const calendarInput = z.object({ communityId: idSchema("社区"), view: monthOrQuarter("月份或季度") });
export const addDutyInput = z.object({ communityId: idSchema("社区"), ...dutyFields });
export const updateDutyInput = z.object({
  id: idSchema("常态工作"),
  version: z.number({ error: "版本号无效" }).int().positive().optional(),
  ...dutyFields,
});
export const dutyIdInput = z.object({ id: idSchema("常态工作") });
export const tickInput = z.object({
  ruleId: idSchema("常态工作"),
  period: monthOrQuarter("期间"),
  doneOn: calendarDateSchema("完成日期"),
  note: optionalText("情况说明", DUTY_NOTE_MAX),
  photos: photoIdsSchema,
});
export const tickIdInput = z.object({ id: idSchema("打卡记录") });

const dutyRuleOutput = z.object({
  id: z.number(),
  communityId: z.number(),
  title: z.string(),
  cadence: z.enum(DUTY_CADENCES),
  times: z.number(),
  doneBy: z.enum(DUTY_DONE_BY),
  activityKind: z.enum(ACTIVITY_KINDS).nullable(),
  evidenceKind: z.enum(EVIDENCE_KINDS).nullable(),
  evidenceItem: z.string().nullable(),
  responsible: z.object({ id: z.number(), name: z.string() }).nullable(),
  remindDays: z.number(),
  forResidents: z.boolean(),
  version: z.number(),
});

const dutyRecordOutput = z.object({
  type: z.enum(["activity", "edition", "evidence", "tick"]),
  id: z.number(),
  date: z.string(),
  title: z.string(),
  upcoming: z.boolean(),
  by: z.object({ id: z.number(), name: z.string() }).optional(),
  photos: z.array(photoRefSchema).optional(),
});

export const calendarOutput = z.object({
  community: z.object({ id: z.number(), name: z.string() }),
  view: z.string(),
  label: z.string(),
  today: z.string(),
  mayEdit: z.boolean(),
  defaultsAvailable: z.boolean(),
  rules: z.array(
    dutyRuleOutput.extend({
      text: z.string(),
      mayTick: z.boolean(),
      cells: z.array(
        z.object({
          period: z.string(),
          label: z.string(),
          state: z.enum(DUTY_STATES),
          dueSoon: z.boolean(),
          daysLeft: z.number(),
          done: z.number(),
          times: z.number(),
          progress: z.string(),
          records: z.array(dutyRecordOutput),
        }),
      ),
    }),
  ),
});

export const residentMonthOutput = z.object({
  month: z.string(),
  label: z.string(),
  duties: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      text: z.string(),
      /** "activity": dated by the activities below (none yet: 本月待安排); others show only `text` */
      doneBy: z.enum(DUTY_DONE_BY),
      activities: z.array(
        z.object({ id: z.number(), title: z.string(), date: z.string(), held: z.boolean() }),
      ),
    }),
  ),
});
