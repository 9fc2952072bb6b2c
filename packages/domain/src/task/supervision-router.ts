import { z } from "zod";
import { authedProcedure, permission, transactional } from "../trpc.js";
import { answerSupervision, clearSupervision, superviseTask } from "./supervision-service.js";
import { setSupervisionSettings, supervisionSettings } from "./supervision-settings.js";
import { mySupervisions } from "./supervision-views.js";
import {
  answerSupervisionInput,
  clearSupervisionInput,
  mySupervisionsOutput,
  setSupervisionSettingsInput,
  streetInput,
  superviseInput,
  supervisionSettingsOutput,
  supervisionStepOutput,
} from "./supervision-schemas.js";

// 督办: the procedures of task.* about 督办单 and a 街道's thresholds, spread into taskRouter. The
// rules of who may do what are in the domain (supervision-service.ts, supervision-settings.ts).

const handles = authedProcedure.use(permission("task.handle"));
const manages = authedProcedure.use(permission("task.manage"));

export const supervisionProcedures = {
  /** Issues a 督办单 on a task (colour, 红 by default; note; reply day): someone above its 责任单位. */
  supervise: manages
    .input(superviseInput)
    .output(z.object({ id: z.number(), version: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => superviseTask(ctx.db, ctx.session, input)),
  /** 反馈: the 责任人 (or an admin of the 责任单位) answers a 督办单 in writing. */
  answerSupervision: handles
    .input(answerSupervisionInput)
    .output(supervisionStepOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => answerSupervision(ctx.db, ctx.session, input)),
  /** 销号: the issuer (or an admin of the issuer's unit) clears a 督办单. */
  clearSupervision: manages
    .input(clearSupervisionInput)
    .output(supervisionStepOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => clearSupervision(ctx.db, ctx.session, input)),
  /** The caller's 督办 not yet cleared: issued by them, and owed by them as 责任人; open first. */
  supervisions: handles.output(mySupervisionsOutput).query(({ ctx }) => mySupervisions(ctx.db, ctx.session)),
  /** A 街道's thresholds of the 督办 colours: its admins. */
  supervisionSettings: manages
    .input(streetInput)
    .output(supervisionSettingsOutput)
    .query(({ ctx, input }) => supervisionSettings(ctx.db, ctx.session, input)),
  setSupervisionSettings: manages
    .input(setSupervisionSettingsInput)
    .output(supervisionSettingsOutput)
    .use(transactional)
    .mutation(({ ctx, input }) => setSupervisionSettings(ctx.db, ctx.session, input)),
};
