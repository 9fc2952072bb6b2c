import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { ancestorIds } from "./authorize.js";
import { hashPassword, verifyPassword } from "./password.js";
import { PERMISSIONS, roleHas, maskMobile } from "./rules.js";
import { createSession } from "./session-service.js";
import { insertUser } from "./user-store.js";
import { assertNotThrottled, clearFailures, recordFailure } from "./throttle.js";

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
 * Checks the password and opens a session. A failure is recorded before the error is thrown, so the
 * caller must not run this inside a transaction that a failure would roll back.
 */
export async function login(db: Db, input: { mobile: string; password: string }, now = new Date()) {
  await assertNotThrottled(db, input.mobile, now);
  const user = await db
    .selectFrom("user")
    .select(["id", "password_hash"])
    .where("mobile", "=", input.mobile)
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await getDummyHash()));
  if (!user || !ok) {
    await recordFailure(db, input.mobile, now);
    // One message for an unknown mobile and a wrong password: no answer tells which numbers exist.
    throw new ValidationError("password", "手机号或密码错误");
  }
  await clearFailures(db, input.mobile);
  return { userId: user.id, ...(await createSession(db, user.id, now)) };
}

/** The caller, their 社区 and 楼院, their role grants with unit names, and what those allow: all in the session. */
export function me(session: AuthSession) {
  const u = session.user;
  const ref = (id: number | null, name: string | null) => (id === null ? null : { id, name: name ?? "" });
  return {
    id: u.id,
    name: u.name,
    mobile: maskMobile(u.mobile),
    community: ref(u.communityId, u.communityName),
    courtyard: ref(u.courtyardId, u.courtyardName),
    grants: session.grants.map((g) => ({
      id: g.id,
      role: g.role,
      unitId: g.orgUnitId,
      unitName: g.orgUnitId === null ? "全部" : (g.unitName ?? ""),
    })),
    permissions: PERMISSIONS.filter((p) => session.grants.some((g) => roleHas(g.role, p))),
  };
}

export async function changePassword(
  db: Db,
  session: AuthSession,
  input: { oldPassword: string; newPasswordHash: string },
  now = new Date(),
) {
  const user = await db
    .selectFrom("user")
    .select("password_hash")
    .where("id", "=", session.user.id)
    .executeTakeFirst();
  if (!user) throw new NotFoundError("用户不存在");
  if (!(await verifyPassword(input.oldPassword, user.password_hash))) {
    throw new ValidationError("oldPassword", "原密码不正确");
  }
  await db
    .updateTable("user")
    .set({ password_hash: input.newPasswordHash, password_changed_at: now.toISOString() })
    .where("id", "=", session.user.id)
    .execute();
  // A password change ends every session of the account; this device gets a fresh one.
  await db.deleteFrom("session").where("user_id", "=", session.user.id).execute();
  return createSession(db, session.user.id, now);
}
