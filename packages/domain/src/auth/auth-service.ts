import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { DataKeys } from "../secrets/data-keys.js";
import { erasePersonFromAudit, recordAudit } from "../audit/audit-service.js";
import { deleteNotificationsOf } from "../notification/notification-service.js";
import { withdraw } from "../volunteer/volunteer-service.js";
import { ancestorIds } from "./authorize.js";
import { MOBILE_PASSWORD_MESSAGE, usesMobile } from "./common-passwords.js";
import { hashPassword, verifyPassword } from "./password.js";
import { TEMP_PASSWORD_EXPIRED_MESSAGE, temporaryPasswordExpired } from "./password-reset.js";
import { PERMISSIONS, roleHas, maskMobile } from "./rules.js";
import { createSession } from "./session-service.js";
import { insertUser } from "./user-store.js";
import { attemptSucceeded, beginAttempt, throttleKey } from "./throttle.js";

/** Where a password check comes from: the throttle keys it by the client's address. */
export interface ClientInfo {
  keys: DataKeys | null;
  clientAddress: string | null;
}

// Verified against when the mobile is unknown, so a miss costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword("not-a-real-password"));

export interface ResidentRegistration {
  mobile: string;
  passwordHash: string;
  name: string;
  communityId: number;
  courtyardId: number;
}

export async function registerResident(db: Db, input: ResidentRegistration, now = new Date()) {
  // A unit that is gone (or was never a 社区) is a bad choice on the form, not a missing page.
  const community = await db
    .selectFrom("org_unit")
    .selectAll()
    .where("id", "=", input.communityId)
    .executeTakeFirst();
  if (!community || community.kind !== "community")
    throw new ValidationError("communityId", "请选择所在社区");
  const courtyard = await db
    .selectFrom("org_unit")
    .selectAll()
    .where("id", "=", input.courtyardId)
    .executeTakeFirst();
  if (!courtyard || courtyard.kind !== "courtyard")
    throw new ValidationError("courtyardId", "请选择所在楼院");
  if (!(await ancestorIds(db, courtyard.id)).includes(community.id)) {
    throw new ValidationError("courtyardId", "所选楼院不属于该社区");
  }
  const userId = await insertUser(
    db,
    {
      mobile: input.mobile,
      name: input.name,
      passwordHash: input.passwordHash,
      communityId: community.id,
      courtyardId: courtyard.id,
    },
    "该手机号已注册，请直接登录",
    now,
  );
  await db
    .insertInto("role_grant")
    .values({
      user_id: userId,
      role: "resident",
      org_unit_id: community.id,
      granted_by: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { userId, ...(await createSession(db, userId, now)) };
}

/**
 * Checks the password under the throttle (throttle.ts) and opens a session. The attempt is recorded
 * before the password is checked, so this takes the database, never a transaction a failure would
 * roll back.
 */
export async function login(
  db: Kysely<Database>,
  input: { mobile: string; password: string },
  client: ClientInfo,
  now = new Date(),
) {
  const key = throttleKey(client.keys, input.mobile, client.clientAddress);
  await beginAttempt(db, key, now);
  const user = await db
    .selectFrom("user")
    .select(["id", "password_hash", "must_change_password", "temp_password_issued_at"])
    .where("mobile", "=", input.mobile)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await getDummyHash()));
  // One message for an unknown mobile and a wrong password: no answer tells which numbers exist.
  if (!user || !ok) throw new ValidationError("password", "手机号或密码错误");
  await attemptSucceeded(db, key);
  // The right temporary password, but too old: it was meant to be changed within days.
  if (user.must_change_password === 1 && temporaryPasswordExpired(user.temp_password_issued_at, now)) {
    throw new ValidationError("password", TEMP_PASSWORD_EXPIRED_MESSAGE);
  }
  return { userId: user.id, ...(await createSession(db, user.id, now)) };
}

/**
 * The caller's own password, before a change of password or the deletion of the account. Counted by
 * the same throttle as logins, so a borrowed session is no way around it; `field` names the form field.
 */
export async function assertOwnPassword(
  db: Kysely<Database>,
  client: ClientInfo,
  session: AuthSession,
  input: { password: string; field: string; message: string },
  now = new Date(),
) {
  const user = await db
    .selectFrom("user")
    .select("password_hash")
    .where("id", "=", session.user.id)
    .executeTakeFirst();
  if (!user) throw new NotFoundError("用户不存在");
  const key = throttleKey(client.keys, session.user.mobile, client.clientAddress);
  await beginAttempt(db, key, now, "密码错误次数过多");
  if (!(await verifyPassword(input.password, user.password_hash))) {
    throw new ValidationError(input.field, input.message);
  }
  await attemptSucceeded(db, key);
}

/** A new password must not be (or hold) the account's mobile; the schema checks the rest. */
export function assertPasswordNotMobile(field: string, password: string, mobile: string) {
  if (usesMobile(password, mobile)) throw new ValidationError(field, MOBILE_PASSWORD_MESSAGE);
}

/** The caller, their 社区 and 楼院, their role grants with unit names, and what those allow: all in the session. */
const answeredMe = new WeakMap<AuthSession, ReturnType<typeof me>>();

/**
 * auth.me's answer, the same object for as long as the session cache hands out the same frozen session
 * (auth/session-cache.ts): every page asks it, and an answer object already checked and written out
 * costs neither again (checkedOnce, the server's written answers). A session not frozen may still be
 * changed by its request: answered afresh.
 */
export function meOnce(session: AuthSession): ReturnType<typeof me> {
  if (!Object.isFrozen(session)) return me(session);
  let answer = answeredMe.get(session);
  if (answer === undefined) answeredMe.set(session, (answer = me(session)));
  return answer;
}

export function me(session: AuthSession) {
  const u = session.user;
  const ref = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? "" });
  return {
    id: u.id,
    name: u.name,
    mobile: maskMobile(u.mobile),
    community: ref(u.communityId, u.communityName),
    courtyard: ref(u.courtyardId, u.courtyardName),
    mustChangePassword: u.mustChangePassword,
    careMode: u.careMode,
    grants: session.grants.map((g) => ({
      id: g.id,
      role: g.role,
      unitId: g.orgUnitId,
      unitName: g.orgUnitId === null ? "全部" : (g.unitName ?? ""),
    })),
    permissions: PERMISSIONS.filter((p) => session.grants.some((g) => roleHas(g.role, p))),
  };
}

/** Sets the new password (the old one was checked by assertOwnPassword). */
export async function changePassword(
  db: Db,
  session: AuthSession,
  newPasswordHash: string,
  now = new Date(),
) {
  await db
    .updateTable("user")
    .set({
      password_hash: newPasswordHash,
      password_changed_at: now.toISOString(),
      // A temporary password from an admin reset is done with.
      must_change_password: 0,
      temp_password_issued_at: null,
    })
    .where("id", "=", session.user.id)
    .execute();
  // A password change ends every session of the account; this device gets a fresh one.
  await db.deleteFrom("session").where("user_id", "=", session.user.id).execute();
  return createSession(db, session.user.id, now);
}

export const DELETED_USER_NAME = "已注销用户";
/** Stored instead of a password hash: verifyPassword never accepts it. */
const NO_PASSWORD = "!deleted";

/**
 * Only residents delete their own account. A staff account is managed by the admins who granted its
 * roles: they revoke the roles (handing the work over), and the person, a resident again, may then
 * delete it themselves.
 */
export function assertMayDeleteOwnAccount(session: AuthSession) {
  if (session.grants.some((g) => g.role !== "resident")) {
    throw new ForbiddenError("工作人员账号由管理员管理，请联系管理员撤销工作角色后再注销");
  }
}

/**
 * 注销账号 (PIPL art. 47), in the caller's transaction: the volunteer registration is withdrawn as the
 * volunteer feature does it (personal data erased, hours kept anonymously, upcoming sign-ups
 * released); the user row becomes an anonymous tombstone (no name, mobile, password or 楼院; the
 * number may register again); sessions and grants go; the audit keeps only that it happened, and the
 * earlier rows about the person lose what they recorded of them.
 *
 * The row is kept rather than deleted: audit rows, grants given, reviews and activities point at it,
 * and "已注销用户" says more in the 操作日志 than an actor that vanished.
 */
export async function deleteAccount(db: Db, session: AuthSession, now = new Date()) {
  assertMayDeleteOwnAccount(session);
  const userId = session.user.id;
  // A read only: the volunteer feature does the writing.
  const volunteer = await db
    .selectFrom("volunteer")
    .select("id")
    .where("user_id", "=", userId)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
  if (volunteer) await withdraw(db, session, now);
  const erased = await db
    .updateTable("user")
    .set({
      name: DELETED_USER_NAME,
      // Unique (the id is) and never shaped like a mobile: no login can name it, and the number is free.
      mobile: `已注销#${userId}`,
      password_hash: NO_PASSWORD,
      community_id: null,
      courtyard_id: null,
      password_changed_at: now.toISOString(),
      deleted_at: now.toISOString(),
    })
    .where("id", "=", userId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (Number(erased.numUpdatedRows) !== 1) throw new NotFoundError("账号不存在或已注销");
  await db.deleteFrom("session").where("user_id", "=", userId).execute();
  await db.deleteFrom("role_grant").where("user_id", "=", userId).execute();
  await deleteNotificationsOf(db, userId);
  // Earlier rows about the account (a reset, a grant) keep what happened, not the person's name or number.
  await erasePersonFromAudit(db, { userId });
  await recordAudit(
    db,
    session,
    {
      action: "auth.delete_account",
      targetType: "user",
      targetId: userId,
      orgUnitId: session.user.communityId,
    },
    now,
  );
}
