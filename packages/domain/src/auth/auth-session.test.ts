import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  FACTORY_PASSWORD,
  callerFor,
  callerForToken,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUser,
  recordingCookies,
  trpcErrorOf,
} from "../testing/index.js";
import { PERMISSIONS, ROLE_PERMISSIONS } from "./rules.js";
import { SESSION_TTL_MS, createSession, resolveSession } from "./session-service.js";

// auth.me, auth.logout, auth.changePassword and the session lifetime behind the cookie.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
const MOBILE = "13600000001";

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
});

/** Logs in through the router and returns the cookie token it set. */
async function loginToken(mobile = MOBILE, password = FACTORY_PASSWORD): Promise<string> {
  const cookies = recordingCookies();
  await (await callerFor(db, null, cookies)).auth.login({ mobile, password });
  if (!cookies.token) throw new Error("login set no cookie");
  return cookies.token;
}

describe("auth.me", () => {
  it("shows a resident their masked mobile, 社区, 楼院 and grant, with no permissions", async () => {
    const u = await makeUser(db, {
      mobile: MOBILE,
      name: "刘芳",
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    });
    const me = await (await callerFor(db, u.id)).auth.me();
    expect(me).toEqual({
      id: u.id,
      name: "刘芳",
      mobile: "136****0001",
      community: { id: tree.a.community, name: "甲社区" },
      courtyard: { id: tree.a.courtyard, name: "甲社区一号院" },
      grants: [{ id: expect.any(Number), role: "resident", unitId: tree.a.community, unitName: "甲社区" }],
      permissions: [],
      mustChangePassword: false,
      careMode: null,
    });
  });

  it("lists every grant with its unit name and the permissions they give together", async () => {
    const u = await makeUser(db, { role: "grid_worker", unitId: tree.a.grid });
    await db
      .insertInto("role_grant")
      .values({
        user_id: u.id,
        role: "system_admin",
        org_unit_id: null,
        granted_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const me = await (await callerFor(db, u.id)).auth.me();
    expect(me.community).toBeNull();
    expect(me.courtyard).toBeNull();
    expect(me.grants.map((g) => [g.role, g.unitId, g.unitName])).toEqual([
      ["grid_worker", tree.a.grid, "甲社区第一网格"],
      ["system_admin", null, "全部"],
    ]);
    // The system admin grant gives every permission, in the canonical order.
    expect(me.permissions).toEqual([...PERMISSIONS]);
    expect(me.permissions.slice(0, 5)).toEqual([
      "console.access",
      "org.read",
      "org.manage",
      "user.manage",
      "audit.read",
    ]);
  });

  it("gives a grid worker console access and tree reading, but no managing", async () => {
    const u = await makeUser(db, { role: "grid_worker", unitId: tree.a.grid });
    const { permissions } = await (await callerFor(db, u.id)).auth.me();
    expect(permissions).toEqual(PERMISSIONS.filter((p) => ROLE_PERMISSIONS.grid_worker.includes(p)));
    expect(permissions).toEqual(expect.arrayContaining(["console.access", "org.read"]));
    for (const p of ["org.manage", "user.manage", "audit.read"] as const)
      expect(permissions).not.toContain(p);
  });

  it("is refused without a session", async () => {
    const error = await trpcErrorOf((await callerFor(db, null)).auth.me());
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.message).toBe("请先登录");
  });
});

describe("auth.logout", () => {
  it("deletes the session, clears the cookie, and the token no longer resolves", async () => {
    await makeUser(db, { mobile: MOBILE });
    const token = await loginToken();
    const other = await loginToken();
    const cookies = recordingCookies();
    expect(await (await callerForToken(db, token, cookies)).auth.logout()).toEqual({ ok: true });
    expect(cookies.cleared).toBe(true);
    expect(await resolveSession(db, token)).toBeNull();
    // Only this device is logged out.
    expect(await resolveSession(db, other)).not.toBeNull();
    expect((await db.selectFrom("session").select("id").execute()).length).toBe(1);
  });
});

describe("auth.changePassword", () => {
  const NEW_PASSWORD = "brand-new-pass-9";

  it("refuses a wrong old password on the oldPassword field and changes nothing", async () => {
    await makeUser(db, { mobile: MOBILE });
    const token = await loginToken();
    const error = await trpcErrorOf(
      (await callerForToken(db, token)).auth.changePassword({
        oldPassword: "nope-nope",
        newPassword: NEW_PASSWORD,
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("原密码不正确");
    expect(errorShapeOf(error, "auth.changePassword").data.fieldErrors).toEqual({
      oldPassword: ["原密码不正确"],
    });
    expect(await resolveSession(db, token)).not.toBeNull();
    expect(await loginToken()).toEqual(expect.any(String));
  });

  it("rejects a too short new password on the newPassword field", async () => {
    const u = await makeUser(db, { mobile: MOBILE });
    const error = await trpcErrorOf(
      (await callerFor(db, u.id)).auth.changePassword({
        oldPassword: FACTORY_PASSWORD,
        newPassword: "1234567",
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.changePassword").data.fieldErrors).toEqual({
      newPassword: ["密码至少8位"],
    });
  });

  it("refuses a common password, and the account's own mobile, on the newPassword field", async () => {
    const u = await makeUser(db, { mobile: MOBILE });
    const caller = await callerFor(db, u.id);
    for (const [newPassword, message] of [
      ["1qaz2wsx", "密码过于常见，请换一个更难猜的密码"],
      [MOBILE, "密码不能使用手机号"],
      [`${MOBILE}!`, "密码不能使用手机号"],
    ] as const) {
      const error = await trpcErrorOf(
        caller.auth.changePassword({ oldPassword: FACTORY_PASSWORD, newPassword }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(errorShapeOf(error, "auth.changePassword").data.fieldErrors).toEqual({ newPassword: [message] });
    }
    // Nothing changed, and no attempt was counted against the old password.
    expect(await loginToken()).toEqual(expect.any(String));
  });

  it("counts wrong old passwords like failed logins: after three the next one waits", async () => {
    const u = await makeUser(db, { mobile: MOBILE });
    const caller = await callerFor(db, u.id);
    for (let i = 0; i < 3; i++) {
      const wrong = await trpcErrorOf(
        caller.auth.changePassword({ oldPassword: `guess-${i}`, newPassword: NEW_PASSWORD }),
      );
      expect(wrong.message).toBe("原密码不正确");
    }
    const error = await trpcErrorOf(
      caller.auth.changePassword({ oldPassword: FACTORY_PASSWORD, newPassword: NEW_PASSWORD }),
    );
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.message).toMatch(/^密码错误次数过多，请[1-8]秒后再试$/);
  });

  it("ends the other sessions, gives this device a fresh one, and the new password logs in", async () => {
    const u = await makeUser(db, { mobile: MOBILE });
    const here = await loginToken();
    const elsewhere = await loginToken();
    const cookies = recordingCookies();
    const out = await (
      await callerForToken(db, here, cookies)
    ).auth.changePassword({ oldPassword: FACTORY_PASSWORD, newPassword: NEW_PASSWORD });
    expect(out).toEqual({ ok: true });

    expect(await resolveSession(db, elsewhere)).toBeNull();
    expect(await resolveSession(db, here)).toBeNull();
    expect(cookies.token).not.toBeNull();
    expect(cookies.token).not.toBe(here);
    expect((await resolveSession(db, cookies.token!))?.user.id).toBe(u.id);

    const old = await trpcErrorOf(
      (await callerFor(db, null)).auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD }),
    );
    expect(old.message).toBe("手机号或密码错误");
    expect((await resolveSession(db, await loginToken(MOBILE, NEW_PASSWORD)))?.user.id).toBe(u.id);
  });
});

describe("session lifetime", () => {
  const t0 = new Date("2026-12-01T00:00:00.000Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const HOUR = 60 * 60 * 1000;

  it("does not resolve an unknown, missing or expired token", async () => {
    const u = await makeUser(db);
    const { token } = await createSession(db, u.id, t0);
    expect(await resolveSession(db, undefined, t0)).toBeNull();
    expect(await resolveSession(db, "not-a-token", t0)).toBeNull();
    expect((await resolveSession(db, token, at(SESSION_TTL_MS - 1)))?.user.id).toBe(u.id);
    const fresh = await createSession(db, u.id, t0);
    expect(await resolveSession(db, fresh.token, at(SESSION_TTL_MS))).toBeNull();
    expect(await resolveSession(db, fresh.token, at(SESSION_TTL_MS + HOUR))).toBeNull();
  });

  it("stores only a hash of the token", async () => {
    const u = await makeUser(db);
    const { token } = await createSession(db, u.id, t0);
    const row = await db.selectFrom("session").select("token_hash").executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("renews the expiry only when the session was last seen more than an hour ago", async () => {
    const u = await makeUser(db);
    const { token, expiresAt } = await createSession(db, u.id, t0);
    const row = () =>
      db.selectFrom("session").select(["expires_at", "last_seen_at"]).executeTakeFirstOrThrow();

    await resolveSession(db, token, at(30 * 60 * 1000));
    expect(await row()).toEqual({ expires_at: expiresAt.toISOString(), last_seen_at: t0.toISOString() });

    await resolveSession(db, token, at(2 * HOUR));
    expect(await row()).toEqual({
      expires_at: at(2 * HOUR + SESSION_TTL_MS).toISOString(),
      last_seen_at: at(2 * HOUR).toISOString(),
    });
  });

  it("keeps a session in use alive past its first expiry", async () => {
    const u = await makeUser(db);
    const { token } = await createSession(db, u.id, t0);
    expect(await resolveSession(db, token, at(6 * 24 * HOUR))).not.toBeNull();
    expect((await resolveSession(db, token, at(10 * 24 * HOUR)))?.user.id).toBe(u.id);
    expect(await resolveSession(db, token, at(20 * 24 * HOUR))).toBeNull();
  });
});
