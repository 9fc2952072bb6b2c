import { authedProcedure, permission, transactional } from "../trpc.js";
import {
  generateSummary,
  regenerateSummary,
  saveSummaryParagraph,
  summaryDocx,
  summaryDraft,
  summaryDrafts,
} from "./summary-service.js";
import {
  generateSummaryInput,
  saveSummaryParagraphInput,
  summaryDocxOutput,
  summaryDraftOutput,
  summaryDraftsInput,
  summaryDraftsOutput,
  summaryIdInput,
} from "./summary-schemas.js";

const writes = authedProcedure.use(permission("report.summary"));

/** 工作总结: spread into the report router (report-router.ts). */
export const summaryProcedures = {
  /** A new draft of the 社区's or 街道's summary for a period, built from the data. */
  generateSummary: writes
    .input(generateSummaryInput)
    .output(summaryDraftOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => generateSummary(ctx.db, ctx.session, input)),
  /** 重新生成: the draft's unit and period read afresh into a new draft; the old one is kept. */
  regenerateSummary: writes
    .input(summaryIdInput)
    .output(summaryDraftOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => regenerateSummary(ctx.db, ctx.session, input)),
  /** One draft with its paragraphs and the 附表's figures. */
  summary: writes
    .input(summaryIdInput)
    .output(summaryDraftOutput)
    .query(({ ctx, input }) => summaryDraft(ctx.db, ctx.session, input)),
  /** A unit's drafts, newest first. */
  summaryDrafts: writes
    .input(summaryDraftsInput)
    .output(summaryDraftsOutput)
    .query(({ ctx, input }) => summaryDrafts(ctx.db, ctx.session, input)),
  /** Saves a person's text of one paragraph (the version they saw). */
  saveSummaryParagraph: writes
    .input(saveSummaryParagraphInput)
    .output(summaryDraftOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => saveSummaryParagraph(ctx.db, ctx.session, input)),
  /** The draft as a .docx in 公文 layout (GB/T 9704). */
  summaryDocx: writes
    .input(summaryIdInput)
    .output(summaryDocxOutput)
    .mutation(({ ctx, input }) =>
      summaryDocx(ctx.db, ctx.fileStorage, ctx.session, input, new Date(), ctx.offload),
    ),
};
