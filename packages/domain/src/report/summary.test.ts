import JSZip from "jszip";
import sharp from "sharp";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { ActivityKind, Database } from "../db/database.js";
import type { ProblemState } from "../problem/rules.js";
import { createCampaign } from "../campaign/campaign-service.js";
import { campaignPeople } from "../campaign/test-fixture.js";
import {
  callerFor,
  createTestDb,
  makeActivity,
  makeFileRow,
  makeProblem,
  makeSignup,
  makeVolunteer,
  memoryStorage,
  errorShapeOf,
  sessionFor,
  trpcErrorOf,
} from "../testing/index.js";
import { communityDashboard } from "./dashboard-service.js";
import {
  generateSummary,
  regenerateSummary,
  summaryDocx,
  saveSummaryParagraph,
  summaryDraft,
  summaryDrafts,
} from "./summary-service.js";

// 工作总结: 甲社区's 2026 draft from rows made here (today is 2026-12-05 in China); its figures
// against the dashboard's for the same month; editing, 重新生成, who may, and bad periods.

const NOW = new Date("2026-12-05T02:00:00.000Z");

let db: Kysely<Database>;
let fx: Awaited<ReturnType<typeof campaignPeople>>;
let campaignId: number;

const yearOf = async (who = fx.people.adminA, unitId = fx.tree.a.community) =>
  generateSummary(db, await sessionFor(db, who), { unitId, period: { kind: "year", year: 2026 } }, NOW);

const textOf = (d: Awaited<ReturnType<typeof yearOf>>) => d.document.paragraphs.map((p) => p.text).join("\n");
const figure = (d: Awaited<ReturnType<typeof yearOf>>, key: string) =>
  d.document.figures.find((f) => f.key === key)?.value;

beforeEach(async () => {
  db = await createTestDb();
  fx = await campaignPeople(db);
  const { tree, people } = fx;
  campaignId = (
    await createCampaign(
      db,
      await sessionFor(db, people.street),
      {
        name: "2026年创建全国文明城市",
        kind: "national_civilized_city",
        scopeUnitId: tree.street,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
      },
      NOW,
    )
  ).id;
  const A = tree.a;
  // Problems of 甲 (state, deadline, created, closed): three closed this year (two on time), one open
  // and overdue; one of 2025 that the year leaves out.
  const problems: Array<[ProblemState, string | null, string, string | null]> = [
    ["closed", "2026-03-05", "2026-03-01T02:00:00.000Z", "2026-03-02T02:00:00.000Z"],
    ["closed", "2026-06-10", "2026-06-01T02:00:00.000Z", "2026-06-05T02:00:00.000Z"],
    ["closed", "2026-09-01", "2026-08-20T02:00:00.000Z", "2026-09-10T02:00:00.000Z"],
    ["rectifying", "2026-11-01", "2026-10-25T02:00:00.000Z", null],
    ["closed", "2025-12-10", "2025-12-01T02:00:00.000Z", "2025-12-05T02:00:00.000Z"],
  ];
  for (const [state, deadline, createdAt, closedAt] of problems)
    await makeProblem(db, { courtyardId: A.courtyard, state, deadline, createdAt, closedAt });

  // Volunteers of 甲: 3 registered of 3000 residents (target 0.5 %), one pending.
  const v = await makeVolunteer(db, { courtyardId: A.courtyard });
  await makeVolunteer(db, { courtyardId: A.courtyard });
  await makeVolunteer(db, { courtyardId: A.courtyard });
  await makeVolunteer(db, { courtyardId: A.courtyard, status: "pending" });
  await db
    .insertInto("community_setting")
    .values({ community_id: A.community, volunteer_target_permille: 5 })
    .execute();

  // Activities: a service of 2 hours confirmed, one 道德讲堂 held, one 道德讲堂 still to come.
  const activity = (
    startsAt: string,
    endsAt: string,
    kind: ActivityKind = "volunteer_service",
    title?: string,
  ) => makeActivity(db, { communityId: A.community, startsAt, endsAt, kind, ...(title ? { title } : {}) });
  const service = await activity("2026-05-01T01:00:00Z", "2026-05-01T03:00:00Z");
  const signup = await makeSignup(db, {
    activityId: service,
    volunteerId: v.id,
    checkInAt: "2026-05-01T01:00:00Z",
    checkOutAt: "2026-05-01T03:00:00Z",
    minutes: 120,
  });
  await db
    .updateTable("activity_signup")
    .set({ hours_status: "confirmed", confirmed_minutes: 120 })
    .where("id", "=", signup)
    .execute();
  await activity("2026-12-02T11:00:00Z", "2026-12-02T12:30:00Z", "moral_lecture", "孝老爱亲话家风");
  await activity("2026-12-20T11:00:00Z", "2026-12-20T12:30:00Z", "moral_lecture");
});

describe("the draft of 甲社区's 2026 summary", () => {
  it("has the four parts in order, each figure in its text and in the 附表 with a source", async () => {
    const d = await yearOf();
    expect(d.title).toBe("甲社区2026年度创城工作总结");
    expect(d.periodLabel).toBe("2026年度");
    expect([...new Set(d.document.paragraphs.map((p) => p.section))]).toEqual([
      "basic",
      "practice",
      "issues",
      "plans",
    ]);
    const text = textOf(d);
    for (const f of d.document.figures) {
      expect(text, f.key).toContain(f.value);
      expect(f.source.length, f.key).toBeGreaterThan(0);
      expect(f.period).toMatch(/^(截至)?2026年1?\d月\d+日/);
    }
    for (const p of d.document.paragraphs)
      for (const k of p.figureKeys) expect(d.document.figures.some((f) => f.key === k)).toBe(true);
    expect(text).not.toMatch(/XX|___|undefined|null|NaN/);
    expect(d.document.dateText).toBe("2026年12月5日");
  });

  it("counts as worked out by hand: units, volunteers, activities, 道德讲堂 and problems of the year", async () => {
    const d = await yearOf();
    expect(figure(d, "units.households")).toBe("1000户");
    expect(figure(d, "units.population")).toBe("3000人");
    expect(figure(d, "units.grids")).toBe("1个");
    expect(figure(d, "volunteers.registered")).toBe("3人");
    expect(figure(d, "volunteers.ratio")).toBe("0.1%");
    expect(figure(d, "activities.held")).toBe("2场");
    expect(figure(d, "activities.hours")).toBe("2小时");
    expect(figure(d, "lectures.held")).toBe("1场");
    expect(textOf(d)).toContain("“孝老爱亲话家风”");
    expect(figure(d, "problems.found")).toBe("4个");
    expect(figure(d, "problems.closed")).toBe("3个");
    expect(figure(d, "problems.onTime")).toBe("66.7%");
    expect(figure(d, "problems.median")).toBe("4天");
    expect(figure(d, "problems.overdue")).toBe("1个");
    // 三、存在问题 names the ratio under target and the 道德讲堂 short of 2 a month; 四 answers each.
    const issues = d.document.paragraphs.filter((p) => p.section === "issues").map((p) => p.text);
    const plans = d.document.paragraphs.filter((p) => p.section === "plans").map((p) => p.text);
    expect(issues.some((t) => t.includes("尚未达到0.5%的目标"))).toBe(true);
    expect(issues.some((t) => t.includes("应开展24场，实际开展1场"))).toBe(true);
    expect(plans.length).toBe(issues.length);
    expect(d.campaignId).toBe(campaignId);
  });

  it("gives the same figures as the dashboard for the same month", async () => {
    const session = await sessionFor(db, fx.people.adminA);
    const dash = await communityDashboard(
      db,
      session,
      { communityId: fx.tree.a.community, month: "2026-12" },
      NOW,
    );
    const d = await generateSummary(
      db,
      session,
      { unitId: fx.tree.a.community, period: { kind: "month", year: 2026, month: 12 } },
      NOW,
    );
    expect(figure(d, "volunteers.registered")).toBe(`${dash.volunteers.registered}人`);
    expect(figure(d, "volunteers.ratio")).toBe(`${dash.volunteers.ratioPercent}%`);
    expect(figure(d, "lectures.held")).toBe(`${dash.lectures.held}场`);
    expect(figure(d, "problems.overdue")).toBe(`${dash.problems.overdue}个`);
  });

  it("says plainly where a period has no data, never inventing figures", async () => {
    const d = await generateSummary(
      db,
      await sessionFor(db, fx.people.adminA),
      { unitId: fx.tree.a.community, period: { kind: "quarter", year: 2026, quarter: 1 } },
      new Date("2026-12-05T02:00:00.000Z"),
    );
    const text = textOf(d);
    expect(text).toContain("本期无道德讲堂记录");
    expect(text).toContain("本期无已结束的志愿服务和文体活动记录");
    expect(figure(d, "problems.found")).toBe("1个");
    expect(text).not.toMatch(/XX|___|undefined|NaN/);
  });

  it("for a 街道 reads its 社区 together and lists each one's volunteers", async () => {
    const d = await yearOf(fx.people.street, fx.tree.street);
    expect(figure(d, "units.communities")).toBe("2个");
    expect(figure(d, "units.population")).toBe("6000人");
    expect(textOf(d)).toContain("各社区注册志愿者：甲社区3人（0.1%，目标0.5%），乙社区0人（0%，目标10%）");
    expect(figure(d, "volunteers.reached")).toBe("0个");
    expect(
      d.document.paragraphs.find(
        (p) => p.section === "issues" && p.text.startsWith("甲社区、乙社区注册志愿者"),
      ),
    ).toBeDefined();
  });
});

describe("the .docx", () => {
  it("carries every figure of the draft, in the text and in the 附表, and a person's rewritten paragraph", async () => {
    const admin = await callerFor(db, fx.people.adminA);
    const d = await admin.report.generateSummary({
      unitId: fx.tree.a.community,
      period: { kind: "year", year: 2026 },
    });
    const plan = d.document.paragraphs.find((p) => p.section === "plans")!;
    await admin.report.saveSummaryParagraph({
      id: d.id,
      key: plan.key,
      text: "明年每月举办两场道德讲堂。",
      version: d.version,
    });
    const file = await admin.report.summaryDocx({ id: d.id });
    expect(file.fileName).toBe(`${d.title}.docx`);
    const zip = await JSZip.loadAsync(Buffer.from(file.base64, "base64"));
    const xml = await zip.file("word/document.xml")!.async("string");
    const paragraphs = xml
      .split("</w:p>")
      .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));
    const text = paragraphs.join("\n");
    expect(paragraphs).toContain("明年每月举办两场道德讲堂。");
    expect(text).not.toContain(plan.text);
    for (const f of d.document.figures) {
      expect(text, f.key).toContain(f.value);
      expect(text, f.key).toContain(f.label);
    }
  });
});

describe("the examples' photos", () => {
  it("prints a closed problem's photo before and after 整改 side by side, numbered and captioned", async () => {
    // 甲's problem closed in June (on time): a photo at 上报 and one at 整改上报, bytes in the store.
    const problem = await db
      .selectFrom("problem")
      .select("id")
      .where("closed_at", "=", "2026-06-05T02:00:00.000Z")
      .executeTakeFirstOrThrow();
    const storage = memoryStorage();
    // makeProblem wrote its 上报 step; the 整改上报 step is added here.
    const reported = await db
      .selectFrom("problem_step")
      .select("id")
      .where("problem_id", "=", problem.id)
      .where("action", "=", "report")
      .executeTakeFirstOrThrow();
    const submitted = await db
      .insertInto("problem_step")
      .values({
        problem_id: problem.id,
        action: "submit",
        from_state: "rectifying",
        to_state: "reviewing",
        actor_user_id: fx.people.workerA,
        note: "已清理",
        assignee_user_id: null,
        deadline: null,
        rating: null,
        created_at: "2026-06-04T02:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [step, colour] of [
      [reported, [200, 40, 40]],
      [submitted, [40, 160, 60]],
    ] as const) {
      const file = await makeFileRow(db, fx.people.workerA);
      const row = await db
        .updateTable("file")
        .set({ owner_type: "problem_step", owner_id: step.id, attached_at: NOW.toISOString() })
        .where("id", "=", file)
        .returning("thumb_key")
        .executeTakeFirstOrThrow();
      await storage.put(
        row.thumb_key,
        await sharp({
          create: {
            width: 320,
            height: 240,
            channels: 3,
            background: { r: colour[0], g: colour[1], b: colour[2] },
          },
        })
          .jpeg()
          .toBuffer(),
      );
    }
    const session = await sessionFor(db, fx.people.adminA);
    const d = await yearOf();
    const example = d.document.paragraphs.find((p) => p.photos !== undefined)!;
    expect(example.text).toContain("6月1日发现、4天内整改到位");
    expect(example.photos).toEqual([
      { before: expect.any(Number), after: expect.any(Number), caption: "甲社区一号院 楼道堆物" },
    ]);
    const file = await summaryDocx(db, storage, session, { id: d.id }, NOW);
    const zip = await JSZip.loadAsync(Buffer.from(file.base64, "base64"));
    expect(Object.keys(zip.files).filter((n) => n.startsWith("word/media/"))).toHaveLength(2);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("图1  甲社区一号院 楼道堆物 整改前（左）、整改后（右）");
    // Without a file store (or with the bytes gone) the draft still downloads, without pictures.
    const bare = await JSZip.loadAsync(
      Buffer.from((await summaryDocx(db, null, session, { id: d.id }, NOW)).base64, "base64"),
    );
    expect(Object.keys(bare.files).filter((n) => n.startsWith("word/media/"))).toHaveLength(0);
  });
});

describe("editing and 重新生成", () => {
  it("saves a paragraph's text with the version seen, refuses a stale one, and keeps the old draft on 重新生成", async () => {
    const d = await yearOf();
    const session = await sessionFor(db, fx.people.adminA);
    const plan = d.document.paragraphs.find((p) => p.section === "plans")!;
    const saved = await saveSummaryParagraph(
      db,
      session,
      { id: d.id, key: plan.key, text: "明年每月举办两场道德讲堂。", version: d.version },
      NOW,
    );
    expect(saved.version).toBe(d.version + 1);
    expect(saved.document.paragraphs.find((p) => p.key === plan.key)).toMatchObject({
      text: "明年每月举办两场道德讲堂。",
      edited: true,
    });
    expect(saved.updatedByName).toBe("李秀英");
    await expect(
      saveSummaryParagraph(db, session, { id: d.id, key: plan.key, text: "旧版本", version: d.version }, NOW),
    ).rejects.toMatchObject({ kind: "conflict" });
    await expect(
      saveSummaryParagraph(
        db,
        session,
        { id: d.id, key: "plans.nope.9", text: "x", version: saved.version },
        NOW,
      ),
    ).rejects.toMatchObject({ kind: "invalid", field: "key" });

    const fresh = await regenerateSummary(db, session, { id: d.id }, NOW);
    expect(fresh.id).not.toBe(d.id);
    expect(fresh.previousId).toBe(d.id);
    expect(fresh.document.paragraphs.every((p) => !p.edited)).toBe(true);
    const old = await summaryDraft(db, session, { id: d.id });
    expect(old.document.paragraphs.find((p) => p.key === plan.key)!.text).toBe("明年每月举办两场道德讲堂。");
    const list = await summaryDrafts(db, session, { unitId: fx.tree.a.community });
    expect(list.map((l) => [l.id, l.replaced, l.editedParagraphs])).toEqual([
      [fresh.id, false, 0],
      [d.id, true, 1],
    ]);
    const actions = await db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "summary_draft")
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      "report.summary_edit",
      "report.summary_generate",
      "report.summary_generate",
    ]);
  });
});

describe("who may, and bad input", () => {
  it("is for the unit's admins and those above: not 乙's admin, a grid worker or a resident", async () => {
    const { people, tree } = fx;
    await expect(yearOf(people.street)).resolves.toMatchObject({ unitName: "甲社区" });
    for (const who of [people.adminB, people.workerA]) {
      await expect(yearOf(who)).rejects.toMatchObject({ kind: "forbidden" });
    }
    await expect(yearOf(people.adminA, tree.street)).rejects.toMatchObject({ kind: "forbidden" });
    const d = await yearOf();
    await expect(summaryDraft(db, await sessionFor(db, people.adminB), { id: d.id })).rejects.toMatchObject({
      kind: "forbidden",
    });
    const resident = await callerFor(db, people.resident);
    expect((await trpcErrorOf(resident.report.summary({ id: d.id }))).code).toBe("FORBIDDEN");
  });

  it("refuses a future period, ten years, reversed dates and a grid, naming the field in Chinese", async () => {
    const admin = await callerFor(db, fx.people.adminA);
    const unitId = fx.tree.a.community;
    const thisYear = new Date().getUTCFullYear();
    const cases: Array<[Parameters<typeof admin.report.generateSummary>[0], string, string]> = [
      [{ unitId, period: { kind: "year", year: thisYear + 1 } }, "period.year", "年份应在"],
      [
        { unitId, period: { kind: "range", from: "2016-01-01", to: "2025-12-31" } },
        "period.to",
        "不能超过3年",
      ],
      [
        { unitId, period: { kind: "range", from: "2026-03-01", to: "2026-02-01" } },
        "period.to",
        "不能早于开始日期",
      ],
      [
        { unitId, period: { kind: "range", from: `${thisYear + 1}-01-01`, to: `${thisYear + 1}-02-01` } },
        "period.from",
        "尚未开始",
      ],
      [{ unitId, period: { kind: "month", year: 2026, month: 13 } }, "period.month", "月份无效"],
      [{ unitId: fx.tree.a.grid, period: { kind: "year", year: 2026 } }, "unitId", "请选择社区或街道"],
    ];
    for (const [input, field, message] of cases) {
      const e = await trpcErrorOf(admin.report.generateSummary(input));
      expect(e.code, field).toBe("BAD_REQUEST");
      expect(e.message).toContain(message);
      const fields = errorShapeOf(e, "report.generateSummary").data.fieldErrors as Record<string, string[]>;
      expect(Object.keys(fields), message).toEqual([field]);
    }
    expect(await db.selectFrom("summary_draft").select("id").execute()).toEqual([]);
  });

  it("takes a campaign's period only for a unit the campaign covers", async () => {
    const admin = await callerFor(db, fx.people.adminA);
    const d = await admin.report.generateSummary({
      unitId: fx.tree.a.community,
      period: { kind: "campaign", campaignId },
    });
    expect(d.periodLabel).toBe("2026年创建全国文明城市");
    expect(d.title).toBe("甲社区2026年创建全国文明城市创城工作总结");
    const other = await createCampaign(
      db,
      await sessionFor(db, fx.people.adminB),
      {
        name: "乙社区文明社区创建",
        kind: "civilized_community",
        scopeUnitId: fx.tree.b.community,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
      },
      NOW,
    );
    const e = await trpcErrorOf(
      admin.report.generateSummary({
        unitId: fx.tree.a.community,
        period: { kind: "campaign", campaignId: other.id },
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("不包括甲社区");
  });
});
