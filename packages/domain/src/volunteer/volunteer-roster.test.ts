import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { CompiledQuery, sql } from "kysely";
import { startsWith } from "../db/text-match.js";
import type { Database } from "../db/database.js";
import { rosterPage, searchCondition, type RosterQuery } from "./volunteer-roster-match.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUnit,
  makeUser,
  makeVolunteer,
  sessionFor,
  testDatabaseKind,
  trpcErrorOf,
} from "../testing/index.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let grid2: number;
let courtyard2: number;
let adminA: number;
let adminB: number;
let workerA: number;
let v: Record<"wangFang" | "wangGang" | "liNa" | "zhangWei" | "wangWu", Awaited<ReturnType<typeof makeVolunteer>>>;
let team: number;

// 甲社区: 第一网格 > 一号院 (王芳, 李娜 待审核), 第二网格 > 二号院 (王刚, 张伟); 乙社区: 王五.
beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  grid2 = await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格", population: 20 });
  courtyard2 = await makeUnit(db, "courtyard", grid2, { name: "甲社区二号院" });
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community })).id;
  workerA = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
  const a1 = tree.a.courtyard;
  v = {
    wangFang: await makeVolunteer(db, { courtyardId: a1, name: "王芳", mobile: "13811110001", skills: ["arts"], politicalStatus: "party_member", confirmedMinutes: 600 }),
    wangGang: await makeVolunteer(db, { courtyardId: courtyard2, name: "王刚", mobile: "13811110002", skills: ["medical", "arts"], confirmedMinutes: 1200 }),
    liNa: await makeVolunteer(db, { courtyardId: a1, name: "李娜", mobile: "13922220003", skills: ["sanitation"], politicalStatus: "league_member", status: "pending" }),
    zhangWei: await makeVolunteer(db, { courtyardId: courtyard2, name: "张伟", mobile: "13811110004", skills: ["legal"], politicalStatus: "party_member", confirmedMinutes: 300 }),
    wangWu: await makeVolunteer(db, { courtyardId: tree.b.courtyard, name: "王五", mobile: "13833330005", skills: ["arts"] }),
  };
  team = (
    await db
      .insertInto("team")
      .values({ community_id: tree.a.community, name: "文艺队", description: null, leader_volunteer_id: null, created_at: "2026-01-01T00:00:00Z" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto("team_member")
    .values([v.wangFang.id, v.zhangWei.id].map((id) => ({ team_id: team, volunteer_id: id, joined_at: "2026-01-01T00:00:00Z" })))
    .execute();
});

const as = (userId: number | null) => callerFor(db, userId);
type RosterInput = Parameters<Awaited<ReturnType<typeof as>>["volunteer"]["roster"]>[0];
async function names(userId: number, q: RosterInput) {
  const { items } = await (await as(userId)).volunteer.roster({ pageSize: 100, ...q });
  return items.map((i) => i.name).sort();
}

describe("volunteer.roster", () => {
  it("shows a community admin all of their 社区 and nothing of another", async () => {
    expect(await names(adminA, {})).toEqual(["张伟", "李娜", "王刚", "王芳"].sort());
    expect(await names(adminB, {})).toEqual(["王五"]);
    expect(await names(adminB, { communityId: tree.a.community })).toEqual([]);
  });

  it("filters by name prefix, mobile prefix, skill, team, 楼院, 网格, state and 政治面貌", async () => {
    const cases: Array<[RosterInput, string[]]> = [
      [{ name: "王" }, ["王刚", "王芳"]],
      [{ name: "王芳" }, ["王芳"]],
      [{ name: "芳" }, []],
      [{ mobile: "1381111" }, ["张伟", "王刚", "王芳"]],
      [{ skill: "arts" }, ["王刚", "王芳"]],
      [{ skill: "arts", name: "王刚" }, ["王刚"]],
      [{ teamId: team }, ["张伟", "王芳"]],
      [{ courtyardId: courtyard2 }, ["张伟", "王刚"]],
      [{ gridId: tree.a.grid }, ["李娜", "王芳"]],
      [{ gridId: grid2 }, ["张伟", "王刚"]],
      [{ status: "pending" }, ["李娜"]],
      [{ politicalStatus: "party_member" }, ["张伟", "王芳"]],
      [{ politicalStatus: "party_member", gridId: grid2 }, ["张伟"]],
    ];
    for (const [q, expected] of cases) expect([q, await names(adminA, q)]).toEqual([q, expected.sort()]);
  });

  it("searches one box by name (contains), 手机尾号 (4 digits) or the first digits of the mobile", async () => {
    const cases: Array<[string, string[]]> = [
      ["王", ["王刚", "王芳"]],
      ["芳", ["王芳"]],
      ["0002", ["王刚"]],
      ["0003", ["李娜"]],
      // Four digits are the last four, never the first: nobody's mobile ends in 1381.
      ["1381", []],
      ["138", ["张伟", "王刚", "王芳"]],
      ["1381111", ["张伟", "王刚", "王芳"]],
      ["13811110004", ["张伟"]],
      ["13833330005", []], // 乙社区's 王五: outside the caller's scope
      ["%", ["张伟", "李娜", "王刚", "王芳"]], // LIKE wildcards are dropped
      ["王_", ["王刚", "王芳"]],
    ];
    for (const [search, expected] of cases) expect([search, await names(adminA, { search })]).toEqual([search, expected.sort()]);
    expect(await names(adminA, { search: "0001", skill: "arts" })).toEqual(["王芳"]);
    expect(await names(workerA, { search: "0002" })).toEqual([]); // 王刚 lives outside the worker's 网格
  });

  it("refuses more than 11 digits with a Chinese message on the search field", async () => {
    const error = await trpcErrorOf((await as(adminA)).volunteer.roster({ search: "138111100021" }));
    expect(errorShapeOf(error, "volunteer.roster").data.fieldErrors).toEqual({ search: ["手机号最多11位"] });
  });

  it("answers a 手机尾号 and a mobile prefix from an index, not by reading every row", async () => {
    const plan = async (search: string | { name: string; anyCommunity?: boolean }) => {
      const query = db
        .selectFrom("volunteer")
        .select("volunteer.id")
        .where((eb) =>
          typeof search === "string"
            ? searchCondition(db, eb, search)
            : search.anyCommunity
              ? startsWith(db, sql.ref("volunteer.name"), search.name)
              : eb.and([eb("volunteer.community_id", "=", 1), startsWith(db, sql.ref("volunteer.name"), search.name)]),
        )
        .compile();
      if (testDatabaseKind === "sqlite") {
        const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
        return rows.rows.map((r) => r.detail).join(" | ");
      }
      // PostgreSQL reads a table this small sequentially whatever its indexes: asked not to, it shows which index serves.
      return db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
        const rows = await trx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
        return rows.rows.map((r) => r["QUERY PLAN"]).join(" | ");
      });
    };
    if (testDatabaseKind === "sqlite") {
      expect(await plan("1234")).toMatch(/USING (COVERING )?INDEX volunteer_mobile_tail_idx/);
      expect(await plan("13811")).toMatch(/USING (COVERING )?INDEX volunteer_mobile_idx/);
      expect(await plan({ name: "王" })).toMatch(/USING (COVERING )?INDEX volunteer_community_name_idx/);
    } else {
      expect(await plan("1234")).toMatch(/Index (Only )?Scan (using|on) volunteer_mobile_tail_idx/);
      expect(await plan("13811")).toMatch(/Index (Only )?Scan (using|on) volunteer_mobile_idx/);
      // The prefix range is compared in "C" order: only an index in that collation serves it. Asked
      // by name alone, because with five rows the planner may as well serve a 社区's names from the
      // (community_id, status) index and filter them: costs tie, the choice is not the point here.
      const byName = await plan({ name: "王", anyCommunity: true });
      expect(byName).toMatch(/Index (Only )?Scan (using|on) volunteer_(community_)?name_c_idx/);
      expect(byName).toMatch(/Index Cond: .*name.*>= '王'/);
    }
  });

  it("reads a 社区's first page in the order of its index, and a search from the search's own index", async () => {
    // PostgreSQL plans by the statistics of the table, which five rows do not make worth reading.
    if (testDatabaseKind !== "sqlite") return;
    const session = await sessionFor(db, adminA);
    const plan = async (q: Partial<RosterQuery>) => {
      const { pageIds } = await rosterPage(db, session, { sort: "submittedAt", order: "desc", page: 1, pageSize: 20, ...q });
      const query = pageIds.compile();
      const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r.detail).join(" | ");
    };
    // The page by 提交时间, all of it or 已注册 only: read in order, no sort of the whole 社区.
    for (const q of [{}, { order: "asc" as const }, { status: "registered" as const }]) {
      expect(await plan(q)).toMatch(/USING (COVERING )?INDEX volunteer_community_submitted_idx/);
      expect(await plan(q)).not.toMatch(/TEMP B-TREE/);
    }
    // A search finds its few rows by its own index, and sorts them.
    expect(await plan({ search: "1234" })).toMatch(/INDEX volunteer_mobile_tail_idx/);
    // A name within the text: its volunteers by the grams' key, then by id; never the 社区 row by row.
    for (const search of ["建国", "芳", "王建国"]) {
      expect(await plan({ search })).toMatch(/SEARCH volunteer_name_gram USING PRIMARY KEY \(gram=\? AND community_id=\?\)/);
      expect(await plan({ search })).toMatch(/SEARCH volunteer USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(await plan({ search })).not.toMatch(/INDEX volunteer_community/);
    }
    expect(await plan({ name: "王" })).toMatch(/INDEX volunteer_community_name_idx/);
    expect(await plan({ status: "pending" })).toMatch(/INDEX volunteer_community_status_idx/);
  });

  it("pages and sorts by hours", async () => {
    const c = await as(adminA);
    const page1 = await c.volunteer.roster({ sort: "hours", order: "desc", page: 1, pageSize: 2 });
    expect(page1.total).toBe(4);
    expect(page1.items.map((i) => [i.name, i.hours])).toEqual([["王刚", 20], ["王芳", 10]]);
    const page2 = await c.volunteer.roster({ sort: "hours", order: "desc", page: 2, pageSize: 2 });
    expect(page2.items.map((i) => [i.name, i.hours])).toEqual([["张伟", 5], ["李娜", 0]]);
    const asc = await c.volunteer.roster({ sort: "hours", order: "asc", page: 1, pageSize: 3 });
    expect(asc.items.map((i) => i.name)).toEqual(["李娜", "张伟", "王芳"]);
    // Past the last page, and a name nobody has: the count still, and no rows.
    expect(await c.volunteer.roster({ page: 3, pageSize: 2 })).toEqual({ total: 4, items: [] });
    expect(await c.volunteer.roster({ search: "建国", page: 1, pageSize: 2 })).toEqual({ total: 0, items: [] });
    const last = await c.volunteer.roster({ sort: "hours", order: "desc", page: 3, pageSize: 3 });
    expect(last).toEqual({ total: 4, items: [] });
    expect((await c.volunteer.roster({ sort: "hours", order: "desc", page: 2, pageSize: 3 })).items.map((i) => i.name)).toEqual(["李娜"]);
  });

  it("gives the community admin full mobiles, grid workers their 网格's volunteers with mobiles masked", async () => {
    const full = await (await as(adminA)).volunteer.roster({ name: "王芳" });
    expect(full.items[0]).toMatchObject({
      name: "王芳",
      mobile: "13811110001",
      idNumber: `${v.wangFang.idNumber.slice(0, 6)}********${v.wangFang.idNumber.slice(14)}`,
      courtyardName: "甲社区一号院",
      gridName: "甲社区第一网格",
      politicalStatus: "party_member",
      skills: ["arts"],
      status: "registered",
      hours: 10,
    });
    const worker = await (await as(workerA)).volunteer.roster({});
    expect(worker.total).toBe(2);
    expect(worker.items.map((i) => [i.name, i.mobile]).sort()).toEqual([
      ["李娜", "139****0003"],
      ["王芳", "138****0001"],
    ]);
  });

  it("opens a volunteer's detail only within the caller's scope", async () => {
    const detail = await (await as(workerA)).volunteer.detail({ id: v.wangFang.id });
    expect(detail).toMatchObject({ id: v.wangFang.id, name: "王芳", mobile: "138****0001", hours: 10, star: { stars: 0, label: "未评星", toNext: 90 } });
    expect(detail.teams).toEqual([{ id: team, name: "文艺队", isLeader: false }]);
    expect((await trpcErrorOf((await as(workerA)).volunteer.detail({ id: v.wangGang.id }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf((await as(adminB)).volunteer.detail({ id: v.wangFang.id }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf((await as(adminA)).volunteer.detail({ id: 9999 }))).code).toBe("NOT_FOUND");
  });
});

describe("registration ratio", () => {
  beforeEach(async () => {
    await db.updateTable("org_unit").set({ population: 40 }).where("id", "=", tree.a.community).execute();
  });

  it("counts registered volunteers against 常住人口 with the default 10% target, per 网格 too", async () => {
    const ratio = await (await as(adminA)).volunteer.ratio({ communityId: tree.a.community });
    expect(ratio).toEqual({
      communityId: tree.a.community,
      communityName: "甲社区",
      registered: 3,
      population: 40,
      ratioPercent: 7.5,
      targetPercent: 10,
      reached: false,
      grids: [
        { id: tree.a.grid, name: "甲社区第一网格", registered: 1, population: null, ratioPercent: null },
        { id: grid2, name: "甲社区第二网格", registered: 2, population: 20, ratioPercent: 10 },
      ],
    });
    await makeVolunteer(db, { courtyardId: tree.a.courtyard });
    expect(await (await as(adminA)).volunteer.ratio({ communityId: tree.a.community })).toMatchObject({ registered: 4, ratioPercent: 10, reached: true });
  });

  it("moves the target to the 8% and 13% presets, audited", async () => {
    const c = await as(adminA);
    expect(await c.volunteer.setTarget({ communityId: tree.a.community, targetPermille: 80 })).toEqual({ ok: true });
    expect(await c.volunteer.ratio({ communityId: tree.a.community })).toMatchObject({ targetPercent: 8, reached: false });
    await makeVolunteer(db, { courtyardId: courtyard2 });
    expect(await c.volunteer.ratio({ communityId: tree.a.community })).toMatchObject({ ratioPercent: 10, targetPercent: 8, reached: true });
    await c.volunteer.setTarget({ communityId: tree.a.community, targetPermille: 130 });
    expect(await c.volunteer.ratio({ communityId: tree.a.community })).toMatchObject({ targetPercent: 13, reached: false });
    expect((await auditRows(db)).map((r) => [r.action, r.before, r.after])).toEqual([
      ["volunteer.set_target", { targetPermille: 100 }, { targetPermille: 80 }],
      ["volunteer.set_target", { targetPermille: 80 }, { targetPermille: 130 }],
    ]);
    // The other 社区 keeps the default.
    expect((await (await as(adminB)).volunteer.ratio({ communityId: tree.b.community })).targetPercent).toBe(10);
  });

  it("refuses a target outside 0.1%–100% and a unit that is no 社区", async () => {
    const c = await as(adminA);
    const zero = await trpcErrorOf(c.volunteer.setTarget({ communityId: tree.a.community, targetPermille: 0 }));
    expect(errorShapeOf(zero, "volunteer.setTarget").data.fieldErrors).toEqual({ targetPermille: ["目标至少为0.1%"] });
    const grid = await trpcErrorOf(c.volunteer.ratio({ communityId: tree.a.grid }));
    expect(errorShapeOf(grid, "volunteer.ratio").data.fieldErrors).toEqual({ communityId: ["请选择社区"] });
  });

  it("publishes the 社区's figure to anyone, without the 网格", async () => {
    const pub = await (await as(null)).volunteer.publicRatio({ communityId: tree.a.community });
    expect(pub).toEqual({
      communityId: tree.a.community,
      communityName: "甲社区",
      registered: 3,
      population: 40,
      ratioPercent: 7.5,
      targetPercent: 10,
      reached: false,
    });
    expect("grids" in pub).toBe(false);
  });
});
