import { z } from "zod";
import { idSchema, mobileSchema, pageSchema, personNameSchema } from "../schemas.js";
import { ACTIVITY_KINDS, ACTIVITY_STATUSES, HOURS_STATUSES, SIGNUP_STATUSES } from "../activity/rules.js";
import { POLITICAL_STATUSES, SERVICE_TIMES, SKILLS, VOLUNTEER_STATUSES, ratioTargetError } from "./rules.js";

export const skillSchema = z.enum(SKILLS, { error: "服务技能不在可选范围内" });
export const politicalStatusSchema = z.enum(POLITICAL_STATUSES, { error: "请选择政治面貌" });
export const serviceTimeSchema = z.enum(SERVICE_TIMES, { error: "服务时间不在可选范围内" });
export const volunteerStatusSchema = z.enum(VOLUNTEER_STATUSES, { error: "志愿者状态无效" });
const genderSchema = z.enum(["male", "female"]);

export const registrationInput = z.object({
  name: personNameSchema,
  idNumber: z.string({ error: "请输入身份证号" }).trim().min(1, { error: "请输入身份证号" }).max(18, { error: "身份证号应为18位" }),
  mobile: mobileSchema,
  courtyardId: idSchema("所在楼院"),
  politicalStatus: politicalStatusSchema,
  skills: z.array(skillSchema).min(1, { error: "请至少选择一项服务技能" }).max(SKILLS.length),
  serviceTimes: z.array(serviceTimeSchema).min(1, { error: "请至少选择一个服务时间" }).max(SERVICE_TIMES.length),
  preferredTeamId: z.number().int().positive().nullable().optional(),
  guardianConsent: z.boolean().default(false),
  dataConsent: z.literal(true, { error: "请阅读并同意个人信息使用说明" }),
});

const starSchema = z.object({ stars: z.number(), label: z.string(), toNext: z.number().nullable() });
const historySchema = {
  teams: z.array(z.object({ id: z.number(), name: z.string(), isLeader: z.boolean() })),
  activities: z.array(
    z.object({
      activityId: z.number(),
      title: z.string(),
      kind: z.enum(ACTIVITY_KINDS),
      startsAt: z.string(),
      activityStatus: z.enum(ACTIVITY_STATUSES),
      signupStatus: z.enum(SIGNUP_STATUSES),
      checkInAt: z.string().nullable(),
      hoursStatus: z.enum(HOURS_STATUSES),
      hours: z.number(),
    }),
  ),
};

export const myVolunteerOutput = z
  .object({
    id: z.number(),
    status: volunteerStatusSchema,
    rejectReason: z.string().nullable(),
    name: z.string(),
    gender: genderSchema.nullable(),
    birthDate: z.string().nullable(),
    idNumber: z.string(),
    mobile: z.string(),
    politicalStatus: politicalStatusSchema.nullable(),
    skills: z.array(skillSchema),
    serviceTimes: z.array(serviceTimeSchema),
    preferredTeamId: z.number().nullable(),
    courtyardId: z.number().nullable(),
    courtyardName: z.string().nullable(),
    communityId: z.number(),
    communityName: z.string(),
    submittedAt: z.string(),
    registeredAt: z.string().nullable(),
    hours: z.number(),
    star: starSchema,
    ...historySchema,
  })
  .nullable();

export const rosterInput = z.object({
  /** the one search box: 姓名 (contains), 手机号 (the first digits) or 手机尾号 (exactly 4 digits) */
  search: z
    .string()
    .trim()
    .max(20, { error: "搜索内容最多20个字" })
    .refine((s) => !/^\d{12,}$/.test(s), { error: "手机号最多11位" })
    .optional(),
  name: z.string().trim().max(20).optional(),
  mobile: z.string().trim().regex(/^\d{1,11}$/, { error: "手机号只能输入数字" }).optional(),
  skill: skillSchema.optional(),
  teamId: z.number().int().positive().optional(),
  courtyardId: z.number().int().positive().optional(),
  gridId: z.number().int().positive().optional(),
  communityId: z.number().int().positive().optional(),
  status: volunteerStatusSchema.optional(),
  politicalStatus: politicalStatusSchema.optional(),
  sort: z.enum(["submittedAt", "registeredAt", "hours", "name"]).default("submittedAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  ...pageSchema,
});

export const rosterRowSchema = z.object({
  id: z.number(),
  name: z.string().nullable(),
  gender: genderSchema.nullable(),
  age: z.number().nullable(),
  idNumber: z.string().nullable(),
  mobile: z.string().nullable(),
  courtyardName: z.string().nullable(),
  gridName: z.string().nullable(),
  politicalStatus: politicalStatusSchema.nullable(),
  skills: z.array(skillSchema),
  serviceTimes: z.array(serviceTimeSchema),
  status: volunteerStatusSchema,
  rejectReason: z.string().nullable(),
  submittedAt: z.string(),
  registeredAt: z.string().nullable(),
  hours: z.number(),
});

export const rosterOutput = z.object({ total: z.number(), items: z.array(rosterRowSchema) });
export const detailOutput = rosterRowSchema.extend({
  star: starSchema,
  ...historySchema,
  /** the 志愿服务队 of their 社区 chosen when registering */
  preferredTeam: z.object({ id: z.number(), name: z.string() }).nullable(),
  isMinor: z.boolean(),
  guardianConsent: z.boolean(),
});

export const reviewInput = z.object({
  ids: z.array(idSchema("志愿者")).min(1, { error: "请选择要审核的志愿者" }).max(500, { error: "一次最多审核500人" }),
  action: z.enum(["approve", "reject"]),
  reason: z.string().trim().max(200, { error: "驳回原因最多200字" }).optional(),
  /** on 通过: each volunteer also joins the 志愿服务队 they chose when registering (安排入队) */
  joinPreferredTeam: z.boolean().default(false),
});

export const reviewOutput = z.object({
  count: z.number(),
  /** how many joined their preferred team with this approval */
  joined: z.number(),
});

export const reviewQueueInput = z.object({
  communityId: z.number().int().positive({ error: "社区无效" }).optional(),
  ...pageSchema,
});

const namedRef = detailOutput.shape.preferredTeam.unwrap();

export const reviewQueueOutput = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      name: z.string().nullable(),
      gender: genderSchema.nullable(),
      age: z.number().nullable(),
      /** under 18: registered with a guardian's consent */
      isMinor: z.boolean(),
      guardianConsent: z.boolean(),
      idNumber: z.string().nullable(),
      mobile: z.string().nullable(),
      politicalStatus: politicalStatusSchema.nullable(),
      skills: z.array(skillSchema),
      serviceTimes: z.array(serviceTimeSchema),
      community: namedRef,
      gridName: z.string().nullable(),
      courtyard: namedRef.nullable(),
      preferredTeam: namedRef.nullable(),
      submittedAt: z.string(),
    }),
  ),
});

export const ratioOutput = z.object({
  communityId: z.number(),
  communityName: z.string(),
  registered: z.number(),
  population: z.number().nullable(),
  ratioPercent: z.number().nullable(),
  targetPercent: z.number(),
  reached: z.boolean(),
  grids: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      registered: z.number(),
      population: z.number().nullable(),
      ratioPercent: z.number().nullable(),
    }),
  ),
});

export const teamNameSchema = z.string({ error: "请输入队名" }).trim().min(1, { error: "请输入队名" }).max(30, { error: "队名最多30个字" });
export const teamDescriptionSchema = z.string().trim().max(500, { error: "简介最多500字" }).nullable().optional();

export const importInput = z.object({
  communityId: idSchema("社区"),
  // about 10 MB of .xlsx, base64-encoded
  fileBase64: z.string({ error: "请选择文件" }).min(1, { error: "请选择文件" }).max(14_000_000, { error: "文件不能超过10MB" }),
});

const importRowNote = z.object({ line: z.number(), name: z.string(), note: z.string() });

/** What importing a file would do: nothing is written until importConfirm with its previewToken. */
export const importPreviewOutput = z.object({
  new: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skippedCount: z.number(),
  /** the imported records the file changes, field by field (the first 500) */
  updates: z.array(
    z.object({
      line: z.number(),
      /** as written in the sheet */
      name: z.string(),
      changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
    }),
  ),
  /** rows of people who registered on the portal: never overwritten (the first 500) */
  skipped: z.array(importRowNote),
  errorCount: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
  errorReportBase64: z.string().nullable(),
  /** names this plan: importConfirm applies the file only while the plan is still the same */
  previewToken: z.string(),
});

export const importConfirmInput = importInput.extend({
  previewToken: z.string({ error: "请先预览" }).regex(/^[0-9a-f]{64}$/, { error: "请先预览" }),
});

export const importConfirmOutput = z.object({
  imported: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
});

/** The last four characters of the 身份证号, proving a claim on a record the 社区 imported. */
export const claimInput = z.object({
  idLast4: z
    .string({ error: "请输入身份证号后4位" })
    .trim()
    .min(1, { error: "请输入身份证号后4位" })
    .regex(/^\d{3}[\dXx]$/, { error: "请输入身份证号的最后4位（数字，最后一位可能是X）" }),
});

export const claimableOutput = z
  .object({
    /** masked: 王*红, 6201************** (the last four are what the resident proves the claim with) */
    records: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        idNumber: z.string(),
        communityName: z.string(),
        courtyardName: z.string().nullable(),
      }),
    ),
    /** wrong entries still allowed today */
    triesLeft: z.number(),
  })
  .nullable();

/** 注册率目标 in per mille (10% = 100): refused outside 0.1%–100% with the rule's message, never clamped. */
export const setTargetInput = z.object({
  communityId: idSchema("社区"),
  targetPermille: z.number({ error: "请输入目标（%）" }).check((ctx) => {
    const message = ratioTargetError(ctx.value);
    if (message) ctx.issues.push({ code: "custom", message, input: ctx.value });
  }),
});
