import { z } from "zod";
import { calendarDateSchema, idSchema, pageSchema, requiredText, textSchema } from "../schemas.js";
import { photoIdsSchema, photoRefSchema } from "../files/files-service.js";
import {
  BOARD_CATEGORIES,
  BOARD_KINDS,
  BOARD_SOURCES,
  BOARD_STATES,
  CATEGORY_LABEL_MAX,
  DESCRIPTION_MAX,
  REASON_MAX,
  SUBJECT_KINDS,
  SUBJECT_NAME_MAX,
  TITLE_MAX,
} from "./rules.js";

// Inputs and outputs of the board router. Every message names its field, in Chinese.

const monthSchema = z
  .string({ error: "月份格式不正确" })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "月份格式不正确，应为 年-月" });
const versionSchema = z.number({ error: "版本号无效" }).int().positive().optional();

export const kindSchema = z.enum(BOARD_KINDS, { error: "请选择白榜或黑榜" });
export const categorySchema = z.enum(BOARD_CATEGORIES, { error: "请选择类别" });
export const stateSchema = z.enum(BOARD_STATES, { error: "状态无效" });
const subjectKindSchema = z.enum(SUBJECT_KINDS, { error: "请选择对象类型" });

const entryFields = {
  category: categorySchema,
  courtyardId: idSchema("楼院"),
  buildingId: idSchema("楼栋").nullable().optional(),
  title: requiredText("标题", TITLE_MAX),
  description: requiredText("事迹或情况说明", DESCRIPTION_MAX),
  subjectKind: subjectKindSchema,
  subjectName: textSchema("对象名称", SUBJECT_NAME_MAX).nullable().optional(),
  photos: photoIdsSchema,
};

export const nominateInput = z.object(entryFields);
export const proposeInput = z.object({
  ...entryFields,
  subjectUserId: idSchema("关联居民").nullable().optional(),
  subjectVolunteerId: idSchema("志愿者").nullable().optional(),
  problemId: idSchema("关联问题").nullable().optional(),
  submit: z.boolean().optional(),
});
export const byIdInput = z.object({ id: idSchema("条目") });
/** Correcting a proposal before it is published (board-edit.ts). */
export const updateInput = z.object({
  id: idSchema("条目"),
  version: versionSchema,
  category: entryFields.category,
  title: entryFields.title,
  description: entryFields.description,
  subjectName: entryFields.subjectName,
});
export const versionedInput = z.object({ id: idSchema("条目"), version: versionSchema });
export const approveInput = z.object({
  id: idSchema("条目"),
  version: versionSchema,
  startDate: calendarDateSchema("公示开始日期").optional(),
  endDate: calendarDateSchema("公示结束日期").optional(),
});
export const reasonInput = z.object({
  id: idSchema("条目"),
  version: versionSchema,
  reason: requiredText("原因", REASON_MAX),
});
export const appealInput = z.object({
  id: idSchema("条目"),
  reason: requiredText("申诉理由", REASON_MAX),
  photos: photoIdsSchema,
});
export const decideInput = z.object({
  id: idSchema("条目"),
  decision: z.enum(["upheld", "revoked"], { error: "请选择维持或撤销" }),
  reason: requiredText("处理意见", REASON_MAX),
});
export const listInput = z.object({
  communityId: idSchema("社区").optional(),
  state: stateSchema.optional(),
  kind: kindSchema.optional(),
  ...pageSchema,
});
export const communityInput = z.object({ communityId: idSchema("社区") });
export const residentOptionsInput = z.object({
  courtyardId: idSchema("楼院"),
  q: textSchema("搜索内容", 20).optional(),
});
export const residentOptionOutput = z.object({ id: z.number(), name: z.string(), mobile: z.string() });
export const publicListInput = z.object({
  communityId: idSchema("社区"),
  month: monthSchema.optional(),
  courtyardId: idSchema("楼院").optional(),
});
export const prepareInput = z.object({ communityId: idSchema("社区"), month: monthSchema.optional() });
export const settingsSchema = z.object({
  blackVisibility: z.enum(["residents", "public"], { error: "请选择黑榜的公开范围" }),
  blackNameDisplay: z.enum(["none", "masked"], { error: "请选择黑榜是否显示姓氏" }),
  blackMaxDays: z
    .number({ error: "请填写黑榜最长公示天数" })
    .int()
    .min(1, { error: "黑榜公示至少1天" })
    .max(30, { error: "黑榜公示最长30天" }),
  whiteDays: z
    .number({ error: "请填写白榜公示天数" })
    .int()
    .min(1, { error: "白榜公示至少1天" })
    .max(366, { error: "白榜公示最长366天" }),
  noticeDays: z
    .number({ error: "请填写申诉告知期" })
    .int()
    .min(1, { error: "申诉告知期至少1天" })
    .max(15, { error: "申诉告知期最长15天" }),
  rectifiedRemoval: z.enum(["at_end", "at_once"], { error: "请选择已整改条目何时撤下" }),
  retentionDays: z
    .number({ error: "请填写个人信息保存天数" })
    .int()
    .min(30, { error: "个人信息至少保存30天" })
    .max(1095, { error: "个人信息最长保存3年" }),
});
export const setSettingsInput = settingsSchema.extend({ communityId: idSchema("社区") });
export const setCategoryInput = z.object({
  communityId: idSchema("社区"),
  code: categorySchema,
  /** empty: back to the built-in name */
  label: textSchema("本社区名称", CATEGORY_LABEL_MAX),
  enabled: z.boolean({ error: "请选择是否启用该类别" }),
});
export const categorySettingOutput = z.object({
  code: categorySchema,
  kind: kindSchema,
  defaultLabel: z.string(),
  label: z.string(),
  enabled: z.boolean(),
});
export const categoryOptionOutput = z.object({ code: categorySchema, kind: kindSchema, label: z.string() });

// Outputs.
const publicEntryOutput = z.object({
  id: z.number(),
  kind: kindSchema,
  category: categorySchema,
  categoryLabel: z.string(),
  title: z.string(),
  description: z.string(),
  subject: z.string(),
  courtyardId: z.number(),
  place: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  rectified: z.boolean(),
  photos: z.array(photoRefSchema),
  afterPhotos: z.array(photoRefSchema),
});
export const publicBoardOutput = z.object({
  community: z.object({ id: z.number(), name: z.string() }),
  edition: z
    .object({ id: z.number(), month: z.string(), title: z.string(), publishedAt: z.string() })
    .nullable(),
  blackVisible: z.boolean(),
  white: z.array(publicEntryOutput),
  black: z.array(publicEntryOutput),
  rectifiedLastMonth: z.array(publicEntryOutput),
  counts: z.array(
    z.object({ kind: kindSchema, category: categorySchema, label: z.string(), count: z.number() }),
  ),
});
export const editionOutput = z.object({
  id: z.number(),
  month: z.string(),
  title: z.string(),
  publishedAt: z.string(),
});
export const staffEditionOutput = z.object({
  id: z.number(),
  month: z.string(),
  title: z.string(),
  publishedAt: z.string().nullable(),
  entries: z.number(),
});
export const listOutput = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      version: z.number(),
      communityId: z.number(),
      kind: kindSchema,
      category: categorySchema,
      title: z.string(),
      subjectKind: subjectKindSchema,
      subjectName: z.string().nullable(),
      source: z.enum(BOARD_SOURCES),
      state: stateSchema,
      startDate: z.string().nullable(),
      endDate: z.string().nullable(),
      noticeUntil: z.string().nullable(),
      inNotice: z.boolean(),
      createdAt: z.string(),
      courtyardName: z.string(),
      proposerId: z.number().nullable(),
      proposerName: z.string().nullable(),
      photosConfirmed: z.boolean(),
    }),
  ),
});
export const detailOutput = z.object({
  id: z.number(),
  version: z.number(),
  communityId: z.number(),
  courtyardId: z.number(),
  kind: kindSchema,
  category: categorySchema,
  title: z.string(),
  description: z.string(),
  subjectKind: subjectKindSchema,
  subjectName: z.string().nullable(),
  linkedResident: z.boolean(),
  consented: z.boolean(),
  source: z.enum(BOARD_SOURCES),
  state: stateSchema,
  rejectReason: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  noticeUntil: z.string().nullable(),
  photosConfirmed: z.boolean(),
  proposerId: z.number().nullable(),
  edition: z.object({ id: z.number(), title: z.string(), published: z.boolean() }).nullable(),
  onBoard: z.boolean(),
  offBoardReason: z.string().nullable(),
  photos: z.array(photoRefSchema),
  /** The photos as taken, before the mosaic: only for staff who may see them (never on the board). */
  originals: z.array(photoRefSchema),
  /** A 已整改 entry's photos after (from its problem): for staff, confirmed or not (photosConfirmed). */
  afterPhotos: z.array(photoRefSchema),
  appeals: z.array(
    z.object({
      id: z.number(),
      reason: z.string(),
      createdAt: z.string(),
      decision: z.enum(["upheld", "revoked"]).nullable(),
      decisionReason: z.string().nullable(),
      decidedAt: z.string().nullable(),
      photos: z.array(photoRefSchema),
    }),
  ),
});
const appealOutputItem = z.object({
  reason: z.string(),
  decision: z.enum(["upheld", "revoked"]).nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export const mineOutput = z.object({
  nominations: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      category: categorySchema,
      state: stateSchema,
      rejectReason: z.string().nullable(),
      startDate: z.string().nullable(),
      endDate: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  notices: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      description: z.string(),
      category: categorySchema,
      state: stateSchema,
      place: z.string(),
      startDate: z.string().nullable(),
      endDate: z.string().nullable(),
      noticeUntil: z.string().nullable(),
      canAppeal: z.boolean(),
      appeals: z.array(appealOutputItem),
    }),
  ),
});
export const moveOutput = z.object({ state: stateSchema, version: z.number() });

const fraction = (label: string) =>
  z
    .number({ error: `${label}无效` })
    .min(0, { error: `${label}无效` })
    .max(1, { error: `${label}无效` });
export const mosaicInput = z.object({
  id: idSchema("条目"),
  fileId: idSchema("照片"),
  regions: z
    .array(
      z.object({
        x: fraction("区域位置"),
        y: fraction("区域位置"),
        width: fraction("区域大小"),
        height: fraction("区域大小"),
      }),
      { error: "请框选需要打码的区域" },
    )
    .min(1, { error: "请框选需要打码的区域" })
    .max(20, { error: "一次最多框选20个区域" }),
});
