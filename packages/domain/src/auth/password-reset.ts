import { randomInt } from "node:crypto";
import type { Db } from "../db/open-database.js";
import type { Role } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { newPasswordSchema } from "../schemas.js";
import { recordAudit } from "../audit/audit-service.js";
import { ancestorIds, isSystemAdmin } from "./authorize.js";
import { usesMobile } from "./common-passwords.js";
import { hashPassword } from "./password.js";
import { canGrantRole, maskMobile } from "./rules.js";

// 重置密码 by an admin: a resident who forgot their password asks their 社区; staff ask whoever
// manages their account. The admin gets a one-time temporary password to pass on (in person or by
// phone); it is stored only as a hash, shown once, works for TEMP_PASSWORD_TTL_MS, and the session
// it opens may do nothing but change it (trpc.ts).

/** Lower-case letters and digits without the look-alikes (0/o, 1/l/i): easy to read out over the phone. */
export const TEMP_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const TEMP_PASSWORD_LENGTH = 10;
export const TEMP_PASSWORD_TTL_MS = 72 * 60 * 60 * 1000;
export const TEMP_PASSWORD_EXPIRED_MESSAGE = "临时密码已过期（72小时内有效），请联系社区或管理员重新重置密码";

/** A random temporary password: 10 characters with letters and digits that passes the password rules. */
export function generateTemporaryPassword(mobile: string): string {
  for (;;) {
    const password = Array.from(
      { length: TEMP_PASSWORD_LENGTH },
      () => TEMP_PASSWORD_ALPHABET[randomInt(TEMP_PASSWORD_ALPHABET.length)]!,
    ).join("");
    if (
      /\d/.test(password) &&
      /[a-z]/.test(password) &&
      newPasswordSchema.safeParse(password).success &&
      !usesMobile(password, mobile)
    )
      return password;
  }
}

/** A temporary password for `userId` (kept clear of their mobile) and its hash. */
export async function newTemporaryPassword(db: Db, userId: number) {
  const user = await db.selectFrom("user").select("mobile").where("id", "=", userId).executeTakeFirst();
  const temporaryPassword = generateTemporaryPassword(user?.mobile ?? "");
  return { temporaryPassword, passwordHash: await hashPassword(temporaryPassword) };
}

/** Whether a temporary password issued at `issuedAt` no longer opens a session. */
export function temporaryPasswordExpired(issuedAt: string | null, now: Date): boolean {
  return issuedAt !== null && now.getTime() - Date.parse(issuedAt) > TEMP_PASSWORD_TTL_MS;
}

interface Person {
  id: number;
  communityId: number | null;
  grants: ReadonlyArray<{ role: Role; unitId: number | null }>;
}

/**
 * Whether the caller manages `person`'s account: for every place the person is known (the 社区 they
 * live in, the unit of each of their roles) the caller holds a role covering it that outranks the
 * person's role there (canGrantRole, as for granting that role). A system admin manages everyone; a
 * system admin's own account is managed by system admins only.
 */
export async function managesPerson(db: Db, session: AuthSession, person: Person): Promise<boolean> {
  if (isSystemAdmin(session)) return true;
  const places = [
    ...(person.communityId === null ? [] : [{ role: "resident" as Role, unitId: person.communityId }]),
    ...person.grants,
  ];
  // Nobody below a system admin answers for an account that is known nowhere.
  if (places.length === 0) return false;
  for (const place of places) {
    if (place.unitId === null) return false;
    const chain = await ancestorIds(db, place.unitId);
    const covering = session.grants.filter((g) => g.orgUnitId !== null && chain.includes(g.orgUnitId));
    if (!canGrantRole(covering, place.role)) return false;
  }
  return true;
}

/**
 * Sets a temporary password (hashed by the caller, outside the transaction) on `userId`, who must
 * change it at the next login; ends all their sessions and writes the audit row. The password itself
 * goes nowhere but back to the admin's screen.
 */
export async function resetPasswordByAdmin(
  db: Db,
  session: AuthSession,
  input: { userId: number; passwordHash: string },
  now = new Date(),
) {
  if (input.userId === session.user.id) {
    throw new ForbiddenError("不能重置自己的密码，请使用“修改密码”");
  }
  const user = await db
    .selectFrom("user")
    .select(["id", "mobile", "community_id", "deleted_at"])
    .where("id", "=", input.userId)
    .executeTakeFirst();
  if (!user) throw new NotFoundError("用户不存在");
  const grants = await db
    .selectFrom("role_grant")
    .select(["role", "org_unit_id as unitId"])
    .where("user_id", "=", user.id)
    .execute();
  if (!(await managesPerson(db, session, { id: user.id, communityId: user.community_id, grants }))) {
    throw new ForbiddenError("没有权限重置该用户的密码");
  }
  if (user.deleted_at !== null) throw new ConflictError("该账号已注销，不能重置密码");

  const updated = await db
    .updateTable("user")
    .set({
      password_hash: input.passwordHash,
      password_changed_at: now.toISOString(),
      must_change_password: 1,
      temp_password_issued_at: now.toISOString(),
    })
    .where("id", "=", user.id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError("该账号已注销，不能重置密码");
  // Whoever holds a session of the account (perhaps whoever learned the old password) is out.
  await db.deleteFrom("session").where("user_id", "=", user.id).execute();
  const expiresAt = new Date(now.getTime() + TEMP_PASSWORD_TTL_MS).toISOString();
  await recordAudit(
    db,
    session,
    {
      action: "user.reset_password",
      targetType: "user",
      targetId: user.id,
      // Read by the admins of the 社区 the person lives in, or of the unit of their first role.
      orgUnitId: user.community_id ?? grants.find((g) => g.unitId !== null)?.unitId ?? null,
      // The row's subject names the person as they are now: no name copied here.
      after: { mobile: maskMobile(user.mobile), temporaryPasswordExpiresAt: expiresAt },
    },
    now,
  );
  return { expiresAt };
}

/** Refuses a new password equal to the one it replaces (a temporary one above all). */
export function assertNewPasswordDiffers(oldPassword: string, newPassword: string) {
  if (oldPassword === newPassword) throw new ValidationError("newPassword", "新密码不能与原密码相同");
}
