import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database, Role } from "../db/database.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  FACTORY_PASSWORD,
  makeOrgTree,
  makeUser,
  trpcErrorOf,
} from "../testing/index.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let sysAdmin: number;
let streetAdmin: number;
let adminA: number;
let residentA: number;
let residentB: number;
let workerA: number;
let workerB: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  sysAdmin = (await makeUser(db, { role: "system_admin", name: "系统管理员" })).id;
  streetAdmin = (await makeUser(db, { role: "street_admin", unitId: tree.street, name: "街道管理员" })).id;
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "甲管理员" })).id;
  const living = (c: typeof tree.a) => ({
    role: "resident" as const,
    unitId: c.community,
    communityId: c.community,
    courtyardId: c.courtyard,
  });
  residentA = (await makeUser(db, { ...living(tree.a), name: "甲居民", mobile: "13511110001" })).id;
  residentB = (await makeUser(db, { ...living(tree.b), name: "乙居民", mobile: "13522220001" })).id;
  workerA = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid, name: "甲网格员" })).id;
  workerB = (await makeUser(db, { role: "grid_worker", unitId: tree.b.grid, name: "乙网格员" })).id;
});

const as = (userId: number) => callerFor(db, userId);
const grantOf = async (userId: number, role: Role) =>
  (
    await db
      .selectFrom("role_grant")
      .select("id")
      .where("user_id", "=", userId)
      .where("role", "=", role)
      .executeTakeFirstOrThrow()
  ).id;

describe("auth.users.search", () => {
  it("shows a community admin only the people of their 社区", async () => {
    const { total, items } = await (await as(adminA)).auth.users.search({ page: 1, pageSize: 50 });
    expect(items.map((u) => u.name).sort()).toEqual(["甲居民", "甲管理员", "甲网格员"].sort());
    expect(total).toBe(3);
    const resident = items.find((u) => u.id === residentA);
    expect(resident).toMatchObject({
      mobile: "13511110001",
      communityName: "甲社区",
      courtyardName: "甲社区一号院",
    });
    expect(resident?.grants).toEqual([
      { id: expect.any(Number), role: "resident", unitId: tree.a.community, unitName: "甲社区" },
    ]);
  });

  it("shows a street admin both 社区 and a system admin everybody", async () => {
    const street = await (await as(streetAdmin)).auth.users.search({ page: 1, pageSize: 50 });
    expect(street.items.map((u) => u.id).sort((a, b) => a - b)).toEqual([
      streetAdmin,
      adminA,
      residentA,
      residentB,
      workerA,
      workerB,
    ]);
    const all = await (await as(sysAdmin)).auth.users.search({ page: 1, pageSize: 50 });
    expect(all.total).toBe(7);
    expect(all.items.find((u) => u.id === sysAdmin)?.grants[0]).toMatchObject({
      role: "system_admin",
      unitId: null,
      unitName: "全部",
    });
  });

  it("filters by name or mobile prefix and by role, and pages newest first", async () => {
    const c = await as(sysAdmin);
    expect((await c.auth.users.search({ q: "乙", page: 1, pageSize: 20 })).items.map((u) => u.id)).toEqual([
      workerB,
      residentB,
    ]);
    expect(
      (await c.auth.users.search({ q: "1352222", page: 1, pageSize: 20 })).items.map((u) => u.id),
    ).toEqual([residentB]);
    expect(
      (await c.auth.users.search({ role: "grid_worker", page: 1, pageSize: 20 })).items.map((u) => u.id),
    ).toEqual([workerB, workerA]);
    const page2 = await c.auth.users.search({ page: 2, pageSize: 3 });
    expect(page2.total).toBe(7);
    expect(page2.items.map((u) => u.id)).toEqual([residentA, adminA, streetAdmin]);
  });

  it("matches % and _ in a search literally", async () => {
    const literal = (await makeUser(db, { name: "王_明" })).id;
    await makeUser(db, { name: "王小明" });
    const c = await as(sysAdmin);
    expect((await c.auth.users.search({ q: "王_", page: 1, pageSize: 20 })).items.map((u) => u.id)).toEqual([
      literal,
    ]);
    expect((await c.auth.users.search({ q: "%", page: 1, pageSize: 20 })).items).toEqual([]);
  });

  it("leaves out deleted accounts, also for a system admin", async () => {
    await (await as(residentA)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    const all = await (await as(sysAdmin)).auth.users.search({ page: 1, pageSize: 50 });
    expect(all.total).toBe(6);
    expect(all.items.map((u) => u.id)).not.toContain(residentA);
    expect(all.items.map((u) => u.name)).not.toContain("已注销用户");
    const found = await (await as(sysAdmin)).auth.users.search({ q: "已注销", page: 1, pageSize: 50 });
    expect(found).toEqual({ total: 0, items: [] });
  });

  it("rejects an oversized page with a Chinese message", async () => {
    const error = await trpcErrorOf((await as(adminA)).auth.users.search({ page: 1, pageSize: 500 }));
    expect(errorShapeOf(error, "auth.users.search").data.fieldErrors).toEqual({
      pageSize: ["每页最多100条"],
    });
  });
});

describe("auth.users.createStaff", () => {
  const staff = {
    mobile: "13512345678",
    name: "新网格员",
    password: "staff-pass-1",
    role: "grid_worker" as const,
  };

  it("creates the account with its grant and audits it with the mobile masked", async () => {
    const { id } = await (await as(adminA)).auth.users.createStaff({ ...staff, unitId: tree.a.grid });
    const grants = await db
      .selectFrom("role_grant")
      .select(["role", "org_unit_id", "granted_by"])
      .where("user_id", "=", id)
      .execute();
    expect(grants).toEqual([{ role: "grid_worker", org_unit_id: tree.a.grid, granted_by: adminA }]);

    const rows = await auditRows(db);
    expect(rows.map((r) => [r.action, r.actor_id, r.target_id, r.org_unit_id])).toEqual([
      ["user.create", adminA, String(id), tree.a.grid],
      ["role.grant", adminA, String(id), tree.a.grid],
    ]);
    // The subject names the person as they are now; no name is copied into the snapshot.
    expect(rows[0]?.after).toEqual({ mobile: "135****5678" });
    expect(rows[1]?.after).toEqual({
      grantId: expect.any(Number),
      role: "grid_worker",
      unitId: tree.a.grid,
    });
    const raw = await db.selectFrom("audit_log").select(["before", "after"]).execute();
    expect(JSON.stringify(raw)).not.toContain("13512345678");

    const login = await (
      await callerFor(db, null)
    ).auth.login({ mobile: staff.mobile, password: staff.password });
    expect(login.userId).toBe(id);
  });

  it("refuses a mobile that already has an account", async () => {
    const error = await trpcErrorOf(
      (await as(adminA)).auth.users.createStaff({ ...staff, mobile: "13511110001", unitId: tree.a.grid }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.users.createStaff").data.fieldErrors).toEqual({
      mobile: ["该手机号已有账号，请在列表中找到此人后授予角色"],
    });
  });

  it("refuses a common password, or the staff member's mobile as password, on the password field", async () => {
    for (const [password, message] of [
      ["88888888", "密码不能全是同一个字符"],
      ["Admin123", "密码过于常见，请换一个更难猜的密码"],
      [staff.mobile, "密码不能使用手机号"],
    ] as const) {
      const error = await trpcErrorOf(
        (await as(adminA)).auth.users.createStaff({ ...staff, password, unitId: tree.a.grid }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(errorShapeOf(error, "auth.users.createStaff").data.fieldErrors).toEqual({ password: [message] });
    }
    expect(await db.selectFrom("user").select("id").where("mobile", "=", staff.mobile).execute()).toEqual([]);
  });

  it("creates nobody when the grant is not allowed", async () => {
    const error = await trpcErrorOf(
      (await as(adminA)).auth.users.createStaff({ ...staff, unitId: tree.b.grid }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(await db.selectFrom("user").select("id").where("mobile", "=", staff.mobile).execute()).toEqual([]);
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("auth.users.grantRole", () => {
  it("lets a community admin appoint a grid worker at a 网格 of their 社区", async () => {
    const { id } = await (
      await as(adminA)
    ).auth.users.grantRole({ userId: residentA, role: "grid_worker", unitId: tree.a.grid });
    const grant = await db
      .selectFrom("role_grant")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(grant).toMatchObject({
      user_id: residentA,
      role: "grid_worker",
      org_unit_id: tree.a.grid,
      granted_by: adminA,
    });
    const [row] = await auditRows(db);
    expect(row).toMatchObject({
      action: "role.grant",
      actor_id: adminA,
      org_unit_id: tree.a.grid,
      before: null,
    });
    expect(row?.after).toEqual({ grantId: id, role: "grid_worker", unitId: tree.a.grid });
  });

  it("does not let a community admin appoint a peer or reach into another 社区", async () => {
    const c = await as(adminA);
    const peer = await trpcErrorOf(
      c.auth.users.grantRole({ userId: residentA, role: "community_admin", unitId: tree.a.community }),
    );
    expect(peer.code).toBe("FORBIDDEN");
    expect(peer.message).toBe("没有权限在该单位设置社区管理员");
    const other = await trpcErrorOf(
      c.auth.users.grantRole({ userId: residentA, role: "grid_worker", unitId: tree.b.grid }),
    );
    expect(other.code).toBe("FORBIDDEN");
    expect(other.message).toBe("没有权限在该单位设置网格员");
    const sys = await trpcErrorOf(
      c.auth.users.grantRole({ userId: residentA, role: "system_admin", unitId: null }),
    );
    expect(sys.message).toBe("只有系统管理员可以设置系统管理员");
  });

  it("lets a street admin appoint a community admin", async () => {
    await (
      await as(streetAdmin)
    ).auth.users.grantRole({ userId: residentB, role: "community_admin", unitId: tree.b.community });
    const roles = await db
      .selectFrom("role_grant")
      .select("role")
      .where("user_id", "=", residentB)
      .orderBy("id")
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["resident", "community_admin"]);
  });

  it.each([
    ["grid_worker", "community", "网格员只能设在网格"],
    ["community_admin", "grid", "社区管理员只能设在社区"],
    ["street_admin", "community", "街道管理员只能设在街道"],
  ] as const)("holds %s only at its unit kind (not at a %s)", async (role, kind, message) => {
    const unitId = kind === "community" ? tree.a.community : tree.a.grid;
    const error = await trpcErrorOf(
      (await as(sysAdmin)).auth.users.grantRole({ userId: residentA, role, unitId }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.users.grantRole").data.fieldErrors).toEqual({ unitId: [message] });
  });

  it("asks for a unit, refuses one for a system admin, and refuses a duplicate", async () => {
    const c = await as(sysAdmin);
    const noUnit = await trpcErrorOf(
      c.auth.users.grantRole({ userId: residentA, role: "community_admin", unitId: null }),
    );
    expect(errorShapeOf(noUnit, "auth.users.grantRole").data.fieldErrors).toEqual({
      unitId: ["请选择社区管理员所在的社区"],
    });
    const sysUnit = await trpcErrorOf(
      c.auth.users.grantRole({ userId: residentA, role: "system_admin", unitId: tree.street }),
    );
    expect(errorShapeOf(sysUnit, "auth.users.grantRole").data.fieldErrors).toEqual({
      unitId: ["系统管理员不设所属单位"],
    });
    const dup = await trpcErrorOf(
      c.auth.users.grantRole({ userId: workerA, role: "grid_worker", unitId: tree.a.grid }),
    );
    expect(errorShapeOf(dup, "auth.users.grantRole").data.fieldErrors).toEqual({
      role: ["该用户在此单位已有这个角色"],
    });
    const nobody = await trpcErrorOf(
      c.auth.users.grantRole({ userId: 99999, role: "grid_worker", unitId: tree.a.grid }),
    );
    expect(nobody.code).toBe("NOT_FOUND");
    expect(nobody.message).toBe("用户不存在");
  });

  it("refuses a deleted account with a Chinese message and grants nothing", async () => {
    await (await as(residentA)).auth.deleteAccount({ password: FACTORY_PASSWORD });
    const before = await auditRows(db);
    const error = await trpcErrorOf(
      (await as(sysAdmin)).auth.users.grantRole({
        userId: residentA,
        role: "grid_worker",
        unitId: tree.a.grid,
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("该账号已注销，不能授予角色");
    expect(await db.selectFrom("role_grant").select("id").where("user_id", "=", residentA).execute()).toEqual(
      [],
    );
    expect(await auditRows(db)).toEqual(before);
  });
});

describe("auth.users.revokeRole", () => {
  it("lets a community admin revoke a grid worker of their 社区, audited with the grant as before", async () => {
    const grantId = await grantOf(workerA, "grid_worker");
    expect(await (await as(adminA)).auth.users.revokeRole({ grantId })).toEqual({ ok: true });
    expect(await db.selectFrom("role_grant").select("id").where("id", "=", grantId).execute()).toEqual([]);
    const [row] = await auditRows(db);
    expect(row).toMatchObject({
      action: "role.revoke",
      actor_id: adminA,
      target_id: String(workerA),
      org_unit_id: tree.a.grid,
      after: null,
    });
    expect(row?.before).toEqual({ grantId, role: "grid_worker", unitId: tree.a.grid });
  });

  it("refuses a community admin another 社区's grant and their own", async () => {
    const c = await as(adminA);
    expect(
      (await trpcErrorOf(c.auth.users.revokeRole({ grantId: await grantOf(workerB, "grid_worker") }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await trpcErrorOf(c.auth.users.revokeRole({ grantId: await grantOf(adminA, "community_admin") })))
        .code,
    ).toBe("FORBIDDEN");
    expect(await db.selectFrom("role_grant").select("id").execute()).toHaveLength(7);
  });

  it("does not let a system admin revoke their own system admin role, but another may", async () => {
    const grantId = await grantOf(sysAdmin, "system_admin");
    const error = await trpcErrorOf((await as(sysAdmin)).auth.users.revokeRole({ grantId }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.users.revokeRole").data.fieldErrors).toEqual({
      grantId: ["不能撤销自己的系统管理员角色"],
    });
    const other = (await makeUser(db, { role: "system_admin" })).id;
    expect(await (await as(other)).auth.users.revokeRole({ grantId })).toEqual({ ok: true });
  });

  it("gives NOT_FOUND for an unknown grant", async () => {
    const error = await trpcErrorOf((await as(sysAdmin)).auth.users.revokeRole({ grantId: 99999 }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("该角色授权不存在");
  });
});
