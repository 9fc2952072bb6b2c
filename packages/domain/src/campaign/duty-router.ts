import { z } from "zod";
import { photoRefSchema } from "../files/files-service.js";
import { authedProcedure, permission, transactional } from "../trpc.js";
import { dutyCalendar, residentMonth } from "./duty-calendar.js";
import { addDutyRule, installDefaultDuties, removeDutyRule, updateDutyRule } from "./duty-service.js";
import { tickDuty, untickDuty } from "./duty-ticks.js";
import {
  addDutyInput,
  calendarInput,
  calendarOutput,
  communityInput,
  dutyIdInput,
  residentMonthOutput,
  tickIdInput,
  tickInput,
  updateDutyInput,
} from "./duty-schemas.js";

// The calendar of recurring duties, part of the campaign router (campaign.calendar …): staff read and
// tick, admins edit the rules; residents see only 本月安排 on the portal.

const reads = authedProcedure.use(permission("campaign.evidence"));
const manages = authedProcedure.use(permission("campaign.manage"));

export const dutyProcedures = {
  /** A 社区's duties for a month (2026-12) or a quarter (2026-Q4): done, due or overdue per period. */
  calendar: reads
    .input(calendarInput)
    .output(calendarOutput)
    .query(({ ctx, input }) => dutyCalendar(ctx.db, ctx.session, input)),
  /** The built-in rules, for a 社区 that never had any. */
  installDefaultDuties: manages
    .input(communityInput)
    .output(z.object({ added: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => installDefaultDuties(ctx.db, ctx.session, input)),
  addDuty: manages
    .input(addDutyInput)
    .output(z.object({ id: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => addDutyRule(ctx.db, ctx.session, input)),
  updateDuty: manages
    .input(updateDutyInput)
    .output(z.object({ id: z.number(), version: z.number() }))
    .use(transactional)
    .mutation(({ ctx, input }) => updateDutyRule(ctx.db, ctx.session, input)),
  /** Deleted, or archived when it was ticked (`archived` says which). */
  removeDuty: manages
    .input(dutyIdInput)
    .output(z.object({ archived: z.boolean() }))
    .use(transactional)
    .mutation(({ ctx, input }) => removeDutyRule(ctx.db, ctx.session, input)),
  /** A manual duty done for a period, with photos: by its 责任人 or an admin. */
  tickDuty: reads
    .input(tickInput)
    .output(z.object({ id: z.number(), photos: z.array(photoRefSchema) }))
    .use(transactional)
    .mutation(({ ctx, input }) => tickDuty(ctx.db, ctx.session, input)),
  untickDuty: reads
    .input(tickIdInput)
    .output(z.object({ removed: z.literal(true) }))
    .use(transactional)
    .mutation(({ ctx, input }) => untickDuty(ctx.db, ctx.session, input)),
  /** 本月安排 on the portal: the resident's 社区's duties for residents, with activity dates. */
  residentMonth: authedProcedure
    .output(residentMonthOutput)
    .query(({ ctx }) => residentMonth(ctx.db, ctx.session)),
};
