import { z } from "zod";
import { authedProcedure, permission, publicProcedure, router, transactional, withKeys } from "../trpc.js";
import { idSchema, pageSchema } from "../schemas.js";
import { NotFoundError } from "../errors.js";
import { phoneLink } from "../public-url.js";
import {
  cancelActivity,
  createActivity,
  getActivity,
  listActivities,
  upcomingActivities,
  updateActivity,
} from "./activity-service.js";
import { activityRoster, confirmHours, organiserAttend, qrToken, scanQr } from "./attendance-service.js";
import { cancelMySignup, mySignups, signUp } from "./signup-service.js";
import { exportSignInSheet } from "./sign-in-sheet.js";
import {
  activityOutput,
  confirmHoursInput,
  createActivityInput,
  mySignupSchema,
  rosterEntrySchema,
  updateActivityInput,
} from "./activity-schemas.js";

const ok = z.object({ ok: z.literal(true) });
const byId = z.object({ id: idSchema("活动") });
const organise = authedProcedure.use(permission("activity.manage"));
const checkIn = authedProcedure.use(permission("activity.checkin"));
const withMine = activityOutput.extend({ mySignup: mySignupSchema.nullable() });

export const activityRouter = router({
  /** Upcoming activities of a 社区, for anyone (the portal shows them before login too). */
  publicList: publicProcedure
    .input(z.object({ communityId: idSchema("社区") }))
    .output(z.array(activityOutput))
    .query(({ ctx, input }) => upcomingActivities(ctx.db, input.communityId)),

  /** Upcoming activities of the caller's own 社区, each with the caller's sign-up. */
  upcoming: authedProcedure.output(z.array(withMine)).query(async ({ ctx }) => {
    const communityId = ctx.session.user.communityId;
    if (communityId === null) return [];
    const [list, mine] = await Promise.all([upcomingActivities(ctx.db, communityId), mySignups(ctx.db, ctx.session)]);
    return list.map((a) => ({ ...a, mySignup: mine.find((s) => s.activityId === a.id) ?? null }));
  }),

  detail: authedProcedure
    .input(byId)
    .output(withMine)
    .query(async ({ ctx, input }) => {
      const activity = await getActivity(ctx.db, input.id);
      const mine = (await mySignups(ctx.db, ctx.session)).find((s) => s.activityId === activity.id) ?? null;
      return { ...activity, mySignup: mine };
    }),

  /** 我的活动: everything the caller signed up for, newest first. */
  mine: authedProcedure.output(z.array(withMine)).query(async ({ ctx }) => {
    const mine = await mySignups(ctx.db, ctx.session);
    const list = await Promise.all(mine.map((s) => getActivity(ctx.db, s.activityId)));
    return list
      .map((a) => ({ ...a, mySignup: mine.find((s) => s.activityId === a.id) ?? null }))
      .sort((x, y) => y.startsAt.localeCompare(x.startsAt) || y.id - x.id);
  }),

  list: checkIn
    .input(z.object({ communityId: z.number().int().positive().optional(), ...pageSchema }))
    .output(z.object({ items: z.array(activityOutput), hasMore: z.boolean() }))
    .query(({ ctx, input }) => listActivities(ctx.db, ctx.session, input)),

  create: organise
    .use(transactional)
    .input(createActivityInput)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createActivity(ctx.db, ctx.session, input)),

  update: organise
    .use(transactional)
    .input(updateActivityInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await updateActivity(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  cancel: organise
    .use(transactional)
    .input(byId)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await cancelActivity(ctx.db, ctx.session, input.id);
      return { ok: true as const };
    }),

  signUp: authedProcedure
    .use(transactional)
    .input(z.object({ activityId: idSchema("活动") }))
    .output(z.object({ signupId: z.number() }))
    .mutation(({ ctx, input }) => signUp(ctx.db, ctx.session, input.activityId)),

  cancelSignup: authedProcedure
    .use(transactional)
    .input(z.object({ activityId: idSchema("活动") }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await cancelMySignup(ctx.db, ctx.session, input.activityId);
      return { ok: true as const };
    }),

  roster: checkIn
    .input(byId)
    .output(z.array(rosterEntrySchema))
    .query(({ ctx, input }) => activityRoster(ctx.db, ctx.session, input.id)),

  attend: checkIn
    .use(transactional)
    .input(z.object({ signupId: idSchema("报名记录"), kind: z.enum(["in", "out"]) }))
    .output(z.object({ checkInAt: z.string(), minutes: z.number().nullable() }))
    .mutation(({ ctx, input }) => organiserAttend(ctx.db, ctx.session, input)),

  /** The check-in QR code's token and the link it encodes, at the address phones reach (ctx.publicBaseUrl). */
  qrToken: checkIn
    .use(withKeys)
    .input(byId)
    .output(z.object({ token: z.string(), expiresAt: z.string(), url: z.string() }))
    .query(async ({ ctx, input }) => {
      const qr = await qrToken(ctx.db, ctx.keys, ctx.session, input.id);
      return { ...qr, url: phoneLink(ctx.publicBaseUrl, `/checkin?t=${encodeURIComponent(qr.token)}`) };
    }),

  scan: authedProcedure
    .use(withKeys)
    .use(transactional)
    .input(z.object({ token: z.string({ error: "二维码无效" }).min(10, { error: "二维码无效" }).max(2000) }))
    .output(z.object({ activityId: z.number(), kind: z.enum(["in", "out"]), checkInAt: z.string(), minutes: z.number().nullable() }))
    .mutation(({ ctx, input }) => scanQr(ctx.db, ctx.keys, ctx.session, input.token)),

  confirmHours: organise
    .use(transactional)
    .input(confirmHoursInput)
    .output(z.object({ count: z.number() }))
    .mutation(({ ctx, input }) => confirmHours(ctx.db, ctx.session, input)),

  exportSignIn: checkIn
    .input(byId)
    .output(z.object({ fileName: z.string(), base64: z.string() }))
    .query(async ({ ctx, input }) => {
      const sheet = await exportSignInSheet(ctx.db, ctx.session, input.id);
      if (!sheet) throw new NotFoundError("活动不存在");
      return sheet;
    }),
});
