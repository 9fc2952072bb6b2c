import { z } from "zod";
import {
  authedProcedure,
  keptForAll,
  keptForReaders,
  permission,
  publicProcedure,
  router,
  transactional,
  withKeys,
} from "../trpc.js";
import { assertCan } from "../auth/authorize.js";
import { idSchema } from "../schemas.js";
import { myVolunteer } from "./my-volunteer.js";
import { registrationRatio, setRatioTarget } from "./ratio-service.js";
import { reviewVolunteers, submitRegistration, withdraw } from "./volunteer-service.js";
import { claimableRecords, claimRecord } from "./volunteer-claim.js";
import { revealIdNumber, searchRoster, volunteerDetail } from "./volunteer-roster.js";
import { reviewQueue } from "./review-queue.js";
import { exportRoster, importTemplate } from "./volunteer-excel.js";
import { confirmImport, previewImport } from "./volunteer-import.js";
import {
  claimableOutput,
  claimInput,
  detailOutput,
  importConfirmInput,
  importConfirmOutput,
  importInput,
  importPreviewOutput,
  myVolunteerOutput,
  ratioOutput,
  registrationInput,
  reviewInput,
  reviewOutput,
  reviewQueueInput,
  reviewQueueOutput,
  rosterInput,
  rosterOutput,
  setTargetInput,
  volunteerStatusSchema,
} from "./volunteer-schemas.js";
import { teamsRouter } from "./teams-router.js";
import { certificateProcedures } from "./certificate-router.js";

const ok = z.object({ ok: z.literal(true) });
const file = z.object({ fileName: z.string(), base64: z.string() });
/** What the registration ratio is read from (ratio-service.ts). */
const RATIO_TABLES = ["volunteer", "community_setting", "org_unit"];
const readVolunteers = authedProcedure.use(permission("volunteer.read"));
const manageVolunteers = authedProcedure.use(permission("volunteer.manage"));

export const volunteerRouter = router({
  register: authedProcedure
    .use(withKeys)
    .use(transactional)
    .input(registrationInput)
    .output(z.object({ id: z.number(), status: volunteerStatusSchema }))
    .mutation(({ ctx, input }) => submitRegistration(ctx.db, ctx.keys, ctx.session, input)),

  mine: authedProcedure.output(myVolunteerOutput).query(({ ctx }) => myVolunteer(ctx.db, ctx.session)),

  /** A record the 社区 imported from a paper form under this account's mobile, masked; null if none. */
  claimable: authedProcedure
    .output(claimableOutput)
    .query(({ ctx }) => claimableRecords(ctx.db, ctx.session)),

  // Not transactional on purpose: a wrong last-4 is recorded (for the daily limit) even though the call fails.
  claim: authedProcedure
    .input(claimInput)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => claimRecord(ctx.db, ctx.session, input)),

  withdraw: authedProcedure
    .use(transactional)
    .output(ok)
    .mutation(async ({ ctx }) => {
      await withdraw(ctx.db, ctx.session);
      return { ok: true as const };
    }),

  review: manageVolunteers
    .use(transactional)
    .input(reviewInput)
    .output(reviewOutput)
    .mutation(({ ctx, input }) => reviewVolunteers(ctx.db, ctx.session, input)),

  /** The 待审核 registrations of the 社区 the caller manages, oldest first, with what review needs. */
  reviewQueue: manageVolunteers
    .input(reviewQueueInput)
    .output(reviewQueueOutput)
    .query(({ ctx, input }) => reviewQueue(ctx.db, ctx.session, input)),

  roster: readVolunteers
    .input(rosterInput)
    .output(rosterOutput)
    .query(({ ctx, input }) => searchRoster(ctx.db, ctx.session, input)),

  detail: readVolunteers
    .input(z.object({ id: idSchema("志愿者") }))
    .output(detailOutput)
    .query(({ ctx, input }) => volunteerDetail(ctx.db, ctx.session, input.id)),

  revealIdNumber: manageVolunteers
    .use(withKeys)
    .use(transactional)
    .input(z.object({ id: idSchema("志愿者") }))
    .output(z.object({ idNumber: z.string() }))
    .mutation(({ ctx, input }) => revealIdNumber(ctx.db, ctx.keys, ctx.session, input.id)),

  /** The 社区's figure only (no 网格 breakdown): aggregate, so residents and visitors may see it. */
  publicRatio: publicProcedure
    .input(z.object({ communityId: idSchema("社区") }))
    .output(ratioOutput.omit({ grids: true }))
    .query(async ({ ctx, input }) => {
      const { grids: _grids, ...ratio } = await keptForAll(ctx, "volunteer.ratio", input, RATIO_TABLES, () =>
        registrationRatio(ctx.db, input.communityId),
      );
      return ratio;
    }),

  ratio: readVolunteers
    .input(z.object({ communityId: idSchema("社区") }))
    .output(ratioOutput)
    .query(async ({ ctx, input }) => {
      await assertCan(ctx.db, ctx.session, "volunteer.read", input.communityId);
      return keptForReaders(ctx, "volunteer.ratio", input, () =>
        registrationRatio(ctx.db, input.communityId),
      );
    }),

  setTarget: manageVolunteers
    .use(transactional)
    .input(setTargetInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setRatioTarget(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  exportRoster: readVolunteers
    .input(rosterInput.omit({ page: true, pageSize: true }))
    .output(file)
    .query(async ({ ctx, input }) => ({
      fileName: "志愿者注册资料.xlsx",
      base64: await exportRoster(ctx.db, ctx.session, input, ctx.offload),
    })),

  importTemplate: manageVolunteers
    .output(file)
    .query(async () => ({ fileName: "志愿者导入模板.xlsx", base64: await importTemplate() })),

  /**
   * Step one of the import: what the file would add, update (field by field), leave as it is or skip
   * (people registered on the portal), and its errors. Writes nothing; a mutation for its large input.
   */
  importPreview: manageVolunteers
    .use(withKeys)
    .input(importInput)
    .output(importPreviewOutput)
    .mutation(({ ctx, input }) =>
      previewImport(ctx.db, ctx.keys, ctx.session, input, new Date(), ctx.offload),
    ),

  /** Step two: the same file again with the preview's token; CONFLICT when the plan has changed since. */
  importConfirm: manageVolunteers
    .use(withKeys)
    .use(transactional)
    .input(importConfirmInput)
    .output(importConfirmOutput)
    .mutation(({ ctx, input }) =>
      confirmImport(ctx.db, ctx.keys, ctx.session, input, new Date(), ctx.offload),
    ),

  teams: teamsRouter,

  // 志愿服务证明: certificatePreview, issueCertificate, certificates, revokeCertificate, verifyCertificate.
  ...certificateProcedures,
});
