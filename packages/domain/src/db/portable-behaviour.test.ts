import type { Kysely } from "kysely";
import type { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "./database.js";
import { dialectOf } from "./open-database.js";
import { pinyinSortKey } from "./pinyin-sort-key.js";
import { isUniqueViolation } from "./constraint-errors.js";
import {
  callerFor,
  createTestDb,
  makeActivity,
  makeOrgTree,
  makeUnit,
  makeUser,
  makeVolunteer,
  testDatabaseKind,
} from "../testing/index.js";

// Where SQLite and PostgreSQL differ unless told, pinned: this file runs in both runs of the domain
// suite (npm test: SQLite, then PostgreSQL with TEST_DATABASE_URL), with the same expectations.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let admin: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "管理员" })).id;
});

const as = (userId: number | null) => callerFor(db, userId);

describe(`on ${testDatabaseKind}`, () => {
  it("runs on the database the run is for, and counts come back as numbers", async () => {
    expect(dialectOf(db)).toBe(testDatabaseKind);
    const row = await db
      .selectFrom("org_unit")
      .select((eb) => [eb.fn.countAll().as("n"), eb.fn.sum<number>("households").as("total")])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 9, total: 2000 });
    const avg = await sql<{ a: number }>`select avg(households) as a from org_unit`.execute(db);
    expect(avg.rows[0]!.a).toBe(1000);
  });

  it("puts the 街道 (no parent) first in the organisation tree: NULL sorts low on both", async () => {
    // A second street created after everything else: by id it would come last.
    await makeUnit(db, "street", null, { name: "后建街道" });
    const units = await (await as(null)).org.publicTree();
    expect(units.slice(0, 2).map((u) => [u.kind, u.parentId])).toEqual([
      ["street", null],
      ["street", null],
    ]);
    const seen = new Set<number>();
    for (const u of units) {
      if (u.parentId !== null) expect(seen.has(u.parentId)).toBe(true);
      seen.add(u.id);
    }
  });

  it("sorts a missing 注册时间 (待审核) as the smallest on both: first going up, last going down", async () => {
    const pending = await makeVolunteer(db, { courtyardId: tree.a.courtyard, status: "pending" });
    const early = await makeVolunteer(db, {
      courtyardId: tree.a.courtyard,
      submittedAt: "2026-01-01T00:00:00.000Z",
    });
    const late = await makeVolunteer(db, {
      courtyardId: tree.a.courtyard,
      submittedAt: "2026-02-01T00:00:00.000Z",
    });
    const c = await as(admin);
    const ids = async (order: "asc" | "desc") =>
      (await c.volunteer.roster({ sort: "registeredAt", order, page: 1, pageSize: 50 })).items.map(
        (i) => i.id,
      );
    expect(await ids("asc")).toEqual([pending.id, early.id, late.id]);
    expect(await ids("desc")).toEqual([late.id, early.id, pending.id]);
  });

  it("sorts 姓名 in pinyin order, the same on both, both ways and across pages", async () => {
    const names = ["赵六", "王刚", "阿明", "张伟", "欧阳修", "陈静", "刘芳", "白雪", "王芳", "李娜"];
    for (const name of names) await makeVolunteer(db, { courtyardId: tree.a.courtyard, name });
    const expected = ["阿明", "白雪", "陈静", "李娜", "刘芳", "欧阳修", "王芳", "王刚", "张伟", "赵六"];
    const c = await as(admin);
    const asc = await c.volunteer.roster({ sort: "name", order: "asc", page: 1, pageSize: 50 });
    expect(asc.items.map((i) => i.name)).toEqual(expected);
    const desc = await c.volunteer.roster({ sort: "name", order: "desc", page: 1, pageSize: 50 });
    expect(desc.items.map((i) => i.name)).toEqual([...expected].reverse());
    const pages = [];
    for (let page = 1; page <= 4; page++) {
      pages.push(...(await c.volunteer.roster({ sort: "name", order: "asc", page, pageSize: 3 })).items);
    }
    expect(pages.map((i) => i.name)).toEqual(expected);
  });

  it("breaks ties between equal names by id, so pages neither repeat nor lose anyone", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "王芳" })).id);
    const c = await as(admin);
    const seen = [];
    for (let page = 1; page <= 3; page++) {
      seen.push(
        ...(await c.volunteer.roster({ sort: "name", order: "asc", page, pageSize: 2 })).items.map(
          (i) => i.id,
        ),
      );
    }
    expect(seen).toEqual(ids);
  });

  it("finds a name or mobile by its beginning, whatever the collation", async () => {
    for (const [name, mobile] of [
      ["王芳", "13811110001"],
      ["王", "13811110002"],
      ["汪洋", "13812190003"],
      ["Wang Li", "13819990004"],
    ] as const) {
      await makeVolunteer(db, { courtyardId: tree.a.courtyard, name, mobile });
    }
    const c = await as(admin);
    const names = async (q: { name?: string; mobile?: string; search?: string }) =>
      (await c.volunteer.roster({ ...q, sort: "name", order: "asc", page: 1, pageSize: 50 })).items.map(
        (i) => i.name,
      );
    expect(await names({ name: "王" })).toEqual(["王", "王芳"]);
    expect(await names({ name: "Wang" })).toEqual(["Wang Li"]);
    expect(await names({ mobile: "138111" })).toEqual(["王", "王芳"]);
    expect(await names({ mobile: "13819" })).toEqual(["Wang Li"]);
    expect(await names({ mobile: "1381999" })).toEqual(["Wang Li"]);
    expect(await names({ search: "13812" })).toEqual(["汪洋"]);
    expect(await names({ search: "wang" })).toEqual(["Wang Li"]);
  });

  it("searches names ignoring case on both (SQLite's LIKE does, PostgreSQL's does not)", async () => {
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "Tom 李" });
    await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      name: "Alice Wang",
    });
    const c = await as(admin);
    const roster = await c.volunteer.roster({ search: "tOM", page: 1, pageSize: 50 });
    expect(roster.items.map((i) => i.name)).toEqual(["Tom 李"]);
    const users = await c.auth.users.search({ q: "alice", page: 1, pageSize: 50 });
    expect(users.items.map((u) => u.name)).toEqual(["Alice Wang"]);
  });

  it("lists activities starting at the same time by id, newest first, without losing one between pages", async () => {
    const startsAt = "2030-05-01T01:00:00.000Z";
    const ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await makeActivity(db, {
          communityId: tree.a.community,
          startsAt,
          endsAt: "2030-05-01T03:00:00.000Z",
        }),
      );
    }
    const c = await as(admin);
    const seen = [];
    for (let page = 1; page <= 3; page++) {
      seen.push(...(await c.activity.list({ page, pageSize: 2 })).items.map((a) => a.id));
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it("takes one place for a double tap on 报名, and gives it back once for a double tap on 取消", async () => {
    const user = await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    });
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: user.id });
    const activityId = await makeActivity(db, {
      communityId: tree.a.community,
      startsAt: "2030-05-01T01:00:00.000Z",
      endsAt: "2030-05-01T03:00:00.000Z",
    });
    const [one, two] = [await as(user.id), await as(user.id)];
    const signed = await Promise.allSettled([
      one.activity.signUp({ activityId }),
      two.activity.signUp({ activityId }),
    ]);
    expect(signed.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = signed.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as Error).message).toBe("您已报名该活动");
    const count = () =>
      db.selectFrom("activity").select("signed_count").where("id", "=", activityId).executeTakeFirstOrThrow();
    expect(await count()).toEqual({ signed_count: 1 });

    await Promise.allSettled([
      one.activity.cancelSignup({ activityId }),
      two.activity.cancelSignup({ activityId }),
    ]);
    expect(await count()).toEqual({ signed_count: 0 });
  });
});

describe(`a duplicate on ${testDatabaseKind}`, () => {
  it("is recognised from either database's error", async () => {
    await makeUser(db, { mobile: "13900000077" });
    const error = await makeUser(db, { mobile: "13900000077" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error("other"))).toBe(false);
  });

  it("made by requests racing to register one mobile is refused, never a 500, and one account results", async () => {
    const form = {
      mobile: "13900000088",
      password: "qingshan-2026",
      name: "刘芳",
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    };
    const callers = await Promise.all([1, 2, 3, 4].map(() => as(null)));
    const results = await Promise.allSettled(callers.map((c) => c.auth.registerResident(form)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected")
        expect(["BAD_REQUEST", "CONFLICT"]).toContain((r.reason as TRPCError).code);
    }
    const rows = await db.selectFrom("user").select("id").where("mobile", "=", form.mobile).execute();
    expect(rows).toHaveLength(1);
  });
});

describe("the pinyin sort key (SQLite's stand-in for PostgreSQL's zh-x-icu collation)", () => {
  it("orders like ICU's Chinese collation: digits, then characters in pinyin (shorter first), then letters, case ignored", () => {
    const sorted = (list: string[]) =>
      [...list].sort((a, b) => (pinyinSortKey(a) < pinyinSortKey(b) ? -1 : 1));
    const names = ["周同学", "孙大夫", "钱奶奶", "王", "王芳", "汪洋", "Zoe", "alice", "Bob", "3号楼"];
    expect(sorted(names)).toEqual([
      "3号楼",
      "钱奶奶",
      "孙大夫",
      "汪洋",
      "王",
      "王芳",
      "周同学",
      "alice",
      "Bob",
      "Zoe",
    ]);
    expect(sorted(names)).toEqual([...names].sort(new Intl.Collator("zh", { sensitivity: "base" }).compare));
  });
});
