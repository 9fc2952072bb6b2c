import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ensureSystemAdmin } from "./bootstrap.js";
import { seedDemo } from "./demo-data.js";
import { seedDemoVolunteers } from "./demo-volunteers.js";
import { seedDemoCampaign } from "./demo-campaign.js";
import { localDiskStorage } from "../files/storage.js";
import { callerFor, createTestDb, TEST_KEYS } from "../testing/index.js";
import { COMMUNITY_TEMPLATE } from "../campaign/community-template.js";

// The demo campaign: what a new installation shows under 创城活动, made through the campaign services.

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

it("gives 城关街道 this year's 创建全国文明城市 in 实施, a 宣传栏 photo and a 道德讲堂 record in 东街社区's copy", async () => {
  const db = await createTestDb();
  const root = mkdtempSync(join(tmpdir(), "cc-demo-campaign-"));
  roots.push(root);
  await ensureSystemAdmin(db, { mobile: "13800000000", password: "demo-admin-pass" });
  await seedDemo(db);
  await seedDemoVolunteers(db, TEST_KEYS);
  await seedDemoCampaign(db, localDiskStorage(root));
  const userId = async (mobile: string) =>
    (await db.selectFrom("user").select("id").where("mobile", "=", mobile).executeTakeFirstOrThrow()).id;
  const admin = await callerFor(db, await userId("13800000002"));
  const [campaign] = await admin.campaign.list();
  expect(campaign).toMatchObject({ kind: "national_civilized_city", stage: "implementing" });
  expect(campaign!.name).toMatch(/^\d{4}年创建全国文明城市$/);
  const detail = await admin.campaign.detail({ id: campaign!.id });
  expect(detail.leaders.map((l) => [l.role, l.name])).toEqual([
    ["leader", "王建国"],
    ["deputy", "李秀英"],
    ["member", "赵永强"],
    ["member", "张伟"],
  ]);
  const dongjie = detail.communities.find((c) => c.name === "东街社区")!;
  const items = await admin.campaign.checklist({ campaignId: campaign!.id, communityId: dongjie.id });
  expect(items).toHaveLength(COMMUNITY_TEMPLATE.length);
  const billboard = items.find((i) => i.content.includes("宣传栏"))!;
  expect((await admin.campaign.evidence({ itemId: billboard.id })).evidence).toHaveLength(1);
  const lecture = items.find((i) => i.content.includes("道德讲堂"))!;
  expect(lecture.assignee?.name).toBe("张伟");
  // The calendar of duties: the built-in rules; this month's 大扫除 ticked. The demo's 宣传栏 photo is
  // of its 设置, not of a quarterly 更新: that duty is still to do.
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const calendar = await admin.campaign.calendar({ communityId: dongjie.id, view: month });
  expect(calendar.rules.map((r) => r.title)).toEqual([
    "道德讲堂",
    "志愿服务活动",
    "红黑榜发布",
    "环境卫生大扫除",
    "宣传栏更新",
    "文体活动",
    "入户走访",
  ]);
  const state = (title: string) => calendar.rules.find((r) => r.title === title)!.cells[0]!.state;
  expect(state("环境卫生大扫除")).toBe("done");
  expect(state("宣传栏更新")).toBe("due");
  expect(calendar.rules.find((r) => r.title === "入户走访")!.responsible?.name).toBe("张伟");
  // The tasks: split from the street to 东街社区 and on to its first 网格, where 张伟 reported 60 %.
  const worker = await callerFor(db, await userId("13800000003"));
  const tree = await worker.task.tree({ campaignId: campaign!.id });
  expect(tree.tasks.map((t) => [t.depth, t.title, t.assignee?.name ?? null])).toEqual([
    [1, "创城环境整治攻坚", null],
    [2, "东街社区楼道堆物整治", "李秀英"],
    [3, "第一网格楼道清理", "张伟"],
  ]);
  expect(tree.tasks[2]).toMatchObject({ state: "in_progress", progress: 60, rolledUp: 60 });
  // An open 红色督办 from the street to 李秀英, on both sides' lists; her task shows 红.
  const li = await callerFor(db, await userId("13800000002"));
  const owed = (await li.task.supervisions()).owedByMe;
  expect(owed).toMatchObject([{ state: "open", colour: "red", task: { title: "东街社区楼道堆物整治" } }]);
  expect(tree.tasks[1]!.colour).toBe("red");
  const street = await callerFor(db, await userId("13800000001"));
  expect((await street.task.supervisions()).issuedByMe.map((s) => s.id)).toEqual([owed[0]!.id]);
});
