import { z } from "zod";
import { authedProcedure, publicProcedure, transactional } from "../trpc.js";
import {
  issueCertificate,
  listCertificates,
  previewCertificate,
  revokeCertificate,
  verifyCertificate,
} from "./certificate-service.js";
import {
  certificateListInput,
  certificateListOutput,
  certificatePreviewOutput,
  certificateRequestInput,
  issuedCertificateOutput,
  revokeCertificateInput,
  verifyCertificateInput,
  verifyCertificateOutput,
} from "./certificate-schemas.js";

// The 志愿服务证明's procedures, joined into the volunteer router (volunteer.issueCertificate …). A
// volunteer asks for their own (no volunteerId); an admin of the 社区 for any of its volunteers: the
// service checks which (certificate-service.ts). The files themselves come over HTTP
// (apps/server/src/certificate-routes.ts) so that the browser saves them.

export const certificateProcedures = {
  /** What a certificate for the period would say (confirmed hours and activities); records nothing. */
  certificatePreview: authedProcedure
    .input(certificateRequestInput)
    .output(certificatePreviewOutput)
    .query(async ({ ctx, input }) => {
      const { _minutes, _activities, _stars, _communityId, ...shown } = await previewCertificate(
        ctx.db,
        ctx.session,
        input,
      );
      return shown;
    }),

  issueCertificate: authedProcedure
    .use(transactional)
    .input(certificateRequestInput)
    .output(issuedCertificateOutput)
    .mutation(({ ctx, input }) => issueCertificate(ctx.db, ctx.session, input)),

  certificates: authedProcedure
    .input(certificateListInput)
    .output(certificateListOutput)
    .query(({ ctx, input }) => listCertificates(ctx.db, ctx.session, input.volunteerId)),

  revokeCertificate: authedProcedure
    .use(transactional)
    .input(revokeCertificateInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeCertificate(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  /** Public: 证明有效 / 已撤销 / 证明无效 for a verification code, the facts masked. */
  verifyCertificate: publicProcedure
    .input(verifyCertificateInput)
    .output(verifyCertificateOutput)
    .query(({ ctx, input }) => verifyCertificate(ctx.db, input.code)),
};
