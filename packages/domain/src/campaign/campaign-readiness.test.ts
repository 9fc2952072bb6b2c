import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  createTestDb,
  makeActivity,
  makeFileRow,
  makeProblem,
  makeVolunteer,
  trpcErrorOf,
} from "../testing/index.js";
import { makeBoardEdition } from "../board/test-fixture.js";
import { chinaToday } from "../time.js";
import { campaignPeople, chinaTime, monthBack, periodFrom } from "./test-fixture.js";
import { periodText, quarterOf } from "./measure-rules.js";

// Readiness from the system's own data: 道德讲堂 partly met from the activities held, then met, then
// 齐全 once its records are confirmed and its 方案 and 总结 filed; a 宣传栏 photo of the quarter; and a
// street's campaign with each 社区 side by side (红黑榜 monthly, 按期办结, 注册志愿者比例).

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
});

const fields = { name: "2027年创建全国文明城市", kind: "national_civilized_city" as const };

async function communityCampaign(back: number) {
  const admin = await fx.as(fx.people.adminA);
  const period = periodFrom(back);
  const { id } = await admin.campaign.create({
    ...fields,
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    scopeUnitId: fx.tree.a.community,
  });
  const items = await admin.campaign.checklist({ campaignId: id, communityId: fx.tree.a.community });
  const item = (content: string) => items.find((i) => i.content === content)!;
  const withYear = period.periodStart.slice(0, 4) !== period.periodEnd.slice(0, 4);
  return { admin, id, items, item, withYear, period };
}

const lecture = (communityId: number, startsAt: string, extra: { kind?: "volunteer_service" } = {}) =>
  makeActivity(db, {
    communityId,
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 2 * 3600_000).toISOString(),
    title: "道德讲堂：身边好人讲身边事",
    kind: extra.kind ?? "moral_lecture",
  });

describe("道德讲堂 from the activities held", () => {
  it("is 部分 with 仅1次 for a month short, met with two each month, 齐全 with records confirmed and 方案、总结 filed", async () => {
    const { admin, id, item, withYear } = await communityCampaign(3);
    const [m3, m2, m1] = [monthBack(3), monthBack(2), monthBack(1)];
    await lecture(fx.tree.a.community, chinaTime(m3, 5));
    await lecture(fx.tree.a.community, chinaTime(m3, 20));
    await lecture(fx.tree.a.community, chinaTime(m2, 5));
    await lecture(fx.tree.a.community, chinaTime(m2, 20));
    // At 07:00 on the 1st in China: still the day before in UTC, but of this month as people count it.
    await lecture(fx.tree.a.community, chinaTime(m1, 1, 7));
    // Not counted: another kind, another 社区, a cancelled one.
    await lecture(fx.tree.a.community, chinaTime(m1, 10), { kind: "volunteer_service" });
    await lecture(fx.tree.b.community, chinaTime(m1, 10));
    const cancelled = await lecture(fx.tree.a.community, chinaTime(m1, 12));
    await db.updateTable("activity").set({ status: "cancelled" }).where("id", "=", cancelled).execute();

    const lectureItem = item("道德讲堂");
    const readinessNow = async () =>
      (await admin.campaign.checklist({ campaignId: id, communityId: fx.tree.a.community })).find(
        (i) => i.id === lectureItem.id,
      )!.readiness;
    expect(await readinessNow()).toEqual({
      readiness: "partial",
      gaps: ["缺：方案、记录、图片、总结", `道德讲堂 ${periodText(m1, withYear)} 仅1次`],
      present: [],
      measure: { state: "unmet", text: `道德讲堂 ${periodText(m1, withYear)} 仅1次` },
    });

    await lecture(fx.tree.a.community, chinaTime(m1, 18));
    const met = await readinessNow();
    expect(met.measure).toEqual({ state: "met", text: "道德讲堂 3个月 每月均≥2次" });
    expect(met.gaps).toEqual(["缺：方案、记录、图片、总结"]);

    // The activities are proposed as evidence; one confirmed counts as 记录 and 图片.
    const detail = await admin.campaign.evidence({ itemId: lectureItem.id });
    expect(detail.links.map((l) => [l.recordType, l.date.slice(0, 7), l.state])).toEqual(
      [m1, m1, m2, m2, m3, m3].map((m) => ["activity", m, "proposed"]),
    );
    await admin.campaign.confirmLink({
      itemId: lectureItem.id,
      recordType: "activity",
      recordId: detail.links[0]!.recordId,
    });
    expect((await readinessNow()).gaps).toEqual(["缺：方案、总结"]);

    for (const kind of ["plan", "summary"] as const) {
      await admin.campaign.addEvidence({
        itemId: lectureItem.id,
        kind,
        title: kind === "plan" ? "道德讲堂年度方案" : "道德讲堂季度总结",
        date: chinaToday(),
        photos: [await makeFileRow(db, fx.people.adminA)],
      });
    }
    expect(await readinessNow()).toMatchObject({
      readiness: "complete",
      gaps: [],
      present: ["plan", "record", "photo", "summary"],
    });
    const summary = await admin.campaign.readiness({ campaignId: id });
    expect(summary.communities).toHaveLength(1);
    const a = summary.communities[0]!;
    expect(a).toMatchObject({ id: fx.tree.a.community, name: "甲社区", complete: 1 });
    expect(a.complete + a.partial + a.missing).toBe(a.items);
    expect(a.gaps.map((g) => g.itemId)).not.toContain(lectureItem.id);
    expect(a.projects.find((p) => p.project === "文明风尚")).toMatchObject({ complete: 1 });
  });
});

describe("宣传栏 renewed every quarter", () => {
  it("turns 齐全 with a photo of this quarter", async () => {
    const { admin, id, item } = await communityCampaign(0);
    const board = item("宣传栏更新");
    const quarter = periodText(quarterOf(chinaToday()), false);
    expect(board.readiness).toEqual({
      readiness: "missing",
      gaps: ["缺：图片", `宣传栏更新 首期尚未结束（${quarter} 无图片）`],
      present: [],
      measure: { state: "unmeasurable", text: `宣传栏更新 首期尚未结束（${quarter} 无图片）` },
    });
    await admin.campaign.addEvidence({
      itemId: board.id,
      kind: "photo",
      title: "宣传栏本季度版面",
      date: chinaToday(),
      photos: [await makeFileRow(db, fx.people.adminA)],
    });
    const after = (await admin.campaign.checklist({ campaignId: id, communityId: fx.tree.a.community })).find(
      (i) => i.id === board.id,
    )!;
    expect(after.readiness).toMatchObject({
      readiness: "complete",
      gaps: [],
      measure: { state: "met", text: "宣传栏更新 1个季度 每季度均有图片" },
    });
  });
});

describe("a street's campaign, each 社区 side by side", () => {
  it("measures 红黑榜, 按期办结 and 注册志愿者比例 per 社区, for the street; a 社区 reads only its own", async () => {
    const street = await fx.as(fx.people.street);
    const period = periodFrom(3);
    const withYear = period.periodStart.slice(0, 4) !== period.periodEnd.slice(0, 4);
    const { id } = await street.campaign.create({
      ...fields,
      periodStart: period.periodStart,
      periodEnd: period.periodEnd,
      scopeUnitId: fx.tree.street,
    });
    const [m3, m2, m1] = [monthBack(3), monthBack(2), monthBack(1)];
    for (const m of [m3, m2])
      await makeBoardEdition(db, {
        communityId: fx.tree.a.community,
        month: m,
        publishedBy: fx.people.adminA,
      });
    // Made but never published: does not count.
    await makeBoardEdition(db, { communityId: fx.tree.a.community, month: m1 });
    for (const m of [m3, m2, m1])
      await makeBoardEdition(db, {
        communityId: fx.tree.b.community,
        month: m,
        publishedBy: fx.people.adminB,
      });
    // A: one closed on time, one closed late, one still open past its deadline.
    const at = (day: number) => chinaTime(m2, day);
    await makeProblem(db, {
      courtyardId: fx.tree.a.courtyard,
      state: "closed",
      deadline: `${m2}-10`,
      closedAt: at(9),
    });
    await makeProblem(db, {
      courtyardId: fx.tree.a.courtyard,
      state: "closed",
      deadline: `${m2}-10`,
      closedAt: at(15),
    });
    await makeProblem(db, { courtyardId: fx.tree.a.courtyard, state: "rectifying", deadline: `${m2}-05` });
    // Closed before the campaign: not of its period.
    await makeProblem(db, {
      courtyardId: fx.tree.a.courtyard,
      state: "closed",
      deadline: "2020-01-10",
      closedAt: "2020-01-20T02:00:00.000Z",
    });
    // A's own target is 0.1% of 3000: three registered volunteers reach it; B's default 10% is far off.
    await db
      .insertInto("community_setting")
      .values({ community_id: fx.tree.a.community, volunteer_target_permille: 1 })
      .execute();
    for (let i = 0; i < 3; i++) await makeVolunteer(db, { courtyardId: fx.tree.a.courtyard });
    await makeVolunteer(db, { courtyardId: fx.tree.a.courtyard, status: "pending" });

    const summary = await street.campaign.readiness({ campaignId: id });
    expect(summary.communities.map((c) => c.name)).toEqual(["甲社区", "乙社区"]);
    const gapsOf = (name: string, content: string) =>
      summary.communities.find((c) => c.name === name)!.gaps.find((g) => g.content === content)?.gaps;
    expect(gapsOf("甲社区", "红黑榜（善行义举榜）")).toEqual([
      "缺：图片、记录",
      `红黑榜 ${periodText(m1, withYear)} 未发布`,
    ]);
    expect(gapsOf("乙社区", "红黑榜（善行义举榜）")).toEqual(["缺：图片、记录"]);
    expect(gapsOf("甲社区", "问题整改")).toEqual(["缺：台账、图片", "按期办结率 33%（1/3），未达 90%"]);
    expect(gapsOf("乙社区", "问题整改")).toEqual([
      "缺：台账、图片",
      "按期办结率 期内尚无应办结的问题（目标 90%）",
    ]);
    expect(gapsOf("甲社区", "注册志愿者比例")).toEqual(["缺：台账"]);
    expect(gapsOf("乙社区", "注册志愿者比例")).toEqual(["缺：台账", "注册志愿者比例 0%，未达目标 10%"]);
    // The measured items with a target met but no evidence are 部分, the rest 缺失.
    const a = summary.communities[0]!;
    expect(a.gaps.find((g) => g.content === "注册志愿者比例")?.readiness).toBe("partial");
    expect(a.complete).toBe(0);
    expect(a.projects.reduce((n, p) => n + p.items, 0)).toBe(a.items);

    // The 社区's staff read their own column only; residents none.
    for (const who of [fx.people.adminA, fx.people.workerA]) {
      const own = await (await fx.as(who)).campaign.readiness({ campaignId: id });
      expect(own.communities.map((c) => c.name)).toEqual(["甲社区"]);
    }
    const resident = await trpcErrorOf(
      (await fx.as(fx.people.resident)).campaign.readiness({ campaignId: id }),
    );
    expect(resident.code).toBe("FORBIDDEN");

    // A confirmed 黑白榜 edition counts as 记录; the problems of A are proposed, the newest first.
    const adminA = await fx.as(fx.people.adminA);
    const items = await adminA.campaign.checklist({ campaignId: id, communityId: fx.tree.a.community });
    const boardItem = items.find((i) => i.content === "红黑榜（善行义举榜）")!;
    const boardLinks = (await adminA.campaign.evidence({ itemId: boardItem.id })).links;
    expect(boardLinks.map((l) => l.date)).toEqual([m2, m3]);
    await adminA.campaign.confirmLink({
      itemId: boardItem.id,
      recordType: "board_edition",
      recordId: boardLinks[0]!.recordId,
    });
    const problemItem = items.find((i) => i.content === "问题整改")!;
    const problemLinks = (await adminA.campaign.evidence({ itemId: problemItem.id })).links;
    expect(problemLinks.map((l) => l.date)).toEqual([`${m2}-15`, `${m2}-09`]);
    expect(problemLinks[0]!.title).toMatch(/^#\d+ .+ · 甲社区一号院$/);
    const again = await adminA.campaign.checklist({ campaignId: id, communityId: fx.tree.a.community });
    expect(again.find((i) => i.id === boardItem.id)!.readiness.gaps[0]).toBe("缺：图片");
  });
});
