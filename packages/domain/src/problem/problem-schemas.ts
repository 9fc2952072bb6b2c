import { z } from "zod";
import { calendarDateSchema, idSchema, optionalText, pageSchema, requiredText } from "../schemas.js";
import { photoIdsSchema, photoRefSchema } from "../files/files-service.js";
import {
  COMMENT_MAX,
  CATEGORY_LABEL_MAX,
  DEPARTMENT_MAX,
  DESCRIPTION_MAX,
  NOTE_MAX,
  PLACE_MAX,
  PROBLEM_ACTIONS,
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STATES,
  RATINGS,
  REFERRAL_ORIGIN_MAX,
  REJECT_REASONS,
  STAFF_SOURCES,
  STEP_ACTIONS,
  TIME_LIMIT_MAX_DAYS,
  TIME_LIMIT_MIN_DAYS,
} from "./rules.js";

// Inputs and outputs of the problem router. Every message names its field, in Chinese.

export const categorySchema = z.enum(PROBLEM_CATEGORIES, { error: "请选择问题类别" });
export const stateSchema = z.enum(PROBLEM_STATES, { error: "问题状态无效" });
export const sourceSchema = z.enum(PROBLEM_SOURCES, { error: "问题来源无效" });
const ratingSchema = z.enum(RATINGS, { error: "请选择评价" });
const rejectReasonSchema = z.enum(REJECT_REASONS, { error: "请选择不予受理的原因" });
/** The version of the problem the caller saw: a move is refused (CONFLICT) when it has changed since. */
const versionSchema = z.number({ error: "版本号无效" }).int().positive().optional();

const problemFields = {
  courtyardId: idSchema("楼院"),
  buildingId: idSchema("楼栋").nullable().optional(),
  place: optionalText("具体位置", PLACE_MAX),
  description: requiredText("问题描述", DESCRIPTION_MAX),
  category: categorySchema,
  photos: photoIdsSchema,
};

export const reportInput = z.object(problemFields);

export const createInput = z.object({
  ...problemFields,
  source: z.enum(STAFF_SOURCES, { error: "请选择问题来源" }),
  referralOrigin: optionalText("转办来源", REFERRAL_ORIGIN_MAX),
});

export const filterInput = z.object({
  communityId: idSchema("社区").optional(),
  state: stateSchema.optional(),
  category: categorySchema.optional(),
  gridId: idSchema("网格").optional(),
  courtyardId: idSchema("楼院").optional(),
  source: sourceSchema.optional(),
  overdue: z.boolean().optional(),
  from: calendarDateSchema("开始日期").optional(),
  to: calendarDateSchema("结束日期").optional(),
  assigneeId: idSchema("责任人").optional(),
});

export const listInput = filterInput.extend(pageSchema);

const dispatchFields = {
  assigneeId: idSchema("责任人"),
  deadline: calendarDateSchema("处置时限").nullable().optional(),
  note: optionalText("派遣说明", NOTE_MAX),
};

export const dispatchInput = z.object({ id: idSchema("问题"), version: versionSchema, ...dispatchFields });

export const batchDispatchInput = z.object({
  items: z
    .array(z.object({ id: idSchema("问题"), version: versionSchema }), { error: "请选择要派遣的问题" })
    .min(1, { error: "请选择要派遣的问题" })
    .max(100, { error: "一次最多派遣100条问题" })
    .refine((items) => new Set(items.map((i) => i.id)).size === items.length, {
      error: "同一问题只能选择一次",
    }),
  ...dispatchFields,
});

export const rejectInput = z.object({
  id: idSchema("问题"),
  version: versionSchema,
  reason: rejectReasonSchema,
  duplicateOfId: idSchema("重复的问题").nullable().optional(),
  department: optionalText("转交部门", DEPARTMENT_MAX),
  note: optionalText("说明", NOTE_MAX),
});

export const submitInput = z.object({
  id: idSchema("问题"),
  version: versionSchema,
  note: requiredText("整改情况", NOTE_MAX),
  photos: photoIdsSchema,
});

export const reviewInput = z.object({
  id: idSchema("问题"),
  version: versionSchema,
  decision: z.enum(["approve", "return"], { error: "请选择复查结果" }),
  note: optionalText("复查意见", NOTE_MAX),
});

export const rateInput = z.object({
  id: idSchema("问题"),
  rating: ratingSchema,
  comment: optionalText("评价内容", COMMENT_MAX),
});

export const publishInput = z.object({
  id: idSchema("问题"),
  published: z.boolean({ error: "请选择是否公开" }),
});

export const setCategoryInput = z.object({
  communityId: idSchema("社区"),
  code: categorySchema,
  label: requiredText("类别名称", CATEGORY_LABEL_MAX),
  timeLimitDays: z
    .number({ error: "请输入处置时限" })
    .int({ error: "处置时限应为整数天" })
    .min(TIME_LIMIT_MIN_DAYS, { error: `处置时限至少${TIME_LIMIT_MIN_DAYS}天` })
    .max(TIME_LIMIT_MAX_DAYS, { error: `处置时限不能超过${TIME_LIMIT_MAX_DAYS}天` }),
  enabled: z.boolean({ error: "请选择是否启用" }),
});

// Outputs.

export const categoryOutput = z.object({
  code: categorySchema,
  label: z.string(),
  timeLimitDays: z.number(),
  enabled: z.boolean(),
  defaultLabel: z.string(),
  defaultTimeLimitDays: z.number(),
});

export const rowOutput = z.object({
  id: z.number(),
  version: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  courtyardId: z.number(),
  courtyardName: z.string(),
  buildingId: z.number().nullable(),
  buildingName: z.string().nullable(),
  place: z.string().nullable(),
  description: z.string(),
  category: categorySchema,
  categoryLabel: z.string(),
  source: sourceSchema,
  state: stateSchema,
  assigneeId: z.number().nullable(),
  assigneeName: z.string().nullable(),
  /** China date, YYYY-MM-DD */
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  published: z.boolean(),
  /** the first photo before */
  thumb: photoRefSchema.nullable(),
});

const countsOutput = z.object({
  pending: z.number(),
  rectifying: z.number(),
  reviewing: z.number(),
  closed: z.number(),
  rejected: z.number(),
  overdue: z.number(),
  all: z.number(),
});

export const listOutput = z.object({ total: z.number(), counts: countsOutput, items: z.array(rowOutput) });
export const pageOutput = z.object({ total: z.number(), items: z.array(rowOutput) });

export const detailOutput = rowOutput.extend({
  referralOrigin: z.string().nullable(),
  reporter: z.object({ name: z.string(), mobile: z.string() }).nullable(),
  duplicateOf: z.object({ id: z.number(), description: z.string(), state: stateSchema }).nullable(),
  rejectReason: rejectReasonSchema.nullable(),
  referredDepartment: z.string().nullable(),
  rating: ratingSchema.nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.string().nullable(),
  reopenedOnce: z.boolean(),
  publishedAt: z.string().nullable(),
  beforePhotos: z.array(photoRefSchema),
  afterPhotos: z.array(photoRefSchema),
  steps: z.array(
    z.object({
      id: z.number(),
      action: z.enum(STEP_ACTIONS),
      fromState: stateSchema.nullable(),
      toState: stateSchema.nullable(),
      actorName: z.string().nullable(),
      note: z.string().nullable(),
      assigneeName: z.string().nullable(),
      deadline: z.string().nullable(),
      rating: ratingSchema.nullable(),
      createdAt: z.string(),
      photos: z.array(photoRefSchema),
    }),
  ),
  /** what the caller may do now, in button order (problemNextActions) */
  nextActions: z.array(z.enum(PROBLEM_ACTIONS)),
  canPublish: z.boolean(),
});

const mineFields = {
  id: z.number(),
  version: z.number(),
  courtyardId: z.number(),
  courtyardName: z.string(),
  buildingName: z.string().nullable(),
  place: z.string().nullable(),
  description: z.string(),
  category: categorySchema,
  categoryLabel: z.string(),
  source: sourceSchema,
  state: stateSchema,
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  rejectReason: rejectReasonSchema.nullable(),
  referredDepartment: z.string().nullable(),
  rating: ratingSchema.nullable(),
  ratingComment: z.string().nullable(),
  canRate: z.boolean(),
  reopenedOnce: z.boolean(),
};

export const mineOutput = z.object({
  total: z.number(),
  items: z.array(z.object({ ...mineFields, thumb: photoRefSchema.nullable(), hasAfter: z.boolean() })),
});

export const myDetailOutput = z.object({
  ...mineFields,
  beforePhotos: z.array(photoRefSchema),
  /** shown once 办结 */
  afterPhotos: z.array(photoRefSchema),
  steps: z.array(
    z.object({
      id: z.number(),
      action: z.enum(STEP_ACTIONS),
      toState: stateSchema.nullable(),
      /** the reporter themself, or 社区工作人员 (never a name) */
      actor: z.enum(["me", "staff"]),
      note: z.string().nullable(),
      deadline: z.string().nullable(),
      rating: ratingSchema.nullable(),
      createdAt: z.string(),
    }),
  ),
});

export const assigneeOutput = z.object({
  userId: z.number(),
  name: z.string(),
  role: z.enum(["grid_worker", "community_admin"]),
  unitName: z.string(),
  /** a grid worker of the 楼院's own 网格 (listed first) */
  inGrid: z.boolean(),
});

export const figuresOutput = z.object({
  /** YYYY-MM, China time */
  month: z.string(),
  accepted: z.number(),
  closed: z.number(),
  onTime: z.number(),
  /** whole percent; null when nothing was closed this month */
  onTimeRate: z.number().nullable(),
});

export const feedOutput = z.object({
  hasMore: z.boolean(),
  items: z.array(
    z.object({
      id: z.number(),
      categoryLabel: z.string(),
      courtyardName: z.string(),
      place: z.string().nullable(),
      description: z.string(),
      createdAt: z.string(),
      closedAt: z.string(),
      beforePhotos: z.array(photoRefSchema),
      afterPhotos: z.array(photoRefSchema),
    }),
  ),
});

export const versionOutput = z.object({ version: z.number() });
export const fileOutput = z.object({ fileName: z.string(), base64: z.string() });
export const pagingInput = z.object(pageSchema);
export const communityInput = z.object({ communityId: idSchema("社区") });
