import { z } from "zod";
import { authedProcedure, permission, router, transactional } from "../trpc.js";
import {
  createStaffInput,
  grantRoleInput,
  resetPasswordInput,
  resetPasswordOutput,
  revokeRoleInput,
  searchUsersInput,
  searchUsersOutput,
} from "./auth-schemas.js";
import { hashPassword } from "./password.js";
import { newTemporaryPassword, resetPasswordByAdmin } from "./password-reset.js";
import { createStaff, grantRole, revokeRole, searchUsers } from "./users-service.js";

const manageUsers = authedProcedure.use(permission("user.manage"));

/** 用户与角色: staff accounts and role grants, each checked against the unit it touches. */
export const usersRouter = router({
  search: manageUsers
    .input(searchUsersInput)
    .output(searchUsersOutput)
    .query(({ ctx, input }) => searchUsers(ctx.db, ctx.session, input)),

  createStaff: manageUsers
    .input(createStaffInput)
    .output(z.object({ id: z.number() }))
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password);
      const { password: _password, ...rest } = input;
      return ctx.db.transaction().execute((trx) => createStaff(trx, ctx.session, { ...rest, passwordHash }));
    }),

  grantRole: manageUsers
    .use(transactional)
    .input(grantRoleInput)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => grantRole(ctx.db, ctx.session, input)),

  revokeRole: manageUsers
    .use(transactional)
    .input(revokeRoleInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeRole(ctx.db, ctx.session, input);
      return { ok: true as const };
    }),

  // 重置密码: a one-time temporary password, returned this once and stored only as a hash.
  resetPassword: manageUsers
    .input(resetPasswordInput)
    .output(resetPasswordOutput)
    .mutation(async ({ ctx, input }) => {
      // Hashed before the transaction: scrypt must not hold the database.
      const { temporaryPassword, passwordHash } = await newTemporaryPassword(ctx.db, input.userId);
      const { expiresAt } = await ctx.db
        .transaction()
        .execute((trx) => resetPasswordByAdmin(trx, ctx.session, { userId: input.userId, passwordHash }));
      return { temporaryPassword, expiresAt };
    }),
});
