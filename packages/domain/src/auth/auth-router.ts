import { checkedOnce } from "../checked-once.js";
import { z } from "zod";
import { authedProcedure, publicProcedure, router, transactional } from "../trpc.js";
import {
  assertMayDeleteOwnAccount,
  assertOwnPassword,
  assertPasswordNotMobile,
  changePassword,
  deleteAccount,
  login,
  meOnce,
  registerResident,
} from "./auth-service.js";
import {
  changePasswordInput,
  deleteAccountInput,
  loginInput,
  meOutput,
  setCareModeInput,
  registerResidentInput,
  requestResetCodeInput,
  resetPasswordWithCodeInput,
  sessionOutput,
  smsAvailableOutput,
} from "./auth-schemas.js";
import { hashPassword } from "./password.js";
import { assertNewPasswordDiffers } from "./password-reset.js";
import { assertSmsAvailable, checkResetCode, requestResetCode, resetPasswordWithCode } from "./reset-code.js";
import { setCareMode } from "./preferences.js";
import { deleteSession } from "./session-service.js";
import { beginRegistration } from "./throttle.js";
import { usersRouter } from "./users-router.js";

export const authRouter = router({
  registerResident: publicProcedure
    .input(registerResidentInput)
    .output(sessionOutput)
    .mutation(async ({ ctx, input }) => {
      // Counted first, outside the transaction: a refused or failed registration counts too.
      await beginRegistration(ctx.db, ctx);
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
      const s = await login(ctx.db, input, ctx);
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

  me: authedProcedure.output(checkedOnce(meOutput)).query(({ ctx }) => meOnce(ctx.session)),

  // 关怀模式 on the caller's own account (the portal also keeps it on the phone).
  setCareMode: authedProcedure
    .input(setCareModeInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setCareMode(ctx.db, ctx.session, input.on);
      return { ok: true as const };
    }),

  // The old password is checked (and a failure recorded) before the one transaction of the change.
  changePassword: authedProcedure
    .input(changePasswordInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      assertPasswordNotMobile("newPassword", input.newPassword, ctx.session.user.mobile);
      assertNewPasswordDiffers(input.oldPassword, input.newPassword);
      await assertOwnPassword(ctx.db, ctx, ctx.session, {
        password: input.oldPassword,
        field: "oldPassword",
        message: "原密码不正确",
      });
      const newPasswordHash = await hashPassword(input.newPassword);
      const s = await ctx.db
        .transaction()
        .execute((trx) => changePassword(trx, ctx.session, newPasswordHash));
      ctx.cookies.set(s.token, s.expiresAt);
      return { ok: true as const };
    }),

  // 注销账号: the caller's own, with their password; residents only (staff ask an admin).
  deleteAccount: authedProcedure
    .input(deleteAccountInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      assertMayDeleteOwnAccount(ctx.session);
      await assertOwnPassword(ctx.db, ctx, ctx.session, {
        password: input.password,
        field: "password",
        message: "密码不正确",
      });
      await ctx.db.transaction().execute((trx) => deleteAccount(trx, ctx.session));
      ctx.cookies.clear();
      return { ok: true as const };
    }),

  // 短信验证码找回: offered only where the deployment has an SMS sender (see sms.ts).
  smsAvailable: publicProcedure
    .output(smsAvailableOutput)
    .query(({ ctx }) => ({ available: ctx.sms !== null })),

  // Not transactional: the request counts against the throttle even when sending fails.
  requestResetCode: publicProcedure
    .input(requestResetCodeInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await requestResetCode(ctx.db, ctx, input.mobile);
      return { ok: true as const };
    }),

  // The try is counted before the code is compared, outside the change's one transaction.
  resetPasswordWithCode: publicProcedure
    .input(resetPasswordWithCodeInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      assertSmsAvailable(ctx.sms);
      const checked = await checkResetCode(ctx.db, ctx.keys, input);
      const passwordHash = await hashPassword(input.newPassword);
      await ctx.db
        .transaction()
        .execute((trx) =>
          resetPasswordWithCode(trx, ctx.keys, { mobile: input.mobile, ...checked, passwordHash }),
        );
      return { ok: true as const };
    }),

  users: usersRouter,
});
