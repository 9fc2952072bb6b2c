import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUser,
  makeVolunteer,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { recordAudit } from "./audit-service.js";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction, type AuditTargetType } from "./actions.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let sysAdmin: number;
let streetAdmin: number;
let adminA: number;
let adminB: number;
let gridA: number;
let gridB: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  sysAdmin = (await makeUser(db, { role: "system_admin", name: "系统管理员" })).id;
  streetAdmin = (await makeUser(db, { role: "street_admin", unitId: tree.street, name: "街道管理员" })).id;
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "甲管理员" })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community, name: "乙管理员" })).id;
  // One real change in each 社区, one at the 街道 and one that belongs to no unit.
  gridA = (await (await as(adminA)).org.create({ parentId: tree.a.community, name: "甲社区第二网格" })).id;
  gridB = (await (await as(adminB)).org.create({ parentId: tree.b.community, name: "乙社区第二网格" })).id;
  await (await as(streetAdmin)).org.update({ id: tree.street, name: "测试街道办" });
  await recordAudit(db, await sessionFor(db, sysAdmin), {
    action: "role.grant",
    targetType: "user",
    targetId: sysAdmin,
    orgUnitId: null,
  });
});

const as = (userId: number) => callerFor(db, userId);
const list = async (
  userId: number,
  input: {
    unitId?: number;
    action?: AuditAction;
    targetType?: AuditTargetType;
    page?: number;
    pageSize?: number;
  } = {},
) => (await as(userId)).audit.list({ page: 1, pageSize: 20, ...input });

describe("audit.list scope", () => {
  it("shows a community admin only their 社区's rows, with names and snapshots", async () => {
    const { total, items } = await list(adminA);
    expect(total).toBe(1);
    expect(items).toEqual([
      {
        id: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        action: "org.create",
        targetType: "org_unit",
        targetId: String(gridA),
        subject: "网格 甲社区第二网格",
        changes: [
          { field: "name", label: "名称", before: null, after: "甲社区第二网格" },
          { field: "kind", label: "类型", before: null, after: "网格" },
          { field: "parentId", label: "上级单位", before: null, after: "甲社区" },
        ],
        unitId: gridA,
        unitName: "甲社区第二网格",
        actorName: "甲管理员",
        before: null,
        after: JSON.stringify({
          name: "甲社区第二网格",
          kind: "grid",
          parentId: tree.a.community,
          households: null,
          population: null,
        }),
      },
    ]);
    expect((await list(adminB)).items.map((r) => r.targetId)).toEqual([String(gridB)]);
  });

  it("shows a street admin both 社区 and the 街道, and a system admin everything", async () => {
    expect((await list(streetAdmin)).items.map((r) => r.action)).toEqual([
      "org.update",
      "org.create",
      "org.create",
    ]);
    const all = await list(sysAdmin);
    expect(all.total).toBe(4);
    expect(all.items.map((r) => [r.action, r.unitId])).toEqual([
      ["role.grant", null],
      ["org.update", tree.street],
      ["org.create", gridB],
      ["org.create", gridA],
    ]);
  });

  it("narrows to a unit and below, never beyond the caller's scope", async () => {
    expect((await list(streetAdmin, { unitId: tree.b.community })).items.map((r) => r.unitId)).toEqual([
      gridB,
    ]);
    expect(await list(adminA, { unitId: tree.b.community })).toEqual({ total: 0, items: [] });
    expect(await list(adminA, { unitId: tree.street })).toMatchObject({
      total: 1,
      items: [{ unitId: gridA }],
    });
    expect(await list(sysAdmin, { unitId: 99999 })).toEqual({ total: 0, items: [] });
  });

  it("filters by action", async () => {
    const { total, items } = await list(sysAdmin, { action: "org.update" });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ actorName: "街道管理员", unitName: "测试街道办" });
    expect(JSON.parse(items[0]!.before!)).toMatchObject({ name: "测试街道" });
    expect(JSON.parse(items[0]!.after!)).toMatchObject({ name: "测试街道办" });
  });

  it("refuses an action outside the audit vocabulary with a Chinese message", async () => {
    const error = await trpcErrorOf((await as(sysAdmin)).audit.list({ action: "org.rename" as AuditAction }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "audit.list").data.fieldErrors).toEqual({ action: ["操作类型无效"] });
  });

  it("refuses a subject type outside the vocabulary with a Chinese message", async () => {
    const error = await trpcErrorOf(
      (await as(sysAdmin)).audit.list({ targetType: "board" as AuditTargetType }),
    );
    expect(errorShapeOf(error, "audit.list").data.fieldErrors).toEqual({ targetType: ["对象类型无效"] });
  });

  it("names a page's subjects in the same number of queries for one volunteer or thirty", async () => {
    const session = await sessionFor(db, adminA);
    let queries = 0;
    const counting = db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const queriesFor = async () => {
      queries = 0;
      await (await callerFor(counting, adminA)).audit.list({ targetType: "volunteer", pageSize: 50 });
      return queries;
    };
    const reveal = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const v = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: `志愿者甲${i}` });
        await recordAudit(db, session, {
          action: "volunteer.reveal_id",
          targetType: "volunteer",
          targetId: v.id,
          orgUnitId: tree.a.community,
        });
      }
    };
    await reveal(1);
    const one = await queriesFor();
    await reveal(29);
    expect(await queriesFor()).toBe(one);
    const { items } = await list(adminA, { targetType: "volunteer", pageSize: 50 });
    expect(items).toHaveLength(30);
    expect(items.map((r) => r.subject)).toContain("志愿者 志愿者甲28");
  });

  it("is refused to grid workers and residents", async () => {
    const worker = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
    const resident = (await makeUser(db, { role: "resident", unitId: tree.a.community })).id;
    for (const id of [worker, resident]) {
      const error = await trpcErrorOf(list(id));
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toBe("没有权限执行此操作");
    }
  });
});

describe("audit.list paging", () => {
  beforeEach(async () => {
    const session = await sessionFor(db, adminA);
    for (let i = 1; i <= 24; i++) {
      await recordAudit(db, session, {
        action: "volunteer.reveal_id",
        targetType: "volunteer",
        targetId: i,
        orgUnitId: tree.a.courtyard,
      });
    }
  });

  it("pages newest first with the total of all pages", async () => {
    const first = await list(adminA, { pageSize: 10 });
    expect(first.total).toBe(25);
    expect(first.items.map((r) => r.targetId)).toEqual([
      "24",
      "23",
      "22",
      "21",
      "20",
      "19",
      "18",
      "17",
      "16",
      "15",
    ]);
    const last = await list(adminA, { page: 3, pageSize: 10 });
    expect(last.total).toBe(25);
    expect(last.items.map((r) => r.targetId)).toEqual(["4", "3", "2", "1", String(gridA)]);
    expect((await list(adminA, { page: 4, pageSize: 10 })).items).toEqual([]);
  });

  it("uses page 1 and 20 rows when not told otherwise", async () => {
    const page = await (await as(adminA)).audit.list({});
    expect(page.items).toHaveLength(20);
    expect(page.items[0]?.targetId).toBe("24");
  });

  it("rejects a page below 1 with a Chinese message", async () => {
    const error = await trpcErrorOf(list(adminA, { page: 0 }));
    expect(error.code).toBe("BAD_REQUEST");
    const shape = errorShapeOf(error, "audit.list");
    expect(shape.message).toBe("页码无效");
    expect(shape.data.fieldErrors).toEqual({ page: ["页码无效"] });
  });
});

describe("the audit vocabulary", () => {
  it("gives every action a Chinese label, and lists each once", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) {
      expect(action, action).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(AUDIT_ACTION_LABELS[action], action).toMatch(/^\p{Script=Han}/u);
    }
  });
});
