import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { newPasswordSchema } from "../schemas.js";
import {
  FACTORY_PASSWORD,
  TEST_KEYS,
  auditRows,
  callerFor,
  callerForToken,
  createTestDb,
  makeOrgTree,
  makeUnit,
  makeUser,
  recordingCookies,
  trpcErrorOf,
} from "../testing/index.js";
import { login } from "./auth-service.js";
import { verifyPassword } from "./password.js";
import {
  TEMP_PASSWORD_ALPHABET,
  TEMP_PASSWORD_EXPIRED_MESSAGE,
  TEMP_PASSWORD_LENGTH,
  generateTemporaryPassword,
  temporaryPasswordExpired,
} from "./password-reset.js";
import { resolveSession } from "./session-service.js";

// 重置密码 by an admin (auth.users.resetPassword) and what the temporary password then allows.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let people: Awaited<ReturnType<typeof makePeople>>;

async function makePeople() {
  const id = (opts: Parameters<typeof makeUser>[1]) => makeUser(db, opts).then((u) => u.id);
  return {
    system: await id({ role: "system_admin", name: "系统管理员" }),
    system2: await id({ role: "system_admin", name: "另一位系统管理员" }),
    street: await id({ role: "street_admin", unitId: tree.street, name: "街道管理员" }),
    adminA: await id({ role: "community_admin", unitId: tree.a.community, name: "甲社区管理员" }),
    adminA2: await id({ role: "community_admin", unitId: tree.a.community, name: "甲社区管理员二" }),
    adminB: await id({ role: "community_admin", unitId: tree.b.community, name: "乙社区管理员" }),
    workerA: await id({ role: "grid_worker", unitId: tree.a.grid, name: "甲网格员" }),
    workerB: await id({ role: "grid_worker", unitId: tree.b.grid, name: "乙网格员" }),
    residentA: await id({
      mobile: "13600000001",
      name: "刘芳",
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
    residentA2: await id({
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
    residentB: await id({
      role: "resident",
      unitId: tree.b.community,
      communityId: tree.b.community,
      courtyardId: tree.b.courtyard,
    }),
    // Staff whose roles were all revoked: known nowhere but to the system admins.
    nobody: await id({ name: "无角色人员" }),
  };
}

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  people = await makePeople();
});

type Who = keyof typeof people;
const reset = async (by: Who, target: number) =>
  (await callerFor(db, people[by])).auth.users.resetPassword({ userId: target });
const userRow = (id: number) =>
  db.selectFrom("user").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const mobileOf = async (id: number) => (await userRow(id)).mobile;

async function loginToken(mobile: string, password: string) {
  const cookies = recordingCookies();
  await (await callerFor(db, null, cookies)).auth.login({ mobile, password });
  return cookies.token!;
}

describe("generateTemporaryPassword", () => {
  it("gives 10 characters of letters and digits without look-alikes, passing the password rules", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const p = generateTemporaryPassword("13600000001");
      expect(p).toHaveLength(TEMP_PASSWORD_LENGTH);
      expect([...p].every((ch) => TEMP_PASSWORD_ALPHABET.includes(ch))).toBe(true);
      expect(p).toMatch(/\d/);
      expect(p).toMatch(/[a-z]/);
      expect(p).not.toMatch(/[01oil]/);
      expect(newPasswordSchema.safeParse(p).success).toBe(true);
      seen.add(p);
    }
    expect(seen.size).toBe(300);
  });

  it("expires 72 hours after it was issued", () => {
    const issued = "2026-12-01T00:00:00.000Z";
    expect(temporaryPasswordExpired(issued, new Date("2026-12-03T23:59:00.000Z"))).toBe(false);
    expect(temporaryPasswordExpired(issued, new Date("2026-12-04T00:00:01.000Z"))).toBe(true);
    expect(temporaryPasswordExpired(null, new Date())).toBe(false);
  });
});

describe("who may reset whose password", () => {
  it.each<[Who, Who]>([
    ["adminA", "residentA"],
    ["adminA", "workerA"],
    ["street", "residentA"],
    ["street", "residentB"],
    ["street", "adminA"],
    ["street", "workerB"],
    ["system", "street"],
    ["system", "residentB"],
    ["system", "system2"],
    ["system", "nobody"],
  ])("%s resets %s", async (by, target) => {
    const res = await reset(by, people[target]);
    expect(res.temporaryPassword).toHaveLength(TEMP_PASSWORD_LENGTH);
  });

  it.each<[Who, Who, string]>([
    // Another 社区.
    ["adminA", "residentB", "没有权限重置该用户的密码"],
    ["adminA", "workerB", "没有权限重置该用户的密码"],
    // Not outranked: an equal, or someone above.
    ["adminA", "adminA2", "没有权限重置该用户的密码"],
    ["adminA", "street", "没有权限重置该用户的密码"],
    ["street", "system", "没有权限重置该用户的密码"],
    // Known nowhere below the top.
    ["street", "nobody", "没有权限重置该用户的密码"],
    // Without user.manage at all.
    ["workerA", "residentA", "没有权限执行此操作"],
    ["residentA", "residentA2", "没有权限执行此操作"],
    // One's own: 修改密码 is the way.
    ["adminA", "adminA", "不能重置自己的密码，请使用“修改密码”"],
    ["system", "system", "不能重置自己的密码，请使用“修改密码”"],
  ])("%s may not reset %s", async (by, target, message) => {
    const before = await userRow(people[target]);
    const error = await trpcErrorOf(reset(by, people[target]));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe(message);
    expect(await userRow(people[target])).toEqual(before);
    expect(await auditRows(db)).toEqual([]);
  });

  it("needs every role of the person covered: a resident of A who is a grid worker in B is B's too", async () => {
    await db
      .insertInto("role_grant")
      .values({
        user_id: people.residentA,
        role: "grid_worker",
        org_unit_id: tree.b.grid,
        granted_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    expect((await trpcErrorOf(reset("adminA", people.residentA))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(reset("adminB", people.residentA))).code).toBe("FORBIDDEN");
    expect((await reset("street", people.residentA)).temporaryPassword).toBeTruthy();
  });

  it("covers a resident through their 社区, down to a 网格 grant below it", async () => {
    const grid2 = await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格" });
    const worker = (await makeUser(db, { role: "grid_worker", unitId: grid2 })).id;
    expect((await reset("adminA", worker)).temporaryPassword).toBeTruthy();
  });

  it("refuses a deleted (注销) account and an unknown one", async () => {
    const cookies = recordingCookies();
    const token = await loginToken(await mobileOf(people.residentA), FACTORY_PASSWORD);
    await (await callerForToken(db, token, cookies)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    const before = await userRow(people.residentA);
    // The tombstone lives nowhere: only a system admin even gets to hear that it is deleted.
    expect((await trpcErrorOf(reset("adminA", people.residentA))).code).toBe("FORBIDDEN");
    const gone = await trpcErrorOf(reset("system", people.residentA));
    expect([gone.code, gone.message]).toEqual(["CONFLICT", "该账号已注销，不能重置密码"]);
    expect(await userRow(people.residentA)).toEqual(before);
    const unknown = await trpcErrorOf(reset("system", 99999));
    expect([unknown.code, unknown.message]).toEqual(["NOT_FOUND", "用户不存在"]);
  });

  it("is refused to anyone logged out", async () => {
    const error = await trpcErrorOf(
      (await callerFor(db, null)).auth.users.resetPassword({ userId: people.residentA }),
    );
    expect(error.code).toBe("UNAUTHORIZED");
  });
});

describe("what a reset does", () => {
  it("stores only the hash of the temporary password, flags the account and ends its sessions", async () => {
    const mobile = await mobileOf(people.residentA);
    const oldToken = await loginToken(mobile, FACTORY_PASSWORD);
    const at = Date.now();
    const { temporaryPassword, expiresAt } = await reset("adminA", people.residentA);

    const row = await userRow(people.residentA);
    expect(row.password_hash).not.toContain(temporaryPassword);
    expect(await verifyPassword(temporaryPassword, row.password_hash)).toBe(true);
    expect(await verifyPassword(FACTORY_PASSWORD, row.password_hash)).toBe(false);
    expect(row.must_change_password).toBe(1);
    expect(Date.parse(row.temp_password_issued_at!)).toBeGreaterThanOrEqual(at - 1000);
    expect(Date.parse(expiresAt) - Date.parse(row.temp_password_issued_at!)).toBe(72 * 3_600_000);
    expect(await resolveSession(db, oldToken)).toBeNull();
    expect(
      await db.selectFrom("session").where("user_id", "=", people.residentA).selectAll().execute(),
    ).toEqual([]);
  });

  it("writes one audit row for the 社区, without the password", async () => {
    const { temporaryPassword } = await reset("adminA", people.residentA);
    const rows = await auditRows(db);
    expect(rows.map((r) => [r.action, r.actor_id, r.target_type, r.target_id, r.org_unit_id])).toEqual([
      ["user.reset_password", people.adminA, "user", String(people.residentA), tree.a.community],
    ]);
    // The subject names the person as they are now; no name is copied into the snapshot.
    expect(rows[0]?.after).toEqual({
      mobile: "136****0001",
      temporaryPasswordExpiresAt: expect.any(String),
    });
    const raw = await db.selectFrom("audit_log").select(["before", "after"]).execute();
    expect(JSON.stringify(raw)).not.toContain(temporaryPassword);
    // The 社区's admins read it; the other 社区's do not.
    expect((await (await callerFor(db, people.adminA)).audit.list({ page: 1, pageSize: 10 })).total).toBe(1);
    expect((await (await callerFor(db, people.adminB)).audit.list({ page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("files a staff member's reset under the unit of their role", async () => {
    await reset("adminA", people.workerA);
    expect((await auditRows(db)).map((r) => r.org_unit_id)).toEqual([tree.a.grid]);
  });

  it("shows in 用户与角色 that the temporary password is not changed yet", async () => {
    await reset("adminA", people.residentA);
    const found = await (
      await callerFor(db, people.adminA)
    ).auth.users.search({ q: "刘芳", page: 1, pageSize: 20 });
    expect(found.items.map((u) => [u.id, u.mustChangePassword])).toEqual([[people.residentA, true]]);
  });
});

describe("users.search finds the residents a community admin may reset", () => {
  it("lists the residents of their 社区, not those of another", async () => {
    const items = (await (await callerFor(db, people.adminA)).auth.users.search({ page: 1, pageSize: 100 }))
      .items;
    const ids = items.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([people.residentA, people.residentA2, people.workerA]));
    expect(ids).not.toContain(people.residentB);
  });
});

describe("the next login with the temporary password", () => {
  it("opens a session that may only see itself, change the password or log out", async () => {
    const mobile = await mobileOf(people.residentA);
    const { temporaryPassword } = await reset("adminA", people.residentA);
    const token = await loginToken(mobile, temporaryPassword);
    const c = await callerForToken(db, token);
    expect((await c.auth.me()).mustChangePassword).toBe(true);
    for (const call of [
      c.volunteer.mine(),
      c.activity.upcoming(),
      c.auth.deleteAccount({ password: temporaryPassword }),
    ]) {
      const error = await trpcErrorOf(call);
      expect([error.code, error.message]).toEqual(["FORBIDDEN", "请先修改临时密码"]);
    }
    // Public procedures stay public.
    expect((await c.org.publicTree()).length).toBeGreaterThan(0);

    const same = await trpcErrorOf(
      c.auth.changePassword({ oldPassword: temporaryPassword, newPassword: temporaryPassword }),
    );
    expect(same.message).toBe("新密码不能与原密码相同");
    const cookies = recordingCookies();
    await (
      await callerForToken(db, token, cookies)
    ).auth.changePassword({ oldPassword: temporaryPassword, newPassword: "liu-fang-2027" });
    expect(await userRow(people.residentA)).toMatchObject({
      must_change_password: 0,
      temp_password_issued_at: null,
    });

    const after = await callerForToken(db, cookies.token);
    expect((await after.auth.me()).mustChangePassword).toBe(false);
    expect(await after.volunteer.mine()).toBeNull();
    // The new password logs in; the temporary one no longer does.
    expect(await loginToken(mobile, "liu-fang-2027")).toBeTruthy();
    expect((await trpcErrorOf(loginToken(mobile, temporaryPassword))).message).toBe("手机号或密码错误");
  });

  it("holds staff too: no console data before the change; logout still works", async () => {
    const mobile = await mobileOf(people.workerA);
    const { temporaryPassword } = await reset("adminA", people.workerA);
    const cookies = recordingCookies();
    const token = await loginToken(mobile, temporaryPassword);
    const c = await callerForToken(db, token, cookies);
    expect((await trpcErrorOf(c.org.tree())).message).toBe("请先修改临时密码");
    await c.auth.logout();
    expect(cookies.cleared).toBe(true);
    expect(await resolveSession(db, token)).toBeNull();
  });

  it("is refused once 72 hours have passed, with a message saying to ask again", async () => {
    const mobile = await mobileOf(people.residentA);
    const { temporaryPassword } = await reset("adminA", people.residentA);
    const client = { keys: TEST_KEYS, clientAddress: "203.0.113.9" };
    const later = (h: number) => new Date(Date.now() + h * 3_600_000);
    expect((await login(db, { mobile, password: temporaryPassword }, client, later(71))).userId).toBe(
      people.residentA,
    );
    await expect(login(db, { mobile, password: temporaryPassword }, client, later(73))).rejects.toThrow(
      TEMP_PASSWORD_EXPIRED_MESSAGE,
    );
    // A wrong password still gets the usual answer, so the message tells nothing to a guesser.
    await expect(login(db, { mobile, password: "wrong-password" }, client, later(73))).rejects.toThrow(
      "手机号或密码错误",
    );
  });

  it("is undone by a second reset: only the newest temporary password works", async () => {
    const mobile = await mobileOf(people.residentA);
    const first = await reset("adminA", people.residentA);
    const second = await reset("street", people.residentA);
    expect((await trpcErrorOf(loginToken(mobile, first.temporaryPassword))).message).toBe("手机号或密码错误");
    expect(await loginToken(mobile, second.temporaryPassword)).toBeTruthy();
  });
});
