import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  createTestDb,
  errorShapeOf,
  makeActivity,
  makeFileRow,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { makeBoardEdition } from "../board/test-fixture.js";
import { createCampaign } from "./campaign-service.js";
import { addEvidence } from "./campaign-evidence.js";
import { campaignPeople } from "./test-fixture.js";
import { dutyCalendar, residentMonth } from "./duty-calendar.js";
import { sendDutyReminders } from "./duty-reminders.js";
import { addDutyRule, installDefaultDuties, removeDutyRule, updateDutyRule } from "./duty-service.js";
import { tickDuty, untickDuty } from "./duty-ticks.js";

// The calendar of recurring duties on a fixed clock: 20 December 2026, noon in China. The 社区's rules
// were set up in September; what counts is read from activities, editions, evidence and ticks.

const at = (china: string) => new Date(`${china}+08:00`);
const NOW = at("2026-12-20T12:00:00");
const SEPTEMBER = at("2026-09-01T09:00:00");

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;
const session = (userId: number) => sessionFor(db, userId);

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
  await installDefaultDuties(
    db,
    await session(fx.people.adminA),
    { communityId: fx.tree.a.community },
    SEPTEMBER,
  );
});

const calendarOf = async (view: string, userId = fx.people.adminA, now = NOW) =>
  dutyCalendar(db, await session(userId), { communityId: fx.tree.a.community, view }, now);
const ruleOf = async (title: string, view = "2026-12") =>
  (await calendarOf(view)).rules.find((r) => r.title === title)!;
const lecture = (startsAt: string, title = "道德讲堂：孝老爱亲") =>
  makeActivity(db, {
    communityId: fx.tree.a.community,
    kind: "moral_lecture",
    title,
    startsAt: at(startsAt).toISOString(),
    endsAt: new Date(at(startsAt).getTime() + 2 * 3_600_000).toISOString(),
  });

describe("what counts as done", () => {
  it("counts 道德讲堂 held in the China month, shows the planned one, and not another 社区's", async () => {
    // 08:30 on 1 December in China is 30 November in UTC: it is December's.
    await lecture("2026-12-01T08:30:00", "十二月第一讲");
    await lecture("2026-12-28T09:00:00", "十二月第二讲");
    await lecture("2026-11-30T20:00:00", "十一月的讲堂");
    await makeActivity(db, {
      communityId: fx.tree.b.community,
      kind: "moral_lecture",
      startsAt: at("2026-12-05T09:00:00").toISOString(),
      endsAt: at("2026-12-05T11:00:00").toISOString(),
    });
    const rule = await ruleOf("道德讲堂");
    expect(rule.text).toBe("道德讲堂 每月 2 次");
    expect(rule.cells).toHaveLength(1);
    const [dec] = rule.cells;
    expect(dec).toMatchObject({
      period: "2026-12",
      label: "2026年12月",
      state: "due",
      done: 1,
      times: 2,
      progress: "已办 1 次，需 2 次",
    });
    expect(dec!.records.map((r) => [r.title, r.date, r.upcoming])).toEqual([
      ["十二月第一讲", "2026-12-01", false],
      ["十二月第二讲", "2026-12-28", true],
    ]);
    // Due soon from the 22nd (10 days to remind), done once the second one is held.
    expect(dec!.dueSoon).toBe(false);
    expect(
      (await calendarOf("2026-12", fx.people.adminA, at("2026-12-22T09:00:00"))).rules[0]!.cells[0]!.dueSoon,
    ).toBe(true);
    const after = (await calendarOf("2026-12", fx.people.adminA, at("2026-12-28T12:00:00"))).rules.find(
      (r) => r.title === "道德讲堂",
    )!;
    expect(after.cells[0]).toMatchObject({ state: "done", done: 2 });
    // November had one: overdue.
    expect((await ruleOf("道德讲堂", "2026-11")).cells[0]).toMatchObject({ state: "overdue", done: 1 });
  });

  it("counts a published 红黑榜 edition of the month, not a draft", async () => {
    await makeBoardEdition(db, {
      communityId: fx.tree.a.community,
      month: "2026-11",
      publishedBy: fx.people.adminA,
    });
    await makeBoardEdition(db, { communityId: fx.tree.a.community, month: "2026-12", publishedBy: null });
    const quarter = await ruleOf("红黑榜发布", "2026-Q4");
    expect(quarter.cells.map((c) => [c.period, c.state])).toEqual([
      ["2026-10", "overdue"],
      ["2026-11", "done"],
      ["2026-12", "due"],
    ]);
  });

  it("counts 宣传栏 photos filed under the checklist item 宣传栏更新, dated in the quarter", async () => {
    const admin = await session(fx.people.adminA);
    const { id } = await createCampaign(db, admin, {
      name: "2027年创建全国文明城市",
      kind: "national_civilized_city",
      scopeUnitId: fx.tree.a.community,
      periodStart: "2026-09-01",
      periodEnd: "2027-12-31",
    });
    const items = await db
      .selectFrom("campaign_item")
      .select(["id", "content", "evidence_kinds"])
      .where("campaign_id", "=", id)
      .execute();
    const board = items.find((i) => i.content === "宣传栏更新")!;
    const other = items.find((i) => i.content !== "宣传栏更新" && i.evidence_kinds.includes("photo"))!;
    const file = async (itemId: number, date: string) =>
      addEvidence(
        db,
        admin,
        {
          itemId,
          kind: "photo",
          title: `宣传栏 ${date}`,
          date,
          photos: [await makeFileRow(db, fx.people.adminA)],
        },
        NOW,
      );
    expect((await ruleOf("宣传栏更新")).cells[0]).toMatchObject({ period: "2026-Q4", state: "due", done: 0 });
    await file(board.id, "2026-09-20"); // Q3: not this quarter
    await file(other.id, "2026-11-02"); // under another item: does not count
    expect((await ruleOf("宣传栏更新")).cells[0]).toMatchObject({ state: "due", done: 0 });
    await file(board.id, "2026-11-02");
    expect((await ruleOf("宣传栏更新")).cells[0]).toMatchObject({ state: "done", done: 1 });
    expect((await ruleOf("宣传栏更新", "2026-Q3")).cells[0]).toMatchObject({ state: "done", done: 1 });
  });
});

describe("manual ticks", () => {
  it("ticks 入户走访 for the quarter with a photo, by its 责任人, and withdraws it", async () => {
    const visits = await ruleOf("入户走访");
    expect(visits.mayTick).toBe(true);
    const worker = await session(fx.people.workerA);
    // Not theirs yet: a grid worker ticks only the duties given to them.
    const photo = await makeFileRow(db, fx.people.workerA);
    const tick = {
      ruleId: visits.id,
      period: "2026-Q4",
      doneOn: "2026-12-18",
      note: "走访独居老人12户",
      photos: [photo],
    };
    await expect(tickDuty(db, worker, tick, NOW)).rejects.toMatchObject({ kind: "forbidden" });
    await updateDutyRule(
      db,
      await session(fx.people.adminA),
      { ...fieldsOf(visits), id: visits.id, responsibleUserId: fx.people.workerA },
      NOW,
    );
    expect(
      (await calendarOf("2026-12", fx.people.workerA)).rules.find((r) => r.id === visits.id)!.mayTick,
    ).toBe(true);
    const { id } = await tickDuty(db, worker, tick, NOW);
    const cell = (await ruleOf("入户走访")).cells[0]!;
    expect(cell).toMatchObject({ state: "done", done: 1 });
    expect(cell.records).toEqual([
      expect.objectContaining({
        type: "tick",
        id,
        date: "2026-12-18",
        title: "走访独居老人12户",
        by: { id: fx.people.workerA, name: "张伟" },
      }),
    ]);
    expect(cell.records[0]!.photos!.map((p) => p.id)).toEqual([photo]);
    // Another grid worker of the 社区 may not withdraw it; its author may.
    await expect(untickDuty(db, await session(fx.people.workerA2), { id }, NOW)).rejects.toMatchObject({
      kind: "forbidden",
    });
    await untickDuty(db, worker, { id }, NOW);
    expect((await ruleOf("入户走访")).cells[0]).toMatchObject({ state: "due", done: 0 });
    const file = await db
      .selectFrom("file")
      .select("owner_id")
      .where("id", "=", photo)
      .executeTakeFirstOrThrow();
    expect(file.owner_id).toBeNull();
  });

  it("refuses a tick field by field", async () => {
    const admin = fx.as(fx.people.adminA);
    const visits = await ruleOf("入户走访");
    const lectures = await ruleOf("道德讲堂");
    const photo = await makeFileRow(db, fx.people.adminA);
    const good = { ruleId: visits.id, period: "2026-Q4", doneOn: "2026-10-10", photos: [photo] };
    const fieldErrors = async (input: typeof good) =>
      errorShapeOf(await trpcErrorOf((await admin).campaign.tickDuty(input)), "campaign.tickDuty").data
        .fieldErrors;
    expect(await fieldErrors({ ...good, ruleId: lectures.id })).toEqual({
      ruleId: ["该工作按“举办活动”自动计入，无需打卡"],
    });
    expect(await fieldErrors({ ...good, period: "2026-10" })).toEqual({
      period: ["该工作每季度一次，请选择对应的季度"],
    });
    expect(await fieldErrors({ ...good, period: "2026-13" })).toEqual({
      period: ["期间格式应为 2026-12 或 2026-Q4"],
    });
    expect(await fieldErrors({ ...good, doneOn: "2026-09-30" })).toEqual({
      doneOn: ["完成日期须在 2026-10-01 至 2026-12-31 之间"],
    });
    expect(await fieldErrors({ ...good, photos: [] })).toEqual({ photos: ["请上传至少一张现场照片"] });
    expect(await db.selectFrom("duty_tick").select("id").execute()).toEqual([]);
  });

  it("refuses a day after today", async () => {
    const visits = await ruleOf("入户走访");
    const photo = await makeFileRow(db, fx.people.adminA);
    const tick = { ruleId: visits.id, period: "2026-Q4", doneOn: "2026-12-21", photos: [photo] };
    await expect(tickDuty(db, await session(fx.people.adminA), tick, NOW)).rejects.toMatchObject({
      field: "doneOn",
      message: "完成日期不能晚于今天",
    });
  });
});

function fieldsOf(r: Awaited<ReturnType<typeof ruleOf>>) {
  return {
    title: r.title,
    cadence: r.cadence,
    times: r.times,
    doneBy: r.doneBy,
    activityKind: r.activityKind,
    evidenceKind: r.evidenceKind,
    evidenceItem: r.evidenceItem,
    responsibleUserId: r.responsible?.id ?? null,
    remindDays: r.remindDays,
    forResidents: r.forResidents,
  };
}

describe("editing the rules", () => {
  it("adds the built-in rules once only, to a 社区 never set up", async () => {
    expect((await calendarOf("2026-12")).defaultsAvailable).toBe(false);
    const again = await trpcErrorOf(
      (await fx.as(fx.people.adminA)).campaign.installDefaultDuties({ communityId: fx.tree.a.community }),
    );
    expect(again.code).toBe("CONFLICT");
    const b = await dutyCalendar(
      db,
      await session(fx.people.adminB),
      { communityId: fx.tree.b.community, view: "2026-12" },
      NOW,
    );
    expect(b).toMatchObject({ defaultsAvailable: true, rules: [] });
    // A grid worker reads the calendar but is never offered the defaults.
    const worker = await dutyCalendar(
      db,
      await session(fx.people.workerB),
      { communityId: fx.tree.b.community, view: "2026-12" },
      NOW,
    );
    expect(worker).toMatchObject({ defaultsAvailable: false, mayEdit: false });
  });

  it("refuses an incomplete rule field by field, and a 责任人 from another 社区", async () => {
    const admin = await fx.as(fx.people.adminA);
    const base = {
      communityId: fx.tree.a.community,
      title: "周末文明劝导",
      cadence: "month" as const,
      times: 4,
      remindDays: 7,
      forResidents: true,
    };
    const fieldErrors = async (input: Parameters<typeof admin.campaign.addDuty>[0]) =>
      errorShapeOf(await trpcErrorOf(admin.campaign.addDuty(input)), "campaign.addDuty").data.fieldErrors;
    expect(await fieldErrors({ ...base, doneBy: "activity" })).toEqual({
      activityKind: ["请选择计入的活动类型"],
    });
    expect(await fieldErrors({ ...base, doneBy: "evidence", evidenceKind: "photo" })).toEqual({
      evidenceItem: ["请填写材料所在的测评内容（如 宣传栏更新）"],
    });
    expect(await fieldErrors({ ...base, doneBy: "manual", responsibleUserId: fx.people.workerB })).toEqual({
      responsibleUserId: ["只能交给本社区的工作人员"],
    });
    expect(await fieldErrors({ ...base, doneBy: "manual", times: 0, title: " " })).toEqual({
      times: ["每期至少1次"],
      title: ["请填写工作名称"],
    });
    const street = errorShapeOf(
      await trpcErrorOf(admin.campaign.calendar({ communityId: fx.tree.street, view: "2026-12" })),
      "campaign.calendar",
    );
    expect(street.data.fieldErrors).toEqual({ communityId: ["请选择一个社区"] });
    const { id } = await admin.campaign.addDuty({
      ...base,
      doneBy: "activity",
      activityKind: "volunteer_service",
      evidenceKind: "photo",
    });
    const added = (await calendarOf("2026-12")).rules.find((r) => r.id === id)!;
    // What does not apply to its way of counting is not kept.
    expect(added).toMatchObject({
      title: "周末文明劝导",
      activityKind: "volunteer_service",
      evidenceKind: null,
      forResidents: true,
    });
  });

  it("refuses a stale edit, and archives a ticked rule where it deletes an unticked one", async () => {
    const admin = await session(fx.people.adminA);
    const visits = await ruleOf("入户走访");
    await updateDutyRule(
      db,
      admin,
      { ...fieldsOf(visits), id: visits.id, version: visits.version, times: 2 },
      NOW,
    );
    await expect(
      updateDutyRule(
        db,
        admin,
        { ...fieldsOf(visits), id: visits.id, version: visits.version, times: 3 },
        NOW,
      ),
    ).rejects.toMatchObject({ kind: "conflict" });
    const photo = await makeFileRow(db, fx.people.adminA);
    await tickDuty(
      db,
      admin,
      { ruleId: visits.id, period: "2026-Q4", doneOn: "2026-12-01", photos: [photo] },
      NOW,
    );
    expect(await removeDutyRule(db, admin, { id: visits.id }, NOW)).toEqual({ archived: true });
    const sweep = await ruleOf("环境卫生大扫除");
    expect(await removeDutyRule(db, admin, { id: sweep.id }, NOW)).toEqual({ archived: false });
    const left = await db
      .selectFrom("duty_rule")
      .select(["title", "archived_at"])
      .where("title", "in", ["入户走访", "环境卫生大扫除"])
      .execute();
    expect(left).toEqual([{ title: "入户走访", archived_at: NOW.toISOString() }]);
    expect((await calendarOf("2026-12")).rules.map((r) => r.title)).not.toContain("入户走访");
    // Removing every rule does not bring the defaults back.
    expect((await calendarOf("2026-12")).defaultsAvailable).toBe(false);
  });

  it("is read by whoever works in the 社区, not by another 社区 nor a resident", async () => {
    for (const userId of [fx.people.street, fx.people.workerA]) {
      expect((await calendarOf("2026-12", userId)).rules.length).toBe(7);
    }
    await expect(calendarOf("2026-12", fx.people.adminB)).rejects.toMatchObject({ kind: "forbidden" });
    const resident = await trpcErrorOf(
      (await fx.as(fx.people.resident)).campaign.calendar({
        communityId: fx.tree.a.community,
        view: "2026-12",
      }),
    );
    expect(resident.code).toBe("FORBIDDEN");
  });
});

describe("reminders", () => {
  const notices = () =>
    db
      .selectFrom("notification")
      .select(["user_id", "kind", "title", "body", "link"])
      .orderBy("id")
      .execute();

  it("tells the 社区's admins of what is due soon and what was left undone, once each", async () => {
    await lecture("2026-12-03T09:00:00");
    await addDutyRule(
      db,
      await session(fx.people.adminA),
      {
        communityId: fx.tree.a.community,
        title: "楼道巡查",
        cadence: "month",
        times: 1,
        doneBy: "manual",
        remindDays: 3,
        forResidents: false,
      },
      at("2026-11-15T09:00:00"),
    );
    const dec25 = at("2026-12-25T09:00:00");
    const sent = await sendDutyReminders(db, dec25);
    const got = await notices();
    const titles = got.map((n) => n.title);
    // Due soon on the 25th: 道德讲堂 (10 days), 志愿服务活动 (10), 红黑榜发布 (7), 环境卫生大扫除 (7),
    // and the quarter's 宣传栏更新, 文体活动, 入户走访 (15); 楼道巡查 (3 days) is not yet.
    expect(titles.filter((t) => t.endsWith("即将到期")).sort()).toEqual(
      ["道德讲堂", "志愿服务活动", "红黑榜发布", "环境卫生大扫除", "宣传栏更新", "文体活动", "入户走访"]
        .map((t) => `${t} 即将到期`)
        .sort(),
    );
    // November's monthly duties were left undone (the rules date from 1 September). 楼道巡查 was added
    // mid-November and the quarterly rules after Q3 began: those periods are not held against them.
    expect(titles.filter((t) => t.endsWith("已逾期")).sort()).toEqual(
      ["道德讲堂", "志愿服务活动", "红黑榜发布", "环境卫生大扫除"].map((t) => `${t} 已逾期`).sort(),
    );
    expect(sent).toEqual({ due: 7, overdue: 4 });
    expect(got.every((n) => n.user_id === fx.people.adminA)).toBe(true);
    const lectureDue = got.find((n) => n.title === "道德讲堂 即将到期")!;
    expect(lectureDue).toMatchObject({
      kind: "duty_due",
      body: "甲社区 2026年12月道德讲堂：已办 1 次，需 2 次，还剩 7 天。",
      link: `/admin/calendar?community=${fx.tree.a.community}&period=2026-12`,
    });
    expect(await sendDutyReminders(db, at("2026-12-26T09:00:00"))).toEqual({ due: 0, overdue: 0 });
    expect(await notices()).toHaveLength(got.length);
  });

  it("goes to the 责任人 alone, and not at all once done", async () => {
    const admin = await session(fx.people.adminA);
    const sweep = await ruleOf("环境卫生大扫除");
    await updateDutyRule(
      db,
      admin,
      { ...fieldsOf(sweep), id: sweep.id, responsibleUserId: fx.people.workerA },
      NOW,
    );
    const visits = await ruleOf("入户走访");
    await tickDuty(
      db,
      admin,
      {
        ruleId: visits.id,
        period: "2026-Q4",
        doneOn: "2026-12-20",
        photos: [await makeFileRow(db, fx.people.adminA)],
      },
      NOW,
    );
    await sendDutyReminders(db, at("2026-12-30T09:00:00"));
    const got = await notices();
    // Due this month and left undone last month: both to 张伟 alone.
    expect(got.filter((n) => n.title.startsWith("环境卫生大扫除")).map((n) => [n.user_id, n.kind])).toEqual([
      [fx.people.workerA, "duty_due"],
      [fx.people.workerA, "duty_overdue"],
    ]);
    expect(got.some((n) => n.title.startsWith("入户走访"))).toBe(false);
  });
});

describe("本月安排 on the portal", () => {
  it("gives a resident the month's duties for residents with their activity dates", async () => {
    await lecture("2026-12-03T09:00:00", "十二月第一讲");
    await lecture("2026-12-24T09:00:00", "十二月第二讲");
    const month = await residentMonth(db, await session(fx.people.resident), NOW);
    expect(month.month).toBe("2026-12");
    expect(month.duties.map((d) => d.title)).toEqual([
      "道德讲堂",
      "志愿服务活动",
      "环境卫生大扫除",
      "文体活动",
    ]);
    expect(month.duties[0]!.activities).toEqual([
      expect.objectContaining({ title: "十二月第一讲", date: "2026-12-03", held: true }),
      expect.objectContaining({ title: "十二月第二讲", date: "2026-12-24", held: false }),
    ]);
    // Staff without a 社区 of their own get nothing.
    expect((await residentMonth(db, await session(fx.people.street), NOW)).duties).toEqual([]);
  });
});
