import { z } from "zod";
import { authedProcedure, publicProcedure, router, transactional } from "../trpc.js";
import { changePassword, login, me, registerResident } from "./auth-service.js";
import {
  changePasswordInput,
  loginInput,
  meOutput,
  registerResidentInput,
  sessionOutput,
} from "./auth-schemas.js";
import { hashPassword } from "./password.js";
import { deleteSession } from "./session-service.js";
import { usersRouter } from "./users-router.js";

export const authRouter = router({
  registerResident: publicProcedure
    .input(registerResidentInput)
    .output(sessionOutput)
    .mutation(async ({ ctx, input }) => {
      // Hash before the transaction: scrypt takes tens of milliseconds and must not hold the database.
      const passwordHash = await hashPassword(input.password);
      const { password: _password, ...rest } = input;
      const s = await ctx.db.transaction().execute((trx) => registerResident(trx, { ...rest, passwordHash }));
      ctx.cookies.set(s.token, s.expiresAt);
      return { userId: s.userId, expiresAt: s.expiresAt.toISOString() };
    }),

  // Not transactional on purpose: a failed attempt must be recorded even though the call fails.
  login: publicProcedure
    .input(loginInput)
    .output(sessionOutput)
    .mutation(async ({ ctx, input }) => {
      const s = await login(ctx.db, input);
      ctx.cookies.set(s.token, s.expiresAt);
      return { userId: s.userId, expiresAt: s.expiresAt.toISOString() };
    }),

  logout: authedProcedure
    .use(transactional)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await deleteSession(ctx.db, ctx.session.sessionId);
      ctx.cookies.clear();
      return { ok: true as const };
    }),

  me: authedProcedure.output(meOutput).query(({ ctx }) => me(ctx.session)),

  changePassword: authedProcedure
    .input(changePasswordInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const newPasswordHash = await hashPassword(input.newPassword);
      const s = await ctx.db
        .transaction()
        .execute((trx) =>
          changePassword(trx, ctx.session, { oldPassword: input.oldPassword, newPasswordHash }),
        );
      ctx.cookies.set(s.token, s.expiresAt);
      return { ok: true as const };
    }),

  users: usersRouter,
});
