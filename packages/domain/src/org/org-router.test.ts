import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUnit,
  makeUser,
  makeVolunteer,
  trpcErrorOf,
} from "../testing/index.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let sysAdmin: number;
let streetAdmin: number;
let adminA: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  sysAdmin = (await makeUser(db, { role: "system_admin", name: "系统" })).id;
  streetAdmin = (await makeUser(db, { role: "street_admin", unitId: tree.street, name: "街道" })).id;
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "甲管理员" })).id;
});

const as = (userId: number) => callerFor(db, userId);
const unit = (id: number) => db.selectFrom("org_unit").selectAll().where("id", "=", id).executeTakeFirst();

describe("org.create", () => {
  it("derives the kind from the parent at every level", async () => {
    const c = await as(sysAdmin);
    const street = await c.org.create({ parentId: null, name: "新街道" });
    const community = await c.org.create({ parentId: street.id, name: "新社区", households: 10, population: 30 });
    const grid = await c.org.create({ parentId: community.id, name: "新网格" });
    const courtyard = await c.org.create({ parentId: grid.id, name: "新楼院" });
    const building = await c.org.create({ parentId: courtyard.id, name: "1号楼" });
    expect([street, community, grid, courtyard, building].map((u) => u.kind)).toEqual(["street", "community", "grid", "courtyard", "building"]);
    expect(await unit(community.id)).toMatchObject({ parent_id: street.id, kind: "community", households: 10, population: 30 });
  });

  it("refuses children under a 楼栋", async () => {
    const error = await trpcErrorOf((await as(adminA)).org.create({ parentId: tree.a.building, name: "地下室" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "org.create").data.fieldErrors).toEqual({ parentId: ["楼栋下不能再添加下级单位"] });
  });

  it("refuses a duplicate name among siblings but allows it under another parent", async () => {
    const c = await as(streetAdmin);
    const error = await trpcErrorOf(c.org.create({ parentId: tree.a.community, name: "甲社区第一网格" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "org.create").data.fieldErrors).toEqual({ name: ["同一上级下已有名为“甲社区第一网格”的单位"] });
    expect((await c.org.create({ parentId: tree.b.community, name: "甲社区第一网格" })).kind).toBe("grid");
  });

  it("takes 户数 and 常住人口 only for a 社区 or 网格", async () => {
    const grid = await (await as(adminA)).org.create({ parentId: tree.a.community, name: "第三网格", population: 800 });
    expect(await unit(grid.id)).toMatchObject({ kind: "grid", population: 800 });
    const error = await trpcErrorOf((await as(adminA)).org.create({ parentId: tree.a.grid, name: "新楼院", population: 500 }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "org.create").data.fieldErrors).toEqual({ population: ["户数和常住人口按社区或网格填写"] });
    const ok = await (await as(adminA)).org.create({ parentId: tree.a.grid, name: "新楼院", population: null });
    expect(await unit(ok.id)).toMatchObject({ households: null, population: null });
  });

  it("validates names and counts with Chinese messages", async () => {
    const c = await as(sysAdmin);
    const blank = await trpcErrorOf(c.org.create({ parentId: tree.street, name: "  " }));
    expect(errorShapeOf(blank, "org.create").data.fieldErrors).toEqual({ name: ["请输入名称"] });
    const negative = await trpcErrorOf(c.org.create({ parentId: tree.street, name: "丙社区", households: -1 }));
    expect(errorShapeOf(negative, "org.create").data.fieldErrors).toEqual({ households: ["户数不能为负数"] });
  });

  it("lets only a system admin add a 街道", async () => {
    const error = await trpcErrorOf((await as(streetAdmin)).org.create({ parentId: null, name: "另一街道" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("没有权限执行此操作");
  });
});

describe("org.update", () => {
  it("renames a unit and sets a 社区's counts", async () => {
    const c = await as(adminA);
    await c.org.update({ id: tree.a.grid, name: "甲社区东网格" });
    await c.org.update({ id: tree.a.community, households: 1200, population: 3600 });
    expect(await unit(tree.a.grid)).toMatchObject({ name: "甲社区东网格" });
    expect(await unit(tree.a.community)).toMatchObject({ name: "甲社区", households: 1200, population: 3600 });
  });

  it("refuses counts below a 网格 and a name taken by a sibling", async () => {
    const c = await as(adminA);
    const counts = await trpcErrorOf(c.org.update({ id: tree.a.courtyard, households: 40 }));
    expect(errorShapeOf(counts, "org.update").data.fieldErrors).toEqual({ population: ["户数和常住人口按社区或网格填写"] });
    await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格" });
    const dup = await trpcErrorOf(c.org.update({ id: tree.a.grid, name: "甲社区第二网格" }));
    expect(dup.message).toBe("同一上级下已有名为“甲社区第二网格”的单位");
    // Keeping its own name is not a clash.
    expect(await c.org.update({ id: tree.a.grid, name: "甲社区第一网格" })).toEqual({ ok: true });
  });

  it("gives NOT_FOUND for a unit that does not exist", async () => {
    const error = await trpcErrorOf((await as(sysAdmin)).org.update({ id: 99999, name: "x" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("组织单位不存在");
  });
});

describe("org.move", () => {
  it("refuses a parent of the wrong kind and refuses to move a 街道", async () => {
    const c = await as(sysAdmin);
    const wrong = await trpcErrorOf(c.org.move({ id: tree.a.courtyard, parentId: tree.a.community }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(wrong, "org.move").data.fieldErrors).toEqual({ parentId: ["楼院只能放在网格之下"] });
    const street = await trpcErrorOf(c.org.move({ id: tree.street, parentId: tree.a.community }));
    expect(street.message).toBe("街道不能移动");
    expect((await unit(tree.a.courtyard))?.parent_id).toBe(tree.a.grid);
  });

  it("carries the residents' 社区 and resident role along when a 楼院 moves to another 社区", async () => {
    const resident = await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    });
    const neighbour = await makeUser(db, { communityId: tree.a.community, courtyardId: await makeUnit(db, "courtyard", tree.a.grid) });
    const volunteer = await makeVolunteer(db, { courtyardId: tree.a.courtyard });
    await (await as(streetAdmin)).org.move({ id: tree.a.courtyard, parentId: tree.b.grid });

    expect((await unit(tree.a.courtyard))?.parent_id).toBe(tree.b.grid);
    const user = (id: number) => db.selectFrom("user").select("community_id").where("id", "=", id).executeTakeFirstOrThrow();
    expect(await user(resident.id)).toEqual({ community_id: tree.b.community });
    expect(await user(neighbour.id)).toEqual({ community_id: tree.a.community });
    const grants = await db.selectFrom("role_grant").select(["role", "org_unit_id"]).where("user_id", "=", resident.id).execute();
    expect(grants).toEqual([{ role: "resident", org_unit_id: tree.b.community }]);
    // Volunteers of the 楼院 now count towards the new 社区's registration ratio.
    const v = await db.selectFrom("volunteer").select("community_id").where("id", "=", volunteer.id).executeTakeFirstOrThrow();
    expect(v).toEqual({ community_id: tree.b.community });
  });

  it("lets a community admin move a 楼院 within their 社区 but not into another 社区", async () => {
    const c = await as(adminA);
    const error = await trpcErrorOf(c.org.move({ id: tree.a.courtyard, parentId: tree.b.grid }));
    expect(error.code).toBe("FORBIDDEN");
    // Even a move that would change nothing is refused outside the caller's 社区.
    expect((await trpcErrorOf(c.org.move({ id: tree.b.courtyard, parentId: tree.b.grid }))).code).toBe("FORBIDDEN");
    const grid2 = await makeUnit(db, "grid", tree.a.community);
    expect(await c.org.move({ id: tree.a.courtyard, parentId: grid2 })).toEqual({ ok: true });
    expect((await unit(tree.a.courtyard))?.parent_id).toBe(grid2);
  });
});

describe("org.remove", () => {
  it("refuses a unit with units, residents or roles in it", async () => {
    const c = await as(sysAdmin);
    const children = await trpcErrorOf(c.org.remove({ id: tree.a.grid }));
    expect(children.code).toBe("CONFLICT");
    expect(children.message).toBe("该网格下还有1个下级单位，不能删除");

    const courtyard = await makeUnit(db, "courtyard", tree.a.grid);
    await makeUser(db, { communityId: tree.a.community, courtyardId: courtyard });
    const people = await trpcErrorOf(c.org.remove({ id: courtyard }));
    expect(people.code).toBe("CONFLICT");
    expect(people.message).toBe("该楼院还有1位居民登记在内，不能删除");

    const grid = await makeUnit(db, "grid", tree.b.community);
    await makeUser(db, { role: "grid_worker", unitId: grid });
    const roles = await trpcErrorOf(c.org.remove({ id: grid }));
    expect(roles.code).toBe("CONFLICT");
    expect(roles.message).toBe("该网格还有1个角色授权，请先撤销");
    expect(await unit(grid)).toBeDefined();
  });

  it("removes an empty unit", async () => {
    expect(await (await as(adminA)).org.remove({ id: tree.a.building })).toEqual({ ok: true });
    expect(await unit(tree.a.building)).toBeUndefined();
  });
});

describe("office contact of a 社区 or 街道", () => {
  const contact = { contactPhone: "0931-8123456", officeAddress: "东街12号 党群服务中心", officeHours: "周一至周五 8:30-18:00" };

  it("is set by the 社区's admin, shown publicly and in the staff tree, and audited", async () => {
    const c = await as(adminA);
    await c.org.update({ id: tree.a.community, ...contact });
    expect(await unit(tree.a.community)).toMatchObject({
      contact_phone: "0931-8123456",
      office_address: "东街12号 党群服务中心",
      office_hours: "周一至周五 8:30-18:00",
    });
    const pub = await (await callerFor(db, null)).org.publicTree();
    expect(pub.find((r) => r.id === tree.a.community)?.contact).toEqual({
      phone: "0931-8123456",
      address: "东街12号 党群服务中心",
      hours: "周一至周五 8:30-18:00",
    });
    const staff = await c.org.tree();
    expect(staff.find((r) => r.id === tree.a.community)).toMatchObject(contact);
    const [row] = await auditRows(db);
    expect(row?.after).toMatchObject(contact);
    expect(row?.before).toMatchObject({ contactPhone: null, officeAddress: null, officeHours: null });
  });

  it("takes a landline with or without its dash and extension, or a mobile; an emptied field clears it", async () => {
    const c = await as(sysAdmin);
    for (const phone of ["0931-8123456", "09318123456", "010-12345678", "010-12345678-801", "13912345678"]) {
      await c.org.update({ id: tree.a.community, contactPhone: ` ${phone} ` });
      expect((await unit(tree.a.community))?.contact_phone).toBe(phone);
    }
    await c.org.update({ id: tree.a.community, contactPhone: "", officeAddress: "" });
    expect(await unit(tree.a.community)).toMatchObject({ contact_phone: null, office_address: null });
    const street = await c.org.create({ parentId: null, name: "新街道", contactPhone: "0931-8110000" });
    expect((await unit(street.id))?.contact_phone).toBe("0931-8110000");
  });

  it("refuses a number that is neither, and a contact below the 社区, naming the field", async () => {
    const c = await as(adminA);
    for (const phone of ["8123456", "0931-812", "12345678901", "0931-8123456a", "电话0931-8123456"]) {
      const bad = await trpcErrorOf(c.org.update({ id: tree.a.community, contactPhone: phone }));
      expect(errorShapeOf(bad, "org.update").data.fieldErrors).toEqual({
        contactPhone: ["联系电话应为带区号的座机（如0931-8123456）或11位手机号"],
      });
    }
    const long = await trpcErrorOf(c.org.update({ id: tree.a.community, officeAddress: "路".repeat(61) }));
    expect(errorShapeOf(long, "org.update").data.fieldErrors).toEqual({ officeAddress: ["办公地址最多60个字"] });
    const grid = await trpcErrorOf(c.org.update({ id: tree.a.grid, contactPhone: "0931-8123456" }));
    expect(errorShapeOf(grid, "org.update").data.fieldErrors).toEqual({ contactPhone: ["联系电话和办公地址按社区或街道填写"] });
    expect(await auditRows(db)).toEqual([]);
  });

  it("of another 社区 is not the community admin's to change", async () => {
    const error = await trpcErrorOf((await as(adminA)).org.update({ id: tree.b.community, ...contact }));
    expect(error.code).toBe("FORBIDDEN");
    expect((await unit(tree.b.community))?.contact_phone).toBeNull();
  });
});

describe("org.publicTree and org.tree", () => {
  it("shows the public only names, shape and office contacts, never counts", async () => {
    const rows = await (await callerFor(db, null)).org.publicTree();
    expect(rows).toHaveLength(9);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(["contact", "id", "kind", "name", "parentId"]);
    const noContact = { phone: null, address: null, hours: null };
    expect(rows.find((r) => r.id === tree.a.community)).toEqual({ id: tree.a.community, parentId: tree.street, kind: "community", name: "甲社区", contact: noContact });
    // Only 社区 and 街道 have an office to call.
    expect(rows.filter((r) => r.contact !== null).map((r) => r.id).sort()).toEqual([tree.street, tree.a.community, tree.b.community].sort());
  });

  it("shows a community admin their 社区 with the 街道 trunk, manageable only inside the 社区", async () => {
    await makeUser(db, { communityId: tree.a.community, courtyardId: tree.a.courtyard });
    await makeUser(db, { communityId: tree.a.community, courtyardId: tree.a.courtyard });
    const rows = await (await as(adminA)).org.tree();
    const manage = Object.fromEntries(rows.map((r) => [r.id, r.canManage]));
    expect(manage).toEqual({
      [tree.street]: false,
      [tree.a.community]: true,
      [tree.a.grid]: true,
      [tree.a.courtyard]: true,
      [tree.a.building]: true,
    });
    expect(rows.find((r) => r.id === tree.a.community)).toMatchObject({ households: 1000, population: 3000, registeredResidents: 2 });
    expect(rows.find((r) => r.id === tree.a.grid)?.registeredResidents).toBeNull();
  });

  it("shows a system admin everything, all manageable", async () => {
    const rows = await (await as(sysAdmin)).org.tree();
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.canManage)).toBe(true);
  });
});

describe("audit of org mutations", () => {
  it("records create, update, move and remove with before and after", async () => {
    const c = await as(adminA);
    const grid2 = await c.org.create({ parentId: tree.a.community, name: "甲社区第二网格" });
    await c.org.update({ id: tree.a.community, population: 3100 });
    await c.org.move({ id: tree.a.courtyard, parentId: grid2.id });
    await c.org.remove({ id: tree.a.building });

    const rows = await auditRows(db);
    expect(rows.map((r) => [r.action, r.actor_id, r.target_type, r.target_id, r.org_unit_id])).toEqual([
      ["org.create", adminA, "org_unit", String(grid2.id), grid2.id],
      ["org.update", adminA, "org_unit", String(tree.a.community), tree.a.community],
      ["org.move", adminA, "org_unit", String(tree.a.courtyard), tree.a.courtyard],
      ["org.remove", adminA, "org_unit", String(tree.a.building), tree.a.courtyard],
    ]);
    const counts = { households: null, population: null };
    const noContact = { contactPhone: null, officeAddress: null, officeHours: null };
    expect(rows.map((r) => [r.before, r.after])).toEqual([
      [null, { name: "甲社区第二网格", kind: "grid", parentId: tree.a.community, ...counts }],
      [
        { name: "甲社区", kind: "community", parentId: tree.street, households: 1000, population: 3000, ...noContact },
        { name: "甲社区", kind: "community", parentId: tree.street, households: 1000, population: 3100, ...noContact },
      ],
      [{ parentId: tree.a.grid }, { parentId: grid2.id }],
      [{ name: "甲社区1号楼", kind: "building", parentId: tree.a.courtyard, ...counts }, null],
    ]);
  });

  it("writes no audit row when a mutation fails", async () => {
    await trpcErrorOf((await as(adminA)).org.remove({ id: tree.a.grid }));
    await trpcErrorOf((await as(adminA)).org.create({ parentId: tree.b.community, name: "越权网格" }));
    expect(await auditRows(db)).toEqual([]);
  });
});
