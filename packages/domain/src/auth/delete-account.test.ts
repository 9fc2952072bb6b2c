import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  FACTORY_PASSWORD,
  auditRows,
  callerFor,
  callerForToken,
  createTestDb,
  errorShapeOf,
  makeActivity,
  makeOrgTree,
  makeSignup,
  makeUser,
  makeVolunteer,
  recordingCookies,
  trpcErrorOf,
} from "../testing/index.js";
import { resolveSession } from "./session-service.js";

// auth.deleteAccount (注销账号, PIPL art. 47): the caller's own account, with their password.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
const MOBILE = "13600000001";
const NAME = "王小红";
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
});

async function makeResident(mobile = MOBILE) {
  return makeUser(db, {
    mobile,
    name: NAME,
    role: "resident",
    unitId: tree.a.community,
    communityId: tree.a.community,
    courtyardId: tree.a.courtyard,
  });
}

async function loginToken(mobile = MOBILE, password = FACTORY_PASSWORD) {
  const cookies = recordingCookies();
  await (await callerFor(db, null, cookies)).auth.login({ mobile, password });
  return cookies.token!;
}

const userRow = (id: number) =>
  db.selectFrom("user").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("auth.deleteAccount", () => {
  it("withdraws the volunteer, releases upcoming sign-ups, keeps past hours, and erases the account", async () => {
    const { id } = await makeResident();
    const volunteer = await makeVolunteer(db, {
      courtyardId: tree.a.courtyard,
      userId: id,
      name: NAME,
      mobile: MOBILE,
      confirmedMinutes: 120,
    });
    const upcoming = await makeActivity(db, {
      communityId: tree.a.community,
      startsAt: hoursFromNow(24),
      endsAt: hoursFromNow(26),
    });
    const past = await makeActivity(db, {
      communityId: tree.a.community,
      startsAt: hoursFromNow(-48),
      endsAt: hoursFromNow(-46),
    });
    const upcomingSignup = await makeSignup(db, { activityId: upcoming, volunteerId: volunteer.id });
    const pastSignup = await makeSignup(db, {
      activityId: past,
      volunteerId: volunteer.id,
      checkInAt: hoursFromNow(-48),
      checkOutAt: hoursFromNow(-46),
      minutes: 120,
    });
    const here = await loginToken();
    const elsewhere = await loginToken();

    const cookies = recordingCookies();
    expect(
      await (await callerForToken(db, here, cookies)).auth.deleteAccount({ password: FACTORY_PASSWORD }),
    ).toEqual({ ok: true });

    // The account: an anonymous tombstone, logged out everywhere, with no roles.
    const user = await userRow(id);
    expect(user).toMatchObject({
      name: "已注销用户",
      mobile: `已注销#${id}`,
      community_id: null,
      courtyard_id: null,
    });
    expect(user.deleted_at).toEqual(expect.any(String));
    expect(user.password_hash).not.toMatch(/^scrypt\$/);
    expect(cookies.cleared).toBe(true);
    expect(await resolveSession(db, here)).toBeNull();
    expect(await resolveSession(db, elsewhere)).toBeNull();
    expect(await db.selectFrom("session").select("id").where("user_id", "=", id).execute()).toEqual([]);
    expect(await db.selectFrom("role_grant").select("id").where("user_id", "=", id).execute()).toEqual([]);

    // The volunteer record: withdrawn as the volunteer feature does it, hours kept anonymously.
    const v = await db
      .selectFrom("volunteer")
      .selectAll()
      .where("id", "=", volunteer.id)
      .executeTakeFirstOrThrow();
    expect(v).toMatchObject({
      status: "withdrawn",
      user_id: null,
      name: null,
      mobile: null,
      id_number_enc: null,
      confirmed_minutes: 120,
    });
    const signups = await db.selectFrom("activity_signup").select(["id", "status"]).orderBy("id").execute();
    expect(signups).toEqual([
      { id: upcomingSignup, status: "cancelled" },
      { id: pastSignup, status: "signed" },
    ]);
    const places = await db
      .selectFrom("activity")
      .select("signed_count")
      .where("id", "=", upcoming)
      .executeTakeFirstOrThrow();
    expect(places.signed_count).toBe(0);

    // The audit: that it happened, by whom (now 已注销用户), and nothing about the person.
    const rows = await auditRows(db);
    expect(
      rows.map((r) => [r.action, r.actor_id, r.target_type, r.target_id, r.org_unit_id, r.before, r.after]),
    ).toEqual([
      ["volunteer.withdraw", id, "volunteer", String(volunteer.id), tree.a.community, null, null],
      ["auth.delete_account", id, "user", String(id), tree.a.community, null, null],
    ]);
    const everything = JSON.stringify([
      await db.selectFrom("user").selectAll().execute(),
      await db.selectFrom("volunteer").selectAll().execute(),
    ]);
    expect(everything).not.toContain(MOBILE);
    expect(everything).not.toContain(NAME);
  });

  it("shows 已注销用户 as the actor of the audit rows in the 操作日志", async () => {
    const { id } = await makeResident();
    await (await callerFor(db, id)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    const admin = await makeUser(db, { role: "community_admin", unitId: tree.a.community });
    const list = await (await callerFor(db, admin.id)).audit.list({ page: 1, pageSize: 20 });
    expect(list.items.map((r) => [r.action, r.actorName, r.before, r.after])).toEqual([
      ["auth.delete_account", "已注销用户", null, null],
    ]);
  });

  it("frees the mobile: the old password no longer logs in and the number registers again", async () => {
    const { id } = await makeResident();
    await (await callerFor(db, id)).auth.deleteAccount({ password: FACTORY_PASSWORD });

    const old = await trpcErrorOf(
      (await callerFor(db, null)).auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD }),
    );
    expect(old.message).toBe("手机号或密码错误");

    const again = await (
      await callerFor(db, null)
    ).auth.registerResident({
      mobile: MOBILE,
      password: "new-start-2026",
      name: "王小红",
      communityId: tree.b.community,
      courtyardId: tree.b.courtyard,
    });
    expect(again.userId).not.toBe(id);
    const me = await (await callerFor(db, again.userId)).auth.me();
    // A new account: nothing of the old one comes back.
    expect(me.community?.id).toBe(tree.b.community);
    expect(await (await callerFor(db, again.userId)).volunteer.mine()).toBeNull();
  });

  it("deletes a resident who never registered as a volunteer", async () => {
    const { id } = await makeResident();
    await (await callerFor(db, id)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    expect((await userRow(id)).deleted_at).not.toBeNull();
    expect((await auditRows(db)).map((r) => r.action)).toEqual(["auth.delete_account"]);
  });

  it("withdraws an application still under review", async () => {
    const { id } = await makeResident();
    const volunteer = await makeVolunteer(db, {
      courtyardId: tree.a.courtyard,
      userId: id,
      status: "pending",
    });
    await (await callerFor(db, id)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    const v = await db
      .selectFrom("volunteer")
      .select(["status", "user_id", "name"])
      .where("id", "=", volunteer.id)
      .executeTakeFirstOrThrow();
    expect(v).toEqual({ status: "withdrawn", user_id: null, name: null });
  });

  it("refuses a wrong password on the password field and changes nothing", async () => {
    const { id } = await makeResident();
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: id });
    const token = await loginToken();
    const error = await trpcErrorOf(
      (await callerForToken(db, token)).auth.deleteAccount({ password: "not-my-password" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.deleteAccount").data.fieldErrors).toEqual({ password: ["密码不正确"] });
    expect((await userRow(id)).deleted_at).toBeNull();
    expect(await resolveSession(db, token)).not.toBeNull();
    expect(
      await db.selectFrom("volunteer").select("status").where("user_id", "=", id).executeTakeFirst(),
    ).toEqual({ status: "registered" });
    expect(await auditRows(db)).toEqual([]);
  });

  it("asks for the password with a Chinese message", async () => {
    const { id } = await makeResident();
    const error = await trpcErrorOf((await callerFor(db, id)).auth.deleteAccount({ password: "" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.deleteAccount").data.fieldErrors).toEqual({ password: ["请输入密码"] });
  });

  it("counts wrong passwords with the login throttle", async () => {
    const { id } = await makeResident();
    const caller = await callerFor(db, id);
    for (let i = 0; i < 3; i++) await trpcErrorOf(caller.auth.deleteAccount({ password: `guess-${i}` }));
    const error = await trpcErrorOf(caller.auth.deleteAccount({ password: FACTORY_PASSWORD }));
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.message).toMatch(/^密码错误次数过多，请[1-8]秒后再试$/);
    expect((await userRow(id)).deleted_at).toBeNull();
  });

  it("refuses staff accounts, even one that is also a resident, and tells them to ask an admin", async () => {
    const worker = await makeUser(db, { role: "grid_worker", unitId: tree.a.grid });
    const both = await makeResident("13600000002");
    await db
      .insertInto("role_grant")
      .values({
        user_id: both.id,
        role: "grid_worker",
        org_unit_id: tree.a.grid,
        granted_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    for (const userId of [worker.id, both.id]) {
      const error = await trpcErrorOf(
        (await callerFor(db, userId)).auth.deleteAccount({ password: FACTORY_PASSWORD }),
      );
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toBe("工作人员账号由管理员管理，请联系管理员撤销工作角色后再注销");
      expect((await userRow(userId)).deleted_at).toBeNull();
    }
    expect(await auditRows(db)).toEqual([]);
  });

  it("lets a former grid worker delete the account once an admin has revoked the role", async () => {
    const person = await makeResident();
    await db
      .insertInto("role_grant")
      .values({
        user_id: person.id,
        role: "grid_worker",
        org_unit_id: tree.a.grid,
        granted_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const grant = await db
      .selectFrom("role_grant")
      .select("id")
      .where("role", "=", "grid_worker")
      .executeTakeFirstOrThrow();
    const admin = await makeUser(db, { role: "community_admin", unitId: tree.a.community });
    await (await callerFor(db, admin.id)).auth.users.revokeRole({ grantId: grant.id });
    expect(await (await callerFor(db, person.id)).auth.deleteAccount({ password: FACTORY_PASSWORD })).toEqual(
      { ok: true },
    );
  });
});
