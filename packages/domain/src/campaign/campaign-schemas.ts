import { z } from "zod";
import { calendarDateSchema, idSchema, optionalText, requiredText } from "../schemas.js";
import { photoIdsSchema, photoRefSchema } from "../files/files-service.js";
import { documentIdsSchema, documentRefSchema } from "../files/documents-service.js";
import {
  ASSESS_METHODS,
  CAMPAIGN_KINDS,
  CAMPAIGN_STAGES,
  EVIDENCE_KINDS,
  LEADER_ROLES,
  LINK_RECORD_TYPES,
  LINK_STATES,
  READINESS,
} from "./rules.js";

// Inputs and outputs of the campaign router. Every message names its field, in Chinese.

const versionSchema = z.number({ error: "版本号无效" }).int().positive().optional();
export const kindSchema = z.enum(CAMPAIGN_KINDS, { error: "请选择创建类型" });
export const stageSchema = z.enum(CAMPAIGN_STAGES, { error: "请选择阶段" });
export const methodSchema = z.enum(ASSESS_METHODS, { error: "请选择测评方式" });
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS, { error: "请选择材料类型" });
export const activityKindSchema = z.enum(["volunteer_service", "moral_lecture", "culture_sports", "publicity"], {
  error: "请选择活动类型",
});

export const measureSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("volunteer_share") }),
    z.object({
      kind: z.literal("activities_per_month"),
      activityKind: activityKindSchema,
      perMonth: z
        .number({ error: "请填写每月次数" })
        .int()
        .min(1, { error: "每月至少1次" })
        .max(31, { error: "每月最多31次" }),
    }),
    z.object({ kind: z.literal("board_monthly") }),
    z.object({
      kind: z.literal("problems_on_time"),
      share: z
        .number({ error: "请填写按期办结率" })
        .min(0.01, { error: "按期办结率应大于0" })
        .max(1, { error: "按期办结率最高100%" }),
    }),
    z.object({ kind: z.literal("evidence_per_quarter"), evidenceKind: evidenceKindSchema }),
  ],
  { error: "请选择测量指标" },
);

const campaignFields = {
  name: requiredText("活动名称", 40),
  kind: kindSchema,
  periodStart: calendarDateSchema("开始日期"),
  periodEnd: calendarDateSchema("结束日期"),
};

export const leaderSchema = z.object({
  role: z.enum(LEADER_ROLES, { error: "请选择组内职务" }),
  userId: idSchema("账号").nullable().optional(),
  name: requiredText("姓名", 20),
  title: optionalText("职务", 30),
});

export const createInput = z.object({
  ...campaignFields,
  scopeUnitId: idSchema("所属街道或社区"),
  leaders: z.array(leaderSchema).max(50, { error: "领导小组最多50人" }).optional(),
});
export const updateInput = z.object({ id: idSchema("创城活动"), version: versionSchema, ...campaignFields });
export const byIdInput = z.object({ id: idSchema("创城活动") });
export const stageInput = z.object({ id: idSchema("创城活动"), version: versionSchema, stage: stageSchema });
export const leadersInput = z.object({
  id: idSchema("创城活动"),
  leaders: z.array(leaderSchema).max(50, { error: "领导小组最多50人" }),
});
export const copyInput = z.object({ campaignId: idSchema("创城活动"), communityId: idSchema("社区") });

const itemFields = {
  project: requiredText("测评项目", 30),
  content: requiredText("测评内容", 60),
  standard: requiredText("测评标准", 500),
  method: methodSchema,
  points: z
    .number({ error: "请填写分值" })
    .min(0.5, { error: "分值至少0.5分" })
    .max(100, { error: "分值最多100分" }),
  evidence: z
    .array(evidenceKindSchema)
    .min(1, { error: "请至少选择一种材料类型" })
    .transform((kinds) => [...new Set(kinds)]),
  measure: measureSchema.nullable().optional(),
};
/** One item's fields, as the console's form and an imported sheet's row give them. */
export const itemFieldsSchema = z.object(itemFields);
export const addItemInput = z.object({
  campaignId: idSchema("创城活动"),
  communityId: idSchema("社区"),
  ...itemFields,
});
export const updateItemInput = z.object({ id: idSchema("测评项目"), version: versionSchema, ...itemFields });
export const itemIdInput = z.object({ id: idSchema("测评项目") });
export const moveItemInput = z.object({
  id: idSchema("测评项目"),
  beforeId: idSchema("目标位置").nullable().optional(),
});
export const assignItemInput = z.object({
  id: idSchema("测评项目"),
  assigneeUserId: idSchema("责任人").nullable(),
});

// Outputs.
export const campaignSummaryOutput = z.object({
  id: z.number(),
  name: z.string(),
  kind: kindSchema,
  stage: stageSchema,
  periodStart: z.string(),
  periodEnd: z.string(),
  scope: z.object({ id: z.number(), name: z.string(), kind: z.enum(["street", "community"]) }),
});
export const leaderOutput = z.object({
  id: z.number(),
  role: z.enum(LEADER_ROLES),
  userId: z.number().nullable(),
  name: z.string(),
  title: z.string().nullable(),
});
export const campaignDetailOutput = z.object({
  id: z.number(),
  name: z.string(),
  kind: kindSchema,
  stage: stageSchema,
  periodStart: z.string(),
  periodEnd: z.string(),
  version: z.number(),
  scope: z.object({ id: z.number(), name: z.string() }),
  communities: z.array(z.object({ id: z.number(), name: z.string() })),
  leaders: z.array(leaderOutput),
  /** its own documents (实施方案 …) and pictures */
  documents: z.array(documentRefSchema),
  pictures: z.array(photoRefSchema),
});
export const campaignDocumentsInput = z.object({
  id: idSchema("创城活动"),
  documents: documentIdsSchema.optional(),
  photos: photoIdsSchema.optional(),
});
export const campaignDocumentIdInput = z.object({
  id: idSchema("创城活动"),
  kind: z.enum(["document", "photo"], { error: "请选择文件类型" }),
  fileId: idSchema("文件"),
});
export const campaignDocumentsOutput = z.object({
  documents: z.array(documentRefSchema),
  pictures: z.array(photoRefSchema),
});
export const itemOutput = z.object({
  id: z.number(),
  sort: z.number(),
  project: z.string(),
  content: z.string(),
  standard: z.string(),
  method: methodSchema,
  points: z.number(),
  evidence: z.array(evidenceKindSchema),
  measure: measureSchema.nullable(),
  assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
  version: z.number(),
});

// Evidence, records counted as evidence, and readiness (issue 10).
export const evidenceInput = z.object({
  itemId: idSchema("测评项目"),
  kind: evidenceKindSchema,
  title: requiredText("材料名称", 60),
  date: calendarDateSchema("材料日期"),
  note: optionalText("说明", 500),
  photos: photoIdsSchema.optional(),
  documents: documentIdsSchema.optional(),
});
export const evidenceIdInput = z.object({ id: idSchema("佐证材料") });
export const itemEvidenceInput = z.object({ itemId: idSchema("测评项目") });
export const linkInput = z.object({
  itemId: idSchema("测评项目"),
  recordType: z.enum(LINK_RECORD_TYPES, { error: "请选择记录类型" }),
  recordId: idSchema("记录"),
});
export const readinessInput = z.object({ campaignId: idSchema("创城活动") });

const readinessSchema = z.enum(READINESS);
export const itemReadinessOutput = z.object({
  readiness: readinessSchema,
  gaps: z.array(z.string()),
  present: z.array(evidenceKindSchema),
  measure: z.object({ state: z.enum(["met", "unmet", "unmeasurable"]), text: z.string() }).nullable(),
});
export const checklistItemOutput = itemOutput.extend({ readiness: itemReadinessOutput });
const tallyFields = {
  items: z.number(),
  complete: z.number(),
  partial: z.number(),
  missing: z.number(),
  readyPercent: z.number(),
};
export const readinessOutput = z.object({
  campaignId: z.number(),
  asOf: z.string(),
  communities: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      ...tallyFields,
      projects: z.array(z.object({ project: z.string(), ...tallyFields })),
      gaps: z.array(
        z.object({
          itemId: z.number(),
          project: z.string(),
          content: z.string(),
          readiness: readinessSchema,
          gaps: z.array(z.string()),
        }),
      ),
    }),
  ),
});
const person = z.object({ id: z.number(), name: z.string() });
export const evidenceOutput = z.object({
  id: z.number(),
  kind: evidenceKindSchema,
  title: z.string(),
  date: z.string(),
  note: z.string().nullable(),
  photos: z.array(photoRefSchema),
  documents: z.array(documentRefSchema),
  createdBy: person.nullable(),
  createdAt: z.string(),
});
export const linkOutput = z.object({
  recordType: z.enum(LINK_RECORD_TYPES),
  recordId: z.number(),
  title: z.string(),
  date: z.string(),
  state: z.enum(LINK_STATES),
  kinds: z.array(evidenceKindSchema),
  decidedBy: person.nullable(),
  decidedAt: z.string().nullable(),
});
export const itemEvidenceOutput = z.object({
  item: checklistItemOutput,
  mayFile: z.boolean(),
  evidence: z.array(evidenceOutput),
  links: z.array(linkOutput),
});

// The checklist as an Excel sheet.
export const checklistImportInput = z.object({
  campaignId: idSchema("创城活动"),
  communityId: idSchema("社区"),
  // about 5 MB of .xlsx, base64-encoded
  fileBase64: z
    .string({ error: "请选择文件" })
    .min(1, { error: "请选择文件" })
    .max(7_000_000, { error: "文件不能超过5MB" }),
  /** append: after the items there are; replace: instead of them (those with evidence archived) */
  mode: z.enum(["append", "replace"], { error: "请选择导入方式" }),
});
export const checklistImportOutput = z.discriminatedUnion("imported", [
  z.object({
    imported: z.literal(true),
    added: z.number(),
    removed: z.number(),
    archived: z.number(),
  }),
  z.object({
    imported: z.literal(false),
    errors: z.array(z.object({ line: z.number(), column: z.string(), message: z.string() })),
  }),
]);
export const fileOutput = z.object({ fileName: z.string(), base64: z.string() });
