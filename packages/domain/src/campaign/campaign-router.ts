import { checkedOnce } from "../checked-once.js";
import { z } from "zod";
import { photoRefSchema } from "../files/files-service.js";
import { documentRefSchema } from "../files/documents-service.js";
import { authedProcedure, keptForReaders, permission, router, transactional } from "../trpc.js";
import { addItem, assignItem, moveItem, removeItem, updateItem } from "./campaign-items.js";
import { addEvidence, removeEvidence } from "./campaign-evidence.js";
import { addCampaignDocuments, removeCampaignDocument } from "./campaign-documents.js";
import { checklistTemplate, exportChecklist, importChecklist } from "./checklist-excel.js";
import { confirmLink, removeLink } from "./campaign-links.js";
import { assess, assessmentDetail, listAssessments, removeAssessment } from "./campaign-assessment.js";
import {
  assessInput,
  assessmentIdInput,
  assessmentOutput,
  assessmentSummaryOutput,
  assessmentsInput,
} from "./campaign-assessment-schemas.js";
import { dutyProcedures } from "./duty-router.js";
import {
  campaignReadinessOf,
  checklistWithReadiness,
  itemEvidence,
  readinessScope,
} from "./campaign-readiness.js";
import {
  campaignDetail,
  createCampaign,
  listCampaigns,
  setLeaders,
  setStage,
  updateCampaign,
} from "./campaign-service.js";
import {
  addItemInput,
  assignItemInput,
  byIdInput,
  campaignDocumentIdInput,
  campaignDocumentsInput,
  campaignDocumentsOutput,
  checklistImportInput,
  checklistImportOutput,
  fileOutput,
  campaignDetailOutput,
  campaignSummaryOutput,
  checklistItemOutput,
  copyInput,
  evidenceIdInput,
  evidenceInput,
  itemEvidenceInput,
  itemEvidenceOutput,
  linkInput,
  readinessInput,
  readinessOutput,
  createInput,
  itemIdInput,
  itemOutput,
  leaderOutput,
  leadersInput,
  moveItemInput,
  stageInput,
  stageSchema,
  updateInput,
  updateItemInput,
} from "./campaign-schemas.js";

// 创城活动: campaigns of a 街道 or 社区, their 领导小组 and stage, and each 社区's copy of the 测评体系
// checklist. Staff only: residents see none of it.

const reads = authedProcedure.use(permission("campaign.evidence"));
const manages = authedProcedure.use(permission("campaign.manage"));

export const campaignRouter = router({
  /** The campaigns the caller sees: their street's and their 社区's. */
  list: reads.output(z.array(campaignSummaryOutput)).query(({ ctx }) => listCampaigns(ctx.db, ctx.session)),
  detail: reads
    .input(byIdInput)
    .output(campaignDetailOutput)
    .query(({ ctx, input }) => campaignDetail(ctx.db, ctx.session, input.id)),
  /** A campaign from the built-in template: each 社区 of a street gets its own copy of the checklist. */
  create: manages
    .input(createInput)
    .output(z.object({ id: z.number(), copies: z.number(), items: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => createCampaign(ctx.db, ctx.session, input)),
  update: manages
    .input(updateInput)
    .output(campaignDetailOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => updateCampaign(ctx.db, ctx.session, input)),
  setStage: manages
    .input(stageInput)
    .output(z.object({ stage: stageSchema }))
    .use(transactional)
    .mutation(({ ctx, input }) => setStage(ctx.db, ctx.session, input)),
  setLeaders: manages
    .input(leadersInput)
    .output(z.array(leaderOutput))
    .use(transactional)
    .mutation(({ ctx, input }) => setLeaders(ctx.db, ctx.session, input)),
  /** The campaign's own documents (实施方案 …) and pictures: added and taken off where it is managed. */
  addDocuments: manages
    .input(campaignDocumentsInput)
    .output(campaignDocumentsOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => addCampaignDocuments(ctx.db, ctx.session, input)),
  removeDocument: manages
    .input(campaignDocumentIdInput)
    .output(campaignDocumentsOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => removeCampaignDocument(ctx.db, ctx.session, input)),
  /** One 社区's copy of the checklist, in order, each item with its readiness (齐全 / 部分 / 缺失). */
  checklist: reads
    .input(copyInput)
    .output(z.array(checklistItemOutput))
    .query(({ ctx, input }) => checklistWithReadiness(ctx.db, ctx.session, input)),
  /** The copy as an Excel sheet (测评项目, 测评内容, 测评标准, 测评方式, 分值, 所需材料, 测量指标). */
  exportChecklist: reads
    .input(copyInput)
    .output(fileOutput)
    .query(({ ctx, input }) => exportChecklist(ctx.db, ctx.session, input)),
  checklistTemplate: manages.output(fileOutput).query(() => checklistTemplate()),
  /** Every row checked first: any error (line, column, message) and nothing is written. */
  importChecklist: manages
    .input(checklistImportInput)
    .output(checklistImportOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => importChecklist(ctx.db, ctx.session, input, new Date(), ctx.offload)),
  addItem: manages
    .input(addItemInput)
    .output(z.object({ id: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => addItem(ctx.db, ctx.session, input)),
  updateItem: manages
    .input(updateItemInput)
    .output(itemOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => updateItem(ctx.db, ctx.session, input)),
  /** Before another item of the same copy, or last. */
  moveItem: manages
    .input(moveItemInput)
    .output(z.object({ ids: z.array(z.number()) }))
    .use(transactional)
    .mutation(({ ctx, input }) => moveItem(ctx.db, ctx.session, input)),
  /** Deleted, or archived when evidence was filed under it (`archived: true`). */
  removeItem: manages
    .input(itemIdInput)
    .output(z.object({ archived: z.boolean() }))
    .use(transactional)
    .mutation(({ ctx, input }) => removeItem(ctx.db, ctx.session, input)),
  assignItem: manages
    .input(assignItemInput)
    .output(z.object({ assignee: z.object({ id: z.number(), name: z.string() }).nullable() }))
    .use(transactional)
    .mutation(({ ctx, input }) => assignItem(ctx.db, ctx.session, input)),
  /** Each 社区 the caller reads: items 齐全 / 部分 / 缺失, in all and per 测评项目, and the gaps. */
  readiness: reads
    .input(readinessInput)
    .output(checkedOnce(readinessOutput))
    .query(async ({ ctx, input }) => {
      // Checked for each caller; shared by all who read the same 社区 of the campaign.
      const { campaign, readable } = await readinessScope(ctx.db, ctx.session, input);
      return keptForReaders(ctx, "campaign.readiness", { campaignId: campaign.id, readable }, () =>
        campaignReadinessOf(ctx.db, campaign, readable),
      );
    }),
  /** One item: its readiness, evidence filed (with photos) and the records proposed or decided on. */
  evidence: reads
    .input(itemEvidenceInput)
    .output(itemEvidenceOutput)
    .query(({ ctx, input }) => itemEvidence(ctx.db, ctx.session, input)),
  /** Photos and documents: the copy's admins, or the grid worker the item was given to. */
  addEvidence: reads
    .input(evidenceInput)
    .output(
      z.object({ id: z.number(), photos: z.array(photoRefSchema), documents: z.array(documentRefSchema) }),
    )
    .use(transactional)
    .mutation(({ ctx, input }) => addEvidence(ctx.db, ctx.session, input)),
  removeEvidence: reads
    .input(evidenceIdInput)
    .output(z.object({ removed: z.literal(true) }))
    .use(transactional)
    .mutation(({ ctx, input }) => removeEvidence(ctx.db, ctx.session, input)),
  /** A proposed record (activity, 黑白榜 edition, closed problem) counts as the item's evidence. */
  confirmLink: reads
    .input(linkInput)
    .output(z.object({ state: z.enum(["confirmed", "removed"]) }))
    .use(transactional)
    .mutation(({ ctx, input }) => confirmLink(ctx.db, ctx.session, input)),
  removeLink: reads
    .input(linkInput)
    .output(z.object({ state: z.enum(["confirmed", "removed"]) }))
    .use(transactional)
    .mutation(({ ctx, input }) => removeLink(ctx.db, ctx.session, input)),
  /** 模拟测评: the rounds of one 社区's copy, newest first, each scored in all and per 测评项目. */
  assessments: reads
    .input(assessmentsInput)
    .output(z.object({ mayEdit: z.boolean(), rounds: z.array(assessmentSummaryOutput) }))
    .query(({ ctx, input }) => listAssessments(ctx.db, ctx.session, input)),
  /** One round: each item of the copy in order with its grade and note (null when not graded). */
  assessment: reads
    .input(assessmentIdInput)
    .output(assessmentOutput)
    .query(({ ctx, input }) => assessmentDetail(ctx.db, ctx.session, input)),
  /** A new round by the copy's admins: A / B / C / C# per item; items not graded count 0. */
  assess: manages
    .input(assessInput)
    .output(z.object({ id: z.number(), score: z.number(), points: z.number(), graded: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => assess(ctx.db, ctx.session, input)),
  removeAssessment: manages
    .input(assessmentIdInput)
    .output(z.object({ removed: z.literal(true) }))
    .use(transactional)
    .mutation(({ ctx, input }) => removeAssessment(ctx.db, ctx.session, input)),
  ...dutyProcedures,
});
