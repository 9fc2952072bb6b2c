import { z } from "zod";
import { authedProcedure, permission, router, transactional } from "../trpc.js";
import { addItem, assignItem, checklist, moveItem, removeItem, updateItem } from "./campaign-items.js";
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
  campaignDetailOutput,
  campaignSummaryOutput,
  copyInput,
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
  /** One 社区's copy of the checklist, in order. */
  checklist: reads
    .input(copyInput)
    .output(z.array(itemOutput))
    .query(({ ctx, input }) => checklist(ctx.db, ctx.session, input)),
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
});
