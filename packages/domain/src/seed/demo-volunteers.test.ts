import { expect, it } from "vitest";
import { decryptField } from "../secrets/data-keys.js";
import { parseIdNumber } from "../volunteer/id-number.js";
import { createTestDb, TEST_KEYS, callerFor } from "../testing/index.js";
import { seedDemo } from "./demo-data.js";
import { seedDemoVolunteers } from "./demo-volunteers.js";

it("gives a new installation a roster, a review queue, teams and activities that the rules accept", async () => {
  const db = await createTestDb();
  await seedDemo(db);
  await seedDemoVolunteers(db, TEST_KEYS);
  const adminId = (await db.selectFrom("user").select("id").where("mobile", "=", "13800000002").executeTakeFirstOrThrow()).id;
  const admin = await callerFor(db, adminId);

  const roster = await admin.volunteer.roster({ status: "registered", sort: "hours", order: "desc" });
  expect(roster.total).toBe(12);
  expect(roster.items[0]).toMatchObject({ hours: 1.5 });
  const community = (await admin.org.tree()).find((u) => u.name === "东街社区")!;
  expect(await admin.volunteer.ratio({ communityId: community.id })).toMatchObject({ registered: 12, population: 9850 });
  expect((await admin.volunteer.teams.list({ communityId: community.id })).map((t) => [t.name, t.members])).toEqual([
    ["文艺队", 3],
    ["为老服务队", 4],
    ["环卫队", 4],
  ]);

  // Every stored 身份证号 is a valid one, encrypted with the installation's key.
  const rows = await db.selectFrom("volunteer").select(["id_number_enc", "birth_date"]).execute();
  expect(rows).toHaveLength(14);
  for (const r of rows) {
    const parsed = parseIdNumber(decryptField(TEST_KEYS, r.id_number_enc!), "2026-11-29");
    expect(parsed.ok && parsed.info.birthDate).toBe(r.birth_date);
  }

  // 东街社区's review queue is empty (the demo resident's own application will be the first); 西关's has two.
  expect((await admin.volunteer.roster({ status: "pending" })).total).toBe(0);
  expect(await db.selectFrom("volunteer").select("id").where("status", "=", "pending").execute()).toHaveLength(2);
  const upcoming = await admin.activity.list({ communityId: community.id, page: 1, pageSize: 20 });
  expect(upcoming.items.map((a) => a.title).sort()).toEqual(["重阳敬老：为老人理发、读报", "垃圾分类宣传进楼院", "道德讲堂：身边好人故事会"].sort());
});
