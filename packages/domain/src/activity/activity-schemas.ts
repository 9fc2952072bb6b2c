import { z } from "zod";
import { idSchema } from "../schemas.js";
import { skillSchema } from "../volunteer/volunteer-schemas.js";
import { ACTIVITY_KINDS, ACTIVITY_STATUSES, HOURS_STATUSES, SIGNUP_STATUSES } from "./rules.js";

const signupStatusSchema = z.enum(SIGNUP_STATUSES);
const hoursStatusSchema = z.enum(HOURS_STATUSES);

function instant(label: string) {
  return z.iso
    .datetime({ offset: true, error: `${label}格式不正确` })
    .transform((v) => new Date(v).toISOString());
}

export const activityFields = {
  kind: z.enum(ACTIVITY_KINDS, { error: "请选择活动类型" }),
  title: z.string({ error: "请输入活动名称" }).trim().min(2, { error: "活动名称至少2个字" }).max(50, { error: "活动名称最多50个字" }),
  teamId: z.number().int().positive().nullable().optional(),
  startsAt: instant("开始时间"),
  endsAt: instant("结束时间"),
  placeUnitId: z.number().int().positive().nullable().optional(),
  placeText: z.string().trim().max(100, { error: "地点最多100个字" }).nullable().optional(),
  capacity: z
    .number({ error: "请输入名额" })
    .int({ error: "名额应为整数" })
    .min(1, { error: "名额至少为1" })
    .max(10_000, { error: "名额不能超过10000" }),
  skills: z.array(skillSchema).max(9).default([]),
  description: z.string().trim().max(2000, { error: "活动说明最多2000字" }).nullable().optional(),
};

export const createActivityInput = z.object({ communityId: idSchema("社区"), ...activityFields });
export const updateActivityInput = z.object({ id: idSchema("活动"), ...activityFields });

export const activityOutput = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string(),
  teamId: z.number().nullable(),
  teamName: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  placeUnitId: z.number().nullable(),
  place: z.string(),
  capacity: z.number(),
  signedCount: z.number(),
  skills: z.array(skillSchema),
  description: z.string().nullable(),
  status: z.enum(ACTIVITY_STATUSES),
});

export const mySignupSchema = z.object({
  activityId: z.number(),
  status: signupStatusSchema,
  checkInAt: z.string().nullable(),
  checkOutAt: z.string().nullable(),
  hoursStatus: hoursStatusSchema,
  minutes: z.number().nullable(),
  confirmedMinutes: z.number().nullable(),
});

export const rosterEntrySchema = z.object({
  signupId: z.number(),
  volunteerId: z.number(),
  name: z.string(),
  mobile: z.string(),
  status: signupStatusSchema,
  signedAt: z.string(),
  checkInAt: z.string().nullable(),
  checkOutAt: z.string().nullable(),
  minutes: z.number().nullable(),
  hoursStatus: hoursStatusSchema,
  confirmedMinutes: z.number().nullable(),
  adjustReason: z.string().nullable(),
});

export const confirmHoursInput = z.object({
  signupIds: z.array(idSchema("报名记录")).min(1, { error: "请选择要确认的记录" }).max(1000),
  minutes: z
    .number({ error: "时长应为数字" })
    .int({ error: "时长应为整数分钟" })
    .min(0, { error: "时长不能为负数" })
    .optional(),
  reason: z.string().trim().max(200, { error: "原因最多200字" }).optional(),
});
