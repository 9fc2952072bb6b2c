import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { nameGram } from "./volunteer-roster-match.js";
import { moveVolunteersToCommunity, withdraw } from "./volunteer-service.js";
import {
  callerFor,
  createTestDb,
  makeOrgTree,
  makeUnit,
  makeUser,
  makeVolunteer,
  sessionFor,
} from "../testing/index.js";

// The roster's search within names reads volunteer_name_gram, which triggers keep in step with
// volunteer (migration 2026-12-16T0000): whatever writes a name, the search must find it, and
// nothing it no longer holds.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let adminB: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  adminB = (await makeUser(db, { role: "community_admin", unitId: tree.b.community })).id;
});

/** Each volunteer's grams, sorted, as the triggers wrote them. */
async function gramsOf(volunteerId: number) {
  const rows = await db
    .selectFrom("volunteer_name_gram")
    .select(["gram", "community_id"])
    .where("volunteer_id", "=", volunteerId)
    .execute();
  return rows.map((r) => `${r.gram}@${r.community_id}`).sort();
}

async function found(userId: number, search: string) {
  const { items, total } = await (await callerFor(db, userId)).volunteer.roster({ search, pageSize: 100 });
  expect(total).toBe(items.length);
  return items.map((i) => i.name).sort();
}

describe("the grams of a volunteer's name", () => {
  it("holds each character and each neighbouring pair, ASCII letters lowered", async () => {
    const a = tree.a.community;
    const wang = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "王建国" });
    expect(await gramsOf(wang.id)).toEqual(
      [`国@${a}`, `建@${a}`, `建国@${a}`, `王@${a}`, `王建@${a}`].sort(),
    );
    // A character twice is one gram; 𠮷 (outside the BMP, two UTF-16 units) is one character.
    const ji = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "𠮷芳芳" });
    expect(await gramsOf(ji.id)).toEqual([`芳@${a}`, `芳芳@${a}`, `𠮷@${a}`, `𠮷芳@${a}`].sort());
    const alice = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "AnNa" });
    expect(await gramsOf(alice.id)).toEqual([`a@${a}`, `an@${a}`, `n@${a}`, `na@${a}`, `nn@${a}`].sort());
  });

  it("follows a rename, a move to another 社区, a withdrawal and a deletion", async () => {
    const v = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "王芳" });
    await db.updateTable("volunteer").set({ name: "李娜" }).where("id", "=", v.id).execute();
    expect(await gramsOf(v.id)).toEqual(
      [`娜@${tree.a.community}`, `李@${tree.a.community}`, `李娜@${tree.a.community}`].sort(),
    );
    expect(await found(adminA, "芳")).toEqual([]);
    expect(await found(adminA, "娜")).toEqual(["李娜"]);

    // A 楼院 moved to 乙社区 takes its volunteers along: found by 乙's admin, no longer by 甲's.
    await moveVolunteersToCommunity(db, [tree.a.courtyard], tree.b.community);
    expect(await gramsOf(v.id)).toEqual(
      [`娜@${tree.b.community}`, `李@${tree.b.community}`, `李娜@${tree.b.community}`].sort(),
    );
    expect(await found(adminA, "李娜")).toEqual([]);
    expect(await found(adminB, "李娜")).toEqual(["李娜"]);

    // Withdrawn, the name is erased: nothing of it is left to search.
    const resident = await makeUser(db, { role: "resident", unitId: tree.b.community });
    await db.updateTable("volunteer").set({ user_id: resident.id }).where("id", "=", v.id).execute();
    await withdraw(db, await sessionFor(db, resident.id));
    expect(await gramsOf(v.id)).toEqual([]);

    const w = await makeVolunteer(db, { courtyardId: tree.b.courtyard, name: "张伟" });
    await db.deleteFrom("volunteer").where("id", "=", w.id).execute();
    expect(await db.selectFrom("volunteer_name_gram").selectAll().execute()).toEqual([]);
  });
});

describe("the roster's search within names", () => {
  it("finds any part of a name, of one character, two or more, ignoring the case of Latin letters", async () => {
    for (const name of ["王建国", "李建国", "建国", "王芳", "Alice Wang", "𠮷祥"])
      await makeVolunteer(db, { courtyardId: tree.a.courtyard, name });
    await makeVolunteer(db, { courtyardId: tree.b.courtyard, name: "赵建国" }); // 乙社区
    const cases: Array<[string, string[]]> = [
      ["建国", ["王建国", "李建国", "建国"]],
      ["王建国", ["王建国"]],
      ["建国王", []],
      ["国", ["王建国", "李建国", "建国"]],
      ["王", ["王建国", "王芳"]],
      ["alice", ["Alice Wang"]],
      ["ALICE W", ["Alice Wang"]],
      ["wang", ["Alice Wang"]],
      ["𠮷", ["𠮷祥"]],
      ["𠮷祥", ["𠮷祥"]],
      ["李王", []],
    ];
    for (const [search, expected] of cases)
      expect([search, await found(adminA, search)]).toEqual([search, expected.sort()]);
    expect(await found(adminB, "建国")).toEqual(["赵建国"]);
  });

  it("finds for a grid worker only the names in the 楼院 of their 网格", async () => {
    const grid2 = await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格", population: 20 });
    const courtyard2 = await makeUnit(db, "courtyard", grid2, { name: "甲社区二号院" });
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "王建国" });
    await makeVolunteer(db, { courtyardId: courtyard2, name: "李建国" });
    const worker = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
    expect(await found(worker, "建国")).toEqual(["王建国"]);
    expect(await found(adminA, "建国")).toEqual(["李建国", "王建国"]);
  });

  it("looks up the first character, or the first two, as the triggers store them", () => {
    expect(nameGram("建")).toBe("建");
    expect(nameGram("王建国")).toBe("王建");
    expect(nameGram("ALice")).toBe("al");
    expect(nameGram("𠮷祥")).toBe("𠮷祥");
    expect(nameGram("Ä")).toBe("Ä"); // only ASCII letters are lowered, on both databases
  });
});
