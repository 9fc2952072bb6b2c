import { TRPCError } from "@trpc/server";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "./db/database.js";
import { appRouter } from "./root.js";
import { IMPORT_COLUMNS } from "./volunteer/volunteer-excel.js";
import { qrToken } from "./activity/attendance-service.js";
import { recordingSms } from "./auth/sms.js";
import { notify } from "./notification/notification-service.js";
import {
  FACTORY_PASSWORD,
  TEST_KEYS,
  callerFor,
  createTestDb,
  makeActivity,
  makeDocumentRow,
  makeFileRow,
  makeOrgTree,
  makeProblem,
  makeSignup,
  makeUnit,
  makeUser,
  makeVolunteer,
  memoryStorage,
  sessionFor,
  validIdNumber,
  workbookOf,
} from "./testing/index.js";
import { makeBoardAppeal, makeBoardEdition, makeBoardEntry } from "./board/test-fixture.js";
import { createCampaign } from "./campaign/campaign-service.js";
import { installDefaultDuties } from "./campaign/duty-service.js";
import { tickDuty } from "./campaign/duty-ticks.js";
import { quarterOf } from "./campaign/measure-rules.js";
import { createTask } from "./task/task-service.js";
import { takeStep } from "./task/task-steps.js";
import { superviseTask } from "./task/supervision-service.js";
import { addDays } from "./board/rules.js";
import { chinaToday } from "./time.js";
import { storeUpload } from "./files/files-service.js";
import { solidPng } from "./files/test-images.js";

// The permission matrix: every procedure of appRouter, called for real by each kind of actor with an
// input aimed at 社区 A. A procedure added without a row here fails this file.

const ACTORS = ["anonymous", "resident", "grid_worker", "community_admin", "street_admin", "system_admin"] as const;
type Actor = (typeof ACTORS)[number];

const EVERYONE: readonly Actor[] = ACTORS;
const SIGNED_IN: readonly Actor[] = ["resident", "grid_worker", "community_admin", "street_admin", "system_admin"];
const STAFF: readonly Actor[] = ["grid_worker", "community_admin", "street_admin", "system_admin"];
const ADMINS: readonly Actor[] = ["community_admin", "street_admin", "system_admin"];

async function makeFixture(db: Kysely<Database>) {
  const tree = await makeOrgTree(db);
  const grid2A = await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格" });
  const grid2B = await makeUnit(db, "grid", tree.b.community, { name: "乙社区第二网格" });
  const user = (opts: Parameters<typeof makeUser>[1]) => makeUser(db, opts).then((u) => u.id);
  const grantOf = async (userId: number) =>
    (await db.selectFrom("role_grant").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow()).id;
  const residentMobile = "13700000001";
  const actors: Record<Exclude<Actor, "anonymous">, number> = {
    resident: await user({
      mobile: residentMobile,
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
    grid_worker: await user({ role: "grid_worker", unitId: tree.a.grid }),
    community_admin: await user({ role: "community_admin", unitId: tree.a.community }),
    street_admin: await user({ role: "street_admin", unitId: tree.street }),
    system_admin: await user({ role: "system_admin" }),
  };
  const adminB = await user({ role: "community_admin", unitId: tree.b.community });
  const residentB = await user({ role: "resident", unitId: tree.b.community, communityId: tree.b.community, courtyardId: tree.b.courtyard });
  // Grid workers whose grants the revoke calls target.
  const workerGrantA = await grantOf(await user({ role: "grid_worker", unitId: grid2A }));
  const workerGrantB = await grantOf(await user({ role: "grid_worker", unitId: grid2B }));
  // Volunteers, teams and activities on both sides; the activities start in half an hour, so sign-up and
  // check-in are both open now.
  const side = async (c: typeof tree.a) => {
    const volunteer = (await makeVolunteer(db, { courtyardId: c.courtyard })).id;
    const pending = (await makeVolunteer(db, { courtyardId: c.courtyard, status: "pending" })).id;
    const done = (await makeVolunteer(db, { courtyardId: c.courtyard })).id;
    const team = (
      await db
        .insertInto("team")
        .values({ community_id: c.community, name: "环卫队", description: null, leader_volunteer_id: null, created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const activity = await makeActivity(db, { communityId: c.community, startsAt: inMinutes(30), endsAt: inMinutes(150) });
    const signup = await makeSignup(db, { activityId: activity, volunteerId: volunteer });
    const checkedOut = await makeSignup(db, { activityId: activity, volunteerId: done, checkInAt: inMinutes(30), checkOutAt: inMinutes(90), minutes: 60 });
    const courtyardName = (await db.selectFrom("org_unit").select("name").where("id", "=", c.courtyard).executeTakeFirstOrThrow()).name;
    const importFile = await workbookOf(IMPORT_COLUMNS, [
      ["纸质登记", validIdNumber("1980-02-02", true), "13600000001", courtyardName, "群众", "环卫", "周末上午", "否"],
    ]);
    return { volunteer, pending, team, activity, signup, checkedOut, importFile };
  };
  const a = await side(tree.a);
  const b = await side(tree.b);
  const { token } = await qrToken(db, TEST_KEYS, await sessionFor(db, actors.system_admin), a.activity);
  // Every caller has an SMS sender, so that the self-service reset is a real call.
  const sms = recordingSms();
  // The last four of the 身份证号 of the paper-form record set up for volunteer.claim.
  const paper = { last4: "" };
  // The notice set up for notification.markRead, in the actor's own inbox.
  const notice = { id: 0 };
  // Problems in each 社区's 楼院, one per state. In A the 责任人 is a grid worker of A's second 网格, so that
  // every actor may 复查; in B the admin of B is 责任人 of the one 整改中 (to report it) and B's grid worker
  // of the one 待复查 (for B's admin to 复查), with an upload of B's admin for the report.
  const problemsIn = async (courtyardId: number, rectifier: number, reviewed: number) => ({
    pending: await makeProblem(db, { courtyardId }),
    rectifying: await makeProblem(db, { courtyardId, state: "rectifying", assigneeId: rectifier }),
    reviewing: await makeProblem(db, { courtyardId, state: "reviewing", assigneeId: reviewed }),
    closed: await makeProblem(db, { courtyardId, state: "closed", assigneeId: reviewed }),
    worker: reviewed,
  });
  const workerA2 = await user({ role: "grid_worker", unitId: grid2A });
  const workerB = await user({ role: "grid_worker", unitId: tree.b.grid });
  const pa = await problemsIn(tree.a.courtyard, workerA2, workerA2);
  const pb = { ...(await problemsIn(tree.b.courtyard, adminB, workerB)), upload: await makeFileRow(db, adminB) };
  // The upload set up for problem.report, problem.create and problem.submit, the actor's own.
  const upload = { id: 0 };
  // 黑白榜 entries in each 社区, proposed by a grid worker of that 社区 (never an actor: approval and the
  // decision on an appeal are by someone other than the proposer), with an unpublished edition of this
  // month. The published 黑榜 entry of A is linked to A's resident, in the notice period (to 申诉).
  // Photos' bytes for board.mosaicPhoto, which reads the photo it masks.
  const storage = memoryStorage();
  const boardIn = async (c: typeof tree.a, proposerId: number, linked: number) => {
    const entry = (opts: Omit<Parameters<typeof makeBoardEntry>[1], "courtyardId" | "proposerId">) =>
      makeBoardEntry(db, { courtyardId: c.courtyard, proposerId, ...opts });
    const edition = await makeBoardEdition(db, { communityId: c.community });
    const today = chinaToday();
    const appealing = await entry({ category: "flying_wire", state: "appealing", editionId: edition, subjectUserId: linked, noticeUntil: addDays(today, 3) });
    await makeBoardAppeal(db, { entryId: appealing, appellantId: linked });
    return {
      edition,
      draft: await entry({ category: "litter", state: "draft" }),
      pending: await entry({ category: "corridor_clutter" }),
      white: await entry({ category: "good_deed", state: "published", editionId: edition, subjectName: "张明华" }),
      black: await entry({ category: "posters", state: "published", editionId: edition, subjectUserId: linked, noticeUntil: addDays(today, 3) }),
      appealing,
      photo: await photoEntry(c, proposerId),
    };
  };
  /** A 黑榜 entry with a real stored photo, for the mosaic tool. */
  async function photoEntry(c: typeof tree.a, proposerId: number) {
    const id = await makeBoardEntry(db, { courtyardId: c.courtyard, proposerId, category: "street_vending" });
    const file = await storeUpload(db, storage, { uploaderId: proposerId, input: await solidPng(64, 48) });
    await db.updateTable("file").set({ owner_type: "board_entry", owner_id: id, attached_at: new Date().toISOString() }).where("id", "=", file.id).execute();
    return { id, fileId: file.id };
  }
  const ba = await boardIn(tree.a, workerA2, actors.resident);
  const bb = await boardIn(tree.b, workerB, residentB);
  // A campaign of each 社区, made by its admin from the template, with its first two items and a grid worker to give one to.
  // The period began a month ago, so that the 社区's 办结 problem is proposed as evidence of item2 (问题整改);
  // item (组织领导) has a 方案 filed.
  const campaignIn = async (communityId: number, adminId: number, workerId: number, closedProblem: number) => {
    const today = chinaToday();
    const { id } = await createCampaign(db, await sessionFor(db, adminId), { name: "2027年创文", kind: "national_civilized_city", scopeUnitId: communityId, periodStart: addDays(today, -30), periodEnd: addDays(today, 365) });
    const [item, item2] = await db.selectFrom("campaign_item").select("id").where("campaign_id", "=", id).orderBy("sort").limit(2).execute();
    const evidence = (
      await db
        .insertInto("campaign_evidence")
        .values({ item_id: item!.id, kind: "plan", title: "创建工作方案", evidence_date: today, note: null, created_by: adminId, created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    // A 模拟测评 round of the copy (to read and to remove).
    const assessment = (
      await db
        .insertInto("campaign_assessment")
        .values({ campaign_id: id, community_id: communityId, title: "第一次模拟测评", created_by: adminId, created_at: new Date().toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await db.insertInto("campaign_grade").values({ assessment_id: assessment, item_id: item!.id, grade: "A", note: null }).execute();
    return { id, item: item!.id, item2: item2!.id, worker: workerId, evidence, problem: closedProblem, assessment, communityId };
  };
  const ca = await campaignIn(tree.a.community, actors.community_admin, workerA2, pa.closed);
  const cb = await campaignIn(tree.b.community, adminB, workerB, pb.closed);
  // Each 社区's calendar of duties: the built-in rules, 入户走访 (ticked by hand) given to a grid worker
  // of the 社区, and ticked once by its admin this quarter.
  const dutiesIn = async (communityId: number, adminId: number, workerId: number) => {
    const session = await sessionFor(db, adminId);
    await installDefaultDuties(db, session, { communityId });
    const rules = await db.selectFrom("duty_rule").select(["id", "title"]).where("community_id", "=", communityId).orderBy("sort").execute();
    const manual = rules.find((r) => r.title === "入户走访")!.id;
    await db.updateTable("duty_rule").set({ responsible_user_id: workerId }).where("id", "=", manual).execute();
    const today = chinaToday();
    const photos = [await makeFileRow(db, adminId)];
    const { id: tick } = await tickDuty(db, session, { ruleId: manual, period: quarterOf(today), doneOn: today, photos });
    return { rule: rules[0]!.id, manual, tick, communityId, worker: workerId };
  };
  // Each 社区's campaign has two tasks of the 社区 given by its admin to a grid worker of its own: one
  // not started, one submitted for 验收.
  const tasksIn = async (campaignId: number, communityId: number, adminId: number, workerId: number) => {
    const admin = await sessionFor(db, adminId);
    const today = chinaToday();
    const fields = { campaignId, unitId: communityId, assigneeUserId: workerId, startOn: today, dueOn: addDays(today, 10), priority: "normal" as const };
    const open = (await createTask(db, admin, { ...fields, title: "楼道堆物清理" })).id;
    const pending = (await createTask(db, admin, { ...fields, title: "宣传栏更新" })).id;
    const submitted = await takeStep(db, await sessionFor(db, workerId), "submit", { id: pending, version: 1 });
    return { open, pending, pendingVersion: submitted.version, communityId };
  };
  const ta = await tasksIn(ca.id, tree.a.community, actors.community_admin, actors.grid_worker);
  const tb = await tasksIn(cb.id, tree.b.community, adminB, workerB);
  const da = await dutiesIn(tree.a.community, actors.community_admin, actors.grid_worker);
  const db_ = await dutiesIn(tree.b.community, adminB, workerB);
  return { db, tree, grid2A, grid2B, actors, adminB, residentB, residentMobile, workerGrantA, workerGrantB, a, b, token, sms, paper, notice, pa, pb, upload, ba, bb, storage, ca, cb, da, dB: db_, ta, tb };
}
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
type Fixture = Awaited<ReturnType<typeof makeFixture>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
type Call = (c: Caller, fx: Fixture) => Promise<unknown>;

interface Row {
  allowed: readonly Actor[];
  /** Run first for each signed-in actor (e.g. make them a volunteer of 社区 A). */
  setup?: (fx: Fixture, userId: number) => Promise<unknown>;
  /** The call, aimed at 社区 A. */
  call: Call;
  /** For scoped mutations: the same kind of call aimed at 社区 B (refused to A's admin, allowed to B's). */
  inB?: Call[];
}

const campaignFields = { name: "2027年创建全国文明城市", kind: "national_civilized_city" as const, periodStart: "2027-01-01", periodEnd: "2027-12-31" };
const itemFields = { project: "宣传氛围", content: "楼道文明提示", standard: "每个单元门口张贴文明提示。", method: "field" as const, points: 2, evidence: ["photo" as const] };
const staffInput = (mobile: string, unitId: number) => ({ mobile, name: "新网格员", password: "staff-pass-1", role: "grid_worker" as const, unitId });
const registration = (courtyardId: number) => ({
  name: "新志愿者",
  idNumber: validIdNumber("1990-05-05", true),
  mobile: "13812340000",
  courtyardId,
  politicalStatus: "masses" as const,
  skills: ["arts" as const],
  serviceTimes: ["weekend_morning" as const],
  dataConsent: true as const,
});
const activityInput = { kind: "volunteer_service" as const, title: "敬老院探访", startsAt: inMinutes(60 * 24), endsAt: inMinutes(60 * 26), placeText: "敬老院", capacity: 10 };
/** A paper-form record the 社区 imported under the actor's own mobile, for them to claim. */
const asPaperForm = async (fx: Fixture, userId: number) => {
  const { mobile } = await fx.db.selectFrom("user").select("mobile").where("id", "=", userId).executeTakeFirstOrThrow();
  const { idNumber } = await makeVolunteer(fx.db, { courtyardId: fx.tree.a.courtyard, mobile });
  fx.paper.last4 = idNumber.slice(-4);
};
const asVolunteer = (fx: Fixture, userId: number) => makeVolunteer(fx.db, { courtyardId: fx.tree.a.courtyard, userId });
/** The last 30 days (China dates): the period of the 志愿服务证明 calls. */
const certificatePeriod = () => ({ periodStart: chinaToday(new Date(Date.now() - 30 * 86_400_000)), periodEnd: chinaToday() });
/** Two confirmed hours two days ago for the side's volunteer, so that a certificate may be issued. */
const confirmedHoursIn = async (fx: Fixture, side: "a" | "b") => {
  const startsAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const endsAt = new Date(Date.now() - 2 * 86_400_000 + 2 * 3_600_000).toISOString();
  const activityId = await makeActivity(fx.db, { communityId: fx.tree[side].community, startsAt, endsAt });
  const signup = await makeSignup(fx.db, { activityId, volunteerId: fx[side].volunteer, checkInAt: startsAt, checkOutAt: endsAt, minutes: 120 });
  await fx.db.updateTable("activity_signup").set({ hours_status: "confirmed", confirmed_minutes: 120 }).where("id", "=", signup).execute();
};
/** A certificate of the side's volunteer, issued by the system admin, for volunteer.revokeCertificate. */
const certificateIn = async (fx: Fixture, side: "a" | "b") => {
  await confirmedHoursIn(fx, side);
  const sys = await callerFor(fx.db, fx.actors.system_admin);
  return (await sys.volunteer.issueCertificate({ volunteerId: fx[side].volunteer, ...certificatePeriod() })).id;
};
/** A 工作总结 draft of the side's 社区 for this year, generated by the system admin. */
const summaryIn = async (fx: Fixture, side: "a" | "b") => {
  const sys = await callerFor(fx.db, fx.actors.system_admin);
  return sys.report.generateSummary({ unitId: fx.tree[side].community, period: { kind: "year", year: new Date().getFullYear() } });
};
/** The token of 社区 A's (or B's) import file as the preview gives it, asked by the system admin. */
const importToken = async (fx: Fixture, side: "a" | "b") =>
  (
    await (await callerFor(fx.db, fx.actors.system_admin)).volunteer.importPreview({
      communityId: fx.tree[side].community,
      fileBase64: fx[side].importFile,
    })
  ).previewToken;
const importIn = (fx: Fixture, side: "a" | "b") => ({ communityId: fx.tree[side].community, fileBase64: fx[side].importFile });
/** An upload of the actor's own, for the procedures that attach photos. */
const withUpload = async (fx: Fixture, userId: number) => {
  fx.upload.id = await makeFileRow(fx.db, userId);
};
/** A one-row 测评体系 sheet for campaign.importChecklist. */
const checklistSheet = async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("测评体系");
  ws.addRow(["测评项目", "测评内容", "测评标准", "测评方式", "分值", "所需材料"]);
  ws.addRow(["宣传氛围", "电子屏公益广告", "小区电子屏每日播放公益广告。", "实地考察", 2, "图片"]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
};
/** A one-row 任务分解表 for task.importSheet, the task given to `unit`. */
const taskSheet = async (unit: string) => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("任务分解表");
  ws.addRow(["任务", "上级任务", "责任单位", "责任人", "开始日期", "时限"]);
  ws.addRow(["垃圾分类宣传", "", unit, "", chinaToday(), addDays(chinaToday(), 10)]);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
};
/** An import that answered with row errors throws (no TRPCError): the matrix then fails loudly. */
const importedTasks = (res: { imported: boolean; errors?: unknown }) => {
  if (!res.imported) throw new Error(`task.importSheet refused its rows: ${JSON.stringify(res.errors)}`);
  return res;
};
/** A document attached to a campaign (its 实施方案), by 社区 B's admin: the id, also in fx.upload.id. */
const campaignDocumentIn = async (fx: Fixture, campaignId: number) => {
  const id = await makeDocumentRow(fx.db, fx.adminB);
  await fx.db.updateTable("document").set({ owner_type: "campaign_document", owner_id: campaignId, attached_at: new Date().toISOString() }).where("id", "=", id).execute();
  fx.upload.id = id;
  return id;
};
/** A task of a 社区, due in ten days. */
const taskIn = (campaignId: number, unitId: number) => ({
  campaignId,
  title: "垃圾分类宣传",
  unitId,
  startOn: chinaToday(),
  dueOn: addDays(chinaToday(), 10),
  priority: "normal" as const,
});
/** A task of the 社区's first 网格, given by its admin to no one (A's admin, or B's). */
const gridTaskIn = async (fx: Fixture, side: "a" | "b") => {
  const admin = await sessionFor(fx.db, side === "a" ? fx.actors.community_admin : fx.adminB);
  const campaignId = side === "a" ? fx.ca.id : fx.cb.id;
  return (await createTask(fx.db, admin, { ...taskIn(campaignId, fx.tree[side].grid), title: "一号院楼道清理" })).id;
};
/** An open 督办单 on the task, by `issuerId`, or by a second 街道 admin (nobody among the actors) when not given. */
const supervisionOn = async (fx: Fixture, taskId: number, issuerId?: number) => {
  const issuer = issuerId ?? (await makeUser(fx.db, { role: "street_admin", unitId: fx.tree.street, name: "督办人" })).id;
  return (await superviseTask(fx.db, await sessionFor(fx.db, issuer), { taskId, note: "进度滞后", replyBy: chinaToday() })).id;
};
/** The fields of a duty rule, as the console sends them. */
const dutyFields = { title: "楼道巡查", cadence: "month" as const, times: 1, doneBy: "manual" as const, remindDays: 5, forResidents: false };
/** Takes a 社区's duties away, so that it may start again from the built-in rules. */
const withoutDuties = async (fx: Fixture, communityId: number) => {
  const rules = fx.db.selectFrom("duty_rule").select("id").where("community_id", "=", communityId);
  await fx.db.deleteFrom("duty_tick").where("rule_id", "in", rules).execute();
  await fx.db.deleteFrom("duty_rule").where("community_id", "=", communityId).execute();
};
/** A 模拟测评 round of a copy: its first item graded A, its second C#. */
const assessIn = (copy: Fixture["ca"]) => ({
  campaignId: copy.id,
  communityId: copy.communityId,
  title: "迎检前自查",
  grades: [
    { itemId: copy.item, grade: "A" as const },
    { itemId: copy.item2, grade: "C#" as const, note: "缺少会议记录" },
  ],
});
/** The campaign item is given to the actor (a grid worker may then file its evidence). */
const assignedTo = (fx: Fixture, itemId: number, userId: number) =>
  fx.db.updateTable("campaign_item").set({ assignee_user_id: userId }).where("id", "=", itemId).execute();
/** The actor reported 社区 A's 办结 problem (to follow and rate it). */
const asReporter = (fx: Fixture, userId: number) =>
  fx.db.updateTable("problem").set({ reporter_user_id: userId }).where("id", "=", fx.pa.closed).execute();
/** The actor is 责任人 of 社区 A's 整改中 problem, with an upload for the photo after. */
const asAssignee = async (fx: Fixture, userId: number) => {
  await withUpload(fx, userId);
  await fx.db.updateTable("problem").set({ assignee_user_id: userId }).where("id", "=", fx.pa.rectifying).execute();
};
const patrol = (courtyardId: number, photos: number[]) => ({ source: "patrol" as const, courtyardId, description: "绿化带种菜", category: "green_vegetables" as const, photos });
const asSignedUp = async (fx: Fixture, userId: number) =>
  makeSignup(fx.db, { activityId: fx.a.activity, volunteerId: (await asVolunteer(fx, userId)).id });

const nomination = (courtyardId: number) => ({
  category: "good_deed" as const,
  courtyardId,
  title: "帮助独居老人",
  description: "每周帮王大爷买菜。",
  subjectKind: "person" as const,
  subjectName: "张明华",
  photos: [],
});
const blackProposal = (courtyardId: number) => ({
  category: "corridor_clutter" as const,
  courtyardId,
  title: "楼道堆物",
  description: "2单元楼道堆放纸箱。",
  subjectKind: "place" as const,
  photos: [],
});
const asBoardProposerIn = (fx: Fixture, entryId: number, userId: number) =>
  fx.db.updateTable("board_entry").set({ proposer_user_id: userId }).where("id", "=", entryId).execute();
/** The actor proposed 社区 A's 黑榜 draft (only the proposer submits it). */
const asBoardProposer = (fx: Fixture, userId: number) => asBoardProposerIn(fx, fx.ba.draft, userId);
/** Next month (YYYY-MM): an edition the fixture has not made yet. */
const nextMonth = () => addDays(`${chinaToday().slice(0, 7)}-28`, 7).slice(0, 7);
const boardSettings = {
  blackVisibility: "public" as const,
  blackNameDisplay: "masked" as const,
  blackMaxDays: 20,
  whiteDays: 60,
  noticeDays: 5,
  rectifiedRemoval: "at_once" as const,
  retentionDays: 180,
};

const TABLE: Record<string, Row> = {
  "auth.registerResident": {
    allowed: EVERYONE,
    call: (c, fx) =>
      c.auth.registerResident({ mobile: "13312345678", password: "resident-pass", name: "新居民", communityId: fx.tree.a.community, courtyardId: fx.tree.a.courtyard }),
  },
  "auth.login": { allowed: EVERYONE, call: (c, fx) => c.auth.login({ mobile: fx.residentMobile, password: FACTORY_PASSWORD }) },
  "auth.logout": { allowed: SIGNED_IN, call: (c) => c.auth.logout() },
  "auth.me": { allowed: SIGNED_IN, call: (c) => c.auth.me() },
  "auth.setCareMode": { allowed: SIGNED_IN, call: (c) => c.auth.setCareMode({ on: true }) },
  "auth.changePassword": {
    allowed: SIGNED_IN,
    call: (c) => c.auth.changePassword({ oldPassword: FACTORY_PASSWORD, newPassword: "another-pass-1" }),
  },
  // Only residents delete their own account; staff accounts are managed by admins.
  "auth.deleteAccount": { allowed: ["resident"], call: (c) => c.auth.deleteAccount({ password: FACTORY_PASSWORD }) },
  // Public: a self-service reset by SMS code, where the deployment has a sender.
  "auth.smsAvailable": { allowed: EVERYONE, call: (c) => c.auth.smsAvailable() },
  "auth.requestResetCode": { allowed: EVERYONE, call: (c, fx) => c.auth.requestResetCode({ mobile: fx.residentMobile }) },
  "auth.resetPasswordWithCode": {
    allowed: EVERYONE,
    call: async (c, fx) => {
      await c.auth.requestResetCode({ mobile: fx.residentMobile });
      const code = fx.sms.lastCode(fx.residentMobile) ?? "000000";
      return c.auth.resetPasswordWithCode({ mobile: fx.residentMobile, code, newPassword: "fresh-pass-26" });
    },
  },
  "auth.users.search": { allowed: ADMINS, call: (c) => c.auth.users.search({ page: 1, pageSize: 20 }) },
  "auth.users.createStaff": {
    allowed: ADMINS,
    call: (c, fx) => c.auth.users.createStaff(staffInput("13412345678", fx.tree.a.grid)),
    inB: [(c, fx) => c.auth.users.createStaff(staffInput("13412345678", fx.tree.b.grid))],
  },
  "auth.users.grantRole": {
    allowed: ADMINS,
    call: (c, fx) => c.auth.users.grantRole({ userId: fx.actors.resident, role: "grid_worker", unitId: fx.tree.a.grid }),
    inB: [
      (c, fx) => c.auth.users.grantRole({ userId: fx.residentB, role: "grid_worker", unitId: fx.tree.b.grid }),
      // A user of A is no way in: the unit decides.
      (c, fx) => c.auth.users.grantRole({ userId: fx.actors.resident, role: "grid_worker", unitId: fx.tree.b.grid }),
    ],
  },
  "auth.users.revokeRole": {
    allowed: ADMINS,
    call: (c, fx) => c.auth.users.revokeRole({ grantId: fx.workerGrantA }),
    inB: [(c, fx) => c.auth.users.revokeRole({ grantId: fx.workerGrantB })],
  },
  // The resident of 社区 A: their 社区's admins and those above; never a grid worker.
  "auth.users.resetPassword": {
    allowed: ADMINS,
    call: (c, fx) => c.auth.users.resetPassword({ userId: fx.actors.resident }),
    inB: [(c, fx) => c.auth.users.resetPassword({ userId: fx.residentB })],
  },
  "org.publicTree": { allowed: EVERYONE, call: (c) => c.org.publicTree() },
  "org.tree": { allowed: STAFF, call: (c) => c.org.tree() },
  "org.create": {
    allowed: ADMINS,
    call: (c, fx) => c.org.create({ parentId: fx.tree.a.grid, name: "新楼院" }),
    inB: [(c, fx) => c.org.create({ parentId: fx.tree.b.grid, name: "新楼院" })],
  },
  "org.update": {
    allowed: ADMINS,
    call: (c, fx) => c.org.update({ id: fx.tree.a.courtyard, name: "改名楼院" }),
    inB: [
      (c, fx) => c.org.update({ id: fx.tree.b.courtyard, name: "改名楼院" }),
      (c, fx) => c.org.update({ id: fx.tree.b.community, population: 1 }),
    ],
  },
  "org.move": {
    allowed: ADMINS,
    call: (c, fx) => c.org.move({ id: fx.tree.a.courtyard, parentId: fx.grid2A }),
    inB: [
      (c, fx) => c.org.move({ id: fx.tree.b.courtyard, parentId: fx.grid2B }),
      (c, fx) => c.org.move({ id: fx.tree.b.courtyard, parentId: fx.tree.b.grid }),
    ],
  },
  "org.remove": {
    allowed: ADMINS,
    call: (c, fx) => c.org.remove({ id: fx.tree.a.building }),
    inB: [(c, fx) => c.org.remove({ id: fx.tree.b.building })],
  },
  "audit.list": { allowed: ADMINS, call: (c) => c.audit.list({ page: 1, pageSize: 20 }) },

  "volunteer.register": { allowed: SIGNED_IN, call: (c, fx) => c.volunteer.register(registration(fx.tree.a.courtyard)) },
  "volunteer.mine": { allowed: SIGNED_IN, call: (c) => c.volunteer.mine() },
  // Each account's own: the record the 社区 imported under the account's mobile.
  "volunteer.claimable": { allowed: SIGNED_IN, call: (c) => c.volunteer.claimable() },
  "volunteer.claim": { allowed: SIGNED_IN, setup: asPaperForm, call: (c, fx) => c.volunteer.claim({ idLast4: fx.paper.last4 }) },
  "volunteer.withdraw": { allowed: SIGNED_IN, setup: asVolunteer, call: (c) => c.volunteer.withdraw() },
  "volunteer.review": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.review({ ids: [fx.a.pending], action: "approve" }),
    inB: [
      (c, fx) => c.volunteer.review({ ids: [fx.b.pending], action: "approve" }),
      (c, fx) => c.volunteer.review({ ids: [fx.b.pending], action: "reject", reason: "资料不全" }),
    ],
  },
  // The review queue: for those who review, scoped to the 社区 they manage.
  "volunteer.reviewQueue": { allowed: ADMINS, call: (c) => c.volunteer.reviewQueue({}) },
  // A grid worker reads the volunteers of their 网格 (A's volunteers live in its 楼院).
  "volunteer.roster": { allowed: STAFF, call: (c) => c.volunteer.roster({}) },
  "volunteer.detail": { allowed: STAFF, call: (c, fx) => c.volunteer.detail({ id: fx.a.volunteer }) },
  "volunteer.revealIdNumber": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.revealIdNumber({ id: fx.a.volunteer }),
    inB: [(c, fx) => c.volunteer.revealIdNumber({ id: fx.b.volunteer })],
  },
  "volunteer.publicRatio": { allowed: EVERYONE, call: (c, fx) => c.volunteer.publicRatio({ communityId: fx.tree.a.community }) },
  // The 社区's figure with its 网格 breakdown: for those who hold volunteer.read at the 社区.
  "volunteer.ratio": { allowed: ADMINS, call: (c, fx) => c.volunteer.ratio({ communityId: fx.tree.a.community }) },
  "volunteer.setTarget": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.setTarget({ communityId: fx.tree.a.community, targetPermille: 130 }),
    inB: [(c, fx) => c.volunteer.setTarget({ communityId: fx.tree.b.community, targetPermille: 80 })],
  },
  "volunteer.exportRoster": { allowed: STAFF, call: (c) => c.volunteer.exportRoster({}) },
  "volunteer.importTemplate": { allowed: ADMINS, call: (c) => c.volunteer.importTemplate() },
  "volunteer.importPreview": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.importPreview(importIn(fx, "a")),
    inB: [(c, fx) => c.volunteer.importPreview(importIn(fx, "b"))],
  },
  "volunteer.importConfirm": {
    allowed: ADMINS,
    call: async (c, fx) => c.volunteer.importConfirm({ ...importIn(fx, "a"), previewToken: await importToken(fx, "a") }),
    inB: [async (c, fx) => c.volunteer.importConfirm({ ...importIn(fx, "b"), previewToken: await importToken(fx, "b") })],
  },
  // 志愿服务证明: with a volunteerId, for admins of its 社区; a volunteer's own (no id) is certificate.test.ts's.
  "volunteer.certificatePreview": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.certificatePreview({ volunteerId: fx.a.volunteer, ...certificatePeriod() }),
  },
  "volunteer.issueCertificate": {
    allowed: ADMINS,
    call: async (c, fx) => {
      await confirmedHoursIn(fx, "a");
      return c.volunteer.issueCertificate({ volunteerId: fx.a.volunteer, ...certificatePeriod() });
    },
    inB: [
      async (c, fx) => {
        await confirmedHoursIn(fx, "b");
        return c.volunteer.issueCertificate({ volunteerId: fx.b.volunteer, ...certificatePeriod() });
      },
    ],
  },
  "volunteer.certificates": { allowed: ADMINS, call: (c, fx) => c.volunteer.certificates({ volunteerId: fx.a.volunteer }) },
  "volunteer.revokeCertificate": {
    allowed: ADMINS,
    call: async (c, fx) => c.volunteer.revokeCertificate({ id: await certificateIn(fx, "a"), reason: "时长有误" }),
    inB: [async (c, fx) => c.volunteer.revokeCertificate({ id: await certificateIn(fx, "b"), reason: "时长有误" })],
  },
  // Public: a code that is no certificate is 证明无效, not an error.
  "volunteer.verifyCertificate": { allowed: EVERYONE, call: (c) => c.volunteer.verifyCertificate({ code: "ABCD-EFGH-JKMN-PQRS-TVWX" }) },
  "volunteer.teams.list": { allowed: SIGNED_IN, call: (c, fx) => c.volunteer.teams.list({ communityId: fx.tree.a.community }) },
  "volunteer.teams.members": { allowed: ADMINS, call: (c, fx) => c.volunteer.teams.members({ teamId: fx.a.team }) },
  "volunteer.teams.create": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.teams.create({ communityId: fx.tree.a.community, name: "文艺队" }),
    inB: [(c, fx) => c.volunteer.teams.create({ communityId: fx.tree.b.community, name: "文艺队" })],
  },
  "volunteer.teams.update": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.teams.update({ id: fx.a.team, name: "环境卫生队", leaderId: fx.a.volunteer }),
    inB: [
      (c, fx) => c.volunteer.teams.update({ id: fx.b.team, name: "环境卫生队" }),
      (c, fx) => c.volunteer.teams.update({ id: fx.b.team, leaderId: fx.b.volunteer }),
    ],
  },
  "volunteer.teams.archive": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.teams.archive({ id: fx.a.team, archived: true }),
    inB: [(c, fx) => c.volunteer.teams.archive({ id: fx.b.team, archived: true })],
  },
  "volunteer.teams.delete": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.teams.delete({ id: fx.a.team }),
    inB: [(c, fx) => c.volunteer.teams.delete({ id: fx.b.team })],
  },
  "volunteer.teams.setMember": {
    allowed: ADMINS,
    call: (c, fx) => c.volunteer.teams.setMember({ teamId: fx.a.team, volunteerId: fx.a.volunteer, member: true }),
    inB: [(c, fx) => c.volunteer.teams.setMember({ teamId: fx.b.team, volunteerId: fx.b.volunteer, member: true })],
  },

  "activity.publicList": { allowed: EVERYONE, call: (c, fx) => c.activity.publicList({ communityId: fx.tree.a.community }) },
  "activity.upcoming": { allowed: SIGNED_IN, call: (c) => c.activity.upcoming() },
  "activity.detail": { allowed: SIGNED_IN, call: (c, fx) => c.activity.detail({ id: fx.a.activity }) },
  "activity.mine": { allowed: SIGNED_IN, call: (c) => c.activity.mine() },
  "activity.list": { allowed: STAFF, call: (c) => c.activity.list({}) },
  "activity.create": {
    allowed: ADMINS,
    call: (c, fx) => c.activity.create({ communityId: fx.tree.a.community, ...activityInput }),
    inB: [(c, fx) => c.activity.create({ communityId: fx.tree.b.community, ...activityInput })],
  },
  "activity.update": {
    allowed: ADMINS,
    call: (c, fx) => c.activity.update({ id: fx.a.activity, ...activityInput }),
    inB: [(c, fx) => c.activity.update({ id: fx.b.activity, ...activityInput })],
  },
  "activity.cancel": {
    allowed: ADMINS,
    call: (c, fx) => c.activity.cancel({ id: fx.a.activity }),
    inB: [(c, fx) => c.activity.cancel({ id: fx.b.activity })],
  },
  "activity.signUp": { allowed: SIGNED_IN, setup: asVolunteer, call: (c, fx) => c.activity.signUp({ activityId: fx.a.activity }) },
  "activity.cancelSignup": { allowed: SIGNED_IN, setup: asSignedUp, call: (c, fx) => c.activity.cancelSignup({ activityId: fx.a.activity }) },
  // Grid workers check volunteers in at their 社区's activities.
  "activity.roster": { allowed: STAFF, call: (c, fx) => c.activity.roster({ id: fx.a.activity }) },
  "activity.attend": {
    allowed: STAFF,
    call: (c, fx) => c.activity.attend({ signupId: fx.a.signup, kind: "in" }),
    inB: [(c, fx) => c.activity.attend({ signupId: fx.b.signup, kind: "in" })],
  },
  "activity.qrToken": { allowed: STAFF, call: (c, fx) => c.activity.qrToken({ id: fx.a.activity }) },
  "activity.scan": { allowed: SIGNED_IN, setup: asSignedUp, call: (c, fx) => c.activity.scan({ token: fx.token }) },
  "activity.confirmHours": {
    allowed: ADMINS,
    call: (c, fx) => c.activity.confirmHours({ signupIds: [fx.a.checkedOut] }),
    inB: [
      (c, fx) => c.activity.confirmHours({ signupIds: [fx.b.checkedOut] }),
      (c, fx) => c.activity.confirmHours({ signupIds: [fx.b.checkedOut], minutes: 45, reason: "提前离场" }),
    ],
  },
  "activity.exportSignIn": { allowed: STAFF, call: (c, fx) => c.activity.exportSignIn({ id: fx.a.activity }) },

  // The console's 工作台: everyone who works in the console, each with the figures of their own units.
  "report.workbench": { allowed: STAFF, call: (c) => c.report.workbench() },
  // 数据看板: a 社区's for its staff (grid workers too, as the 工作台) and those above; a 街道's for the street's staff.
  "report.communityDashboard": { allowed: STAFF, call: (c, fx) => c.report.communityDashboard({ communityId: fx.tree.a.community }) },
  "report.streetDashboard": { allowed: ["street_admin", "system_admin"], call: (c, fx) => c.report.streetDashboard({ streetId: fx.tree.street }) },
  // 工作总结: the 社区's admins and those above write, read and download its drafts; grid workers do not.
  "report.generateSummary": {
    allowed: ADMINS,
    call: (c, fx) => c.report.generateSummary({ unitId: fx.tree.a.community, period: { kind: "year", year: new Date().getFullYear() } }),
    inB: [(c, fx) => c.report.generateSummary({ unitId: fx.tree.b.community, period: { kind: "year", year: new Date().getFullYear() } })],
  },
  "report.regenerateSummary": {
    allowed: ADMINS,
    call: async (c, fx) => c.report.regenerateSummary({ id: (await summaryIn(fx, "a")).id }),
    inB: [async (c, fx) => c.report.regenerateSummary({ id: (await summaryIn(fx, "b")).id })],
  },
  "report.saveSummaryParagraph": {
    allowed: ADMINS,
    call: async (c, fx) => {
      const d = await summaryIn(fx, "a");
      return c.report.saveSummaryParagraph({ id: d.id, key: d.document.paragraphs[0]!.key, text: "改写的段落。", version: d.version });
    },
    inB: [
      async (c, fx) => {
        const d = await summaryIn(fx, "b");
        return c.report.saveSummaryParagraph({ id: d.id, key: d.document.paragraphs[0]!.key, text: "改写的段落。", version: d.version });
      },
    ],
  },
  "report.summaryDocx": {
    allowed: ADMINS,
    call: async (c, fx) => c.report.summaryDocx({ id: (await summaryIn(fx, "a")).id }),
    inB: [async (c, fx) => c.report.summaryDocx({ id: (await summaryIn(fx, "b")).id })],
  },
  "report.summary": { allowed: ADMINS, call: async (c, fx) => c.report.summary({ id: (await summaryIn(fx, "a")).id }) },
  "report.summaryDrafts": { allowed: ADMINS, call: (c, fx) => c.report.summaryDrafts({ unitId: fx.tree.a.community }) },

  // The in-app inbox: everyone signed in, each their own notices only.
  "notification.list": { allowed: SIGNED_IN, call: (c) => c.notification.list({}) },
  "notification.unreadCount": { allowed: SIGNED_IN, call: (c) => c.notification.unreadCount() },
  "notification.markRead": {
    allowed: SIGNED_IN,
    setup: async (fx, userId) => {
      await notify(fx.db, { userIds: [userId], kind: "volunteer_approved", title: "志愿者注册已通过", body: "可以报名活动了。", link: "/volunteer", eventKey: "test" });
      fx.notice.id = (await fx.db.selectFrom("notification").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow()).id;
    },
    call: (c, fx) => c.notification.markRead({ ids: [fx.notice.id] }),
  },
  "notification.markAllRead": { allowed: SIGNED_IN, call: (c) => c.notification.markAllRead() },

  // Problems. Residents file 随手拍 in their own 社区 and follow and rate their own; anyone sees a 社区's
  // figures and published solved problems.
  "problem.categories": { allowed: SIGNED_IN, call: (c, fx) => c.problem.categories({ communityId: fx.tree.a.community }) },
  // Staff accounts belong to no 社区 as residents: the 随手拍 is the residents'.
  "problem.report": {
    allowed: ["resident"],
    setup: withUpload,
    call: (c, fx) => c.problem.report({ courtyardId: fx.tree.a.courtyard, description: "楼道堆物", category: "corridor_clutter", photos: [fx.upload.id] }),
  },
  "problem.mine": { allowed: SIGNED_IN, call: (c) => c.problem.mine({}) },
  "problem.myDetail": { allowed: SIGNED_IN, setup: asReporter, call: (c, fx) => c.problem.myDetail({ id: fx.pa.closed }) },
  "problem.rate": { allowed: SIGNED_IN, setup: asReporter, call: (c, fx) => c.problem.rate({ id: fx.pa.closed, rating: "satisfied" }) },
  "problem.publicFigures": { allowed: EVERYONE, call: (c, fx) => c.problem.publicFigures({ communityId: fx.tree.a.community }) },
  "problem.publicFeed": { allowed: EVERYONE, call: (c, fx) => c.problem.publicFeed({ communityId: fx.tree.a.community }) },
  // Grid workers file 巡查 in their 网格, work what they are given and 复查 others' work; admins do all of it
  // and 派遣, 不予受理, 改派, publish, set categories and export the 整改台账.
  "problem.create": {
    allowed: STAFF,
    setup: withUpload,
    call: (c, fx) => c.problem.create(patrol(fx.tree.a.courtyard, [fx.upload.id])),
    // A 转办 may come without a photo.
    inB: [(c, fx) => c.problem.create({ source: "referral", referralOrigin: "12345工单", courtyardId: fx.tree.b.courtyard, description: "占道经营", category: "street_vending", photos: [] })],
  },
  "problem.list": { allowed: STAFF, call: (c) => c.problem.list({}) },
  "problem.detail": { allowed: STAFF, call: (c, fx) => c.problem.detail({ id: fx.pa.pending }) },
  "problem.todo": { allowed: STAFF, call: (c) => c.problem.todo({}) },
  "problem.reviewQueue": { allowed: STAFF, call: (c) => c.problem.reviewQueue({}) },
  "problem.assignees": { allowed: ADMINS, call: (c, fx) => c.problem.assignees({ communityId: fx.tree.a.community }) },
  "problem.dispatch": {
    allowed: ADMINS,
    call: (c, fx) => c.problem.dispatch({ id: fx.pa.pending, assigneeId: fx.actors.grid_worker }),
    inB: [(c, fx) => c.problem.dispatch({ id: fx.pb.pending, assigneeId: fx.pb.worker })],
  },
  "problem.batchDispatch": {
    allowed: ADMINS,
    call: (c, fx) => c.problem.batchDispatch({ items: [{ id: fx.pa.pending }], assigneeId: fx.actors.grid_worker }),
    inB: [(c, fx) => c.problem.batchDispatch({ items: [{ id: fx.pb.pending }], assigneeId: fx.pb.worker })],
  },
  "problem.reassign": {
    allowed: ADMINS,
    call: (c, fx) => c.problem.reassign({ id: fx.pa.rectifying, assigneeId: fx.actors.grid_worker }),
    inB: [(c, fx) => c.problem.reassign({ id: fx.pb.rectifying, assigneeId: fx.pb.worker })],
  },
  "problem.reject": {
    allowed: ADMINS,
    call: (c, fx) => c.problem.reject({ id: fx.pa.pending, reason: "untrue", note: "现场未发现" }),
    inB: [(c, fx) => c.problem.reject({ id: fx.pb.pending, reason: "not_our_duty", department: "市政管理处" })],
  },
  // Only the 责任人 reports: each actor is made 责任人 first.
  "problem.submit": {
    allowed: STAFF,
    setup: asAssignee,
    call: (c, fx) => c.problem.submit({ id: fx.pa.rectifying, note: "已整改", photos: [fx.upload.id] }),
    inB: [(c, fx) => c.problem.submit({ id: fx.pb.rectifying, note: "已整改", photos: [fx.pb.upload] })],
  },
  "problem.review": {
    allowed: STAFF,
    call: (c, fx) => c.problem.review({ id: fx.pa.reviewing, decision: "approve" }),
    inB: [
      (c, fx) => c.problem.review({ id: fx.pb.reviewing, decision: "approve" }),
      (c, fx) => c.problem.review({ id: fx.pb.reviewing, decision: "return", note: "未清理干净" }),
    ],
  },
  "problem.setPublished": {
    allowed: ADMINS,
    call: (c, fx) => c.problem.setPublished({ id: fx.pa.closed, published: true }),
    inB: [(c, fx) => c.problem.setPublished({ id: fx.pb.closed, published: true })],
  },
  "problem.categorySettings": { allowed: ADMINS, call: (c, fx) => c.problem.categorySettings({ communityId: fx.tree.a.community }) },
  "problem.setCategory": {
    allowed: ADMINS,
    call: (c, fx) => c.problem.setCategory({ communityId: fx.tree.a.community, code: "exposed_garbage", label: "暴露垃圾", timeLimitDays: 2, enabled: true }),
    inB: [(c, fx) => c.problem.setCategory({ communityId: fx.tree.b.community, code: "other", label: "其他问题", timeLimitDays: 7, enabled: true })],
  },
  "problem.exportLedger": {
    allowed: ADMINS,
    call: (c, fx) => c.problem.exportLedger({ communityId: fx.tree.a.community }),
    inB: [(c, fx) => c.problem.exportLedger({ communityId: fx.tree.b.community })],
  },

  // 黑白榜. The board and its archive are public (the 黑榜 only as the 社区's setting allows); residents
  // nominate 好人好事 in their own 社区 and only the linked resident 申诉; staff propose where they work;
  // admins moderate.
  "board.publicList": { allowed: EVERYONE, call: (c, fx) => c.board.publicList({ communityId: fx.tree.a.community }) },
  "board.publicEditions": { allowed: EVERYONE, call: (c, fx) => c.board.publicEditions({ communityId: fx.tree.a.community }) },
  "board.categoryOptions": { allowed: EVERYONE, call: (c, fx) => c.board.categoryOptions({ communityId: fx.tree.a.community }) },
  // Staff accounts belong to no 社区 as residents: 推荐身边好人 is the residents'.
  "board.nominate": { allowed: ["resident"], call: (c, fx) => c.board.nominate(nomination(fx.tree.a.courtyard)) },
  "board.mine": { allowed: SIGNED_IN, call: (c) => c.board.mine() },
  // Only the resident the entry is linked to, within the notice period.
  "board.appeal": { allowed: ["resident"], call: (c, fx) => c.board.appeal({ id: fx.ba.black, reason: "杂物不是我家的", photos: [] }) },
  "board.propose": {
    allowed: STAFF,
    call: (c, fx) => c.board.propose(blackProposal(fx.tree.a.courtyard)),
    inB: [(c, fx) => c.board.propose(blackProposal(fx.tree.b.courtyard))],
  },
  // Only the proposer submits a draft: each actor is made its proposer first.
  "board.residentOptions": { allowed: STAFF, call: (c, fx) => c.board.residentOptions({ courtyardId: fx.tree.a.courtyard }) },
  "board.update": {
    allowed: ADMINS,
    call: (c, fx) => c.board.update({ id: fx.ba.pending, category: "corridor_clutter", title: "楼道堆放纸箱", description: "已核实" }),
    inB: [(c, fx) => c.board.update({ id: fx.bb.pending, category: "corridor_clutter", title: "楼道堆放纸箱", description: "已核实" })],
  },
  "board.submit": {
    allowed: STAFF,
    setup: asBoardProposer,
    call: (c, fx) => c.board.submit({ id: fx.ba.draft }),
    inB: [
      async (c, fx) => {
        await asBoardProposerIn(fx, fx.bb.draft, fx.adminB);
        return c.board.submit({ id: fx.bb.draft });
      },
    ],
  },
  "board.list": { allowed: STAFF, call: (c) => c.board.list({}) },
  "board.detail": { allowed: STAFF, call: (c, fx) => c.board.detail({ id: fx.ba.pending }) },
  "board.approve": {
    allowed: ADMINS,
    call: (c, fx) => c.board.approve({ id: fx.ba.pending }),
    inB: [(c, fx) => c.board.approve({ id: fx.bb.pending })],
  },
  "board.reject": {
    allowed: ADMINS,
    call: (c, fx) => c.board.reject({ id: fx.ba.pending, reason: "情况不属实" }),
    inB: [(c, fx) => c.board.reject({ id: fx.bb.pending, reason: "情况不属实" })],
  },
  "board.withdraw": {
    allowed: ADMINS,
    call: (c, fx) => c.board.withdraw({ id: fx.ba.white, reason: "当事人要求撤下" }),
    inB: [
      (c, fx) => c.board.withdraw({ id: fx.bb.white, reason: "当事人要求撤下" }),
      (c, fx) => c.board.withdraw({ id: fx.bb.black, reason: "已核实不属实" }),
    ],
  },
  "board.rectify": {
    allowed: ADMINS,
    call: (c, fx) => c.board.rectify({ id: fx.ba.black }),
    inB: [(c, fx) => c.board.rectify({ id: fx.bb.black }), (c, fx) => c.board.rectify({ id: fx.bb.appealing })],
  },
  "board.confirmPhotos": {
    allowed: ADMINS,
    call: (c, fx) => c.board.confirmPhotos({ id: fx.ba.pending }),
    inB: [(c, fx) => c.board.confirmPhotos({ id: fx.bb.pending })],
  },
  "board.mosaicPhoto": {
    allowed: ADMINS,
    call: (c, fx) => c.board.mosaicPhoto({ id: fx.ba.photo.id, fileId: fx.ba.photo.fileId, regions: [{ x: 0, y: 0, width: 0.5, height: 0.5 }] }),
    inB: [(c, fx) => c.board.mosaicPhoto({ id: fx.bb.photo.id, fileId: fx.bb.photo.fileId, regions: [{ x: 0, y: 0, width: 0.5, height: 0.5 }] })],
  },
  "board.recordConsent": {
    allowed: ADMINS,
    call: (c, fx) => c.board.recordConsent({ id: fx.ba.white }),
    inB: [(c, fx) => c.board.recordConsent({ id: fx.bb.white })],
  },
  "board.decideAppeal": {
    allowed: ADMINS,
    call: (c, fx) => c.board.decideAppeal({ id: fx.ba.appealing, decision: "upheld", reason: "现场照片属实" }),
    inB: [
      (c, fx) => c.board.decideAppeal({ id: fx.bb.appealing, decision: "upheld", reason: "现场照片属实" }),
      (c, fx) => c.board.decideAppeal({ id: fx.bb.appealing, decision: "revoked", reason: "电线系物业所接" }),
    ],
  },
  "board.editions": { allowed: ADMINS, call: (c, fx) => c.board.editions({ communityId: fx.tree.a.community }) },
  "board.prepareEdition": {
    allowed: ADMINS,
    call: (c, fx) => c.board.prepareEdition({ communityId: fx.tree.a.community, month: nextMonth() }),
    inB: [(c, fx) => c.board.prepareEdition({ communityId: fx.tree.b.community, month: nextMonth() })],
  },
  // Each actor publishes the fixture's unpublished edition once (a second publish is a CONFLICT).
  "board.publishEdition": {
    allowed: ADMINS,
    call: (c, fx) => c.board.publishEdition({ id: fx.ba.edition }),
    inB: [(c, fx) => c.board.publishEdition({ id: fx.bb.edition })],
  },
  "board.settings": { allowed: ADMINS, call: (c, fx) => c.board.settings({ communityId: fx.tree.a.community }) },
  "board.setSettings": {
    allowed: ADMINS,
    call: (c, fx) => c.board.setSettings({ communityId: fx.tree.a.community, ...boardSettings }),
    inB: [(c, fx) => c.board.setSettings({ communityId: fx.tree.b.community, ...boardSettings })],
  },
  "board.categories": { allowed: ADMINS, call: (c, fx) => c.board.categories({ communityId: fx.tree.a.community }) },
  "board.setCategory": {
    allowed: ADMINS,
    call: (c, fx) => c.board.setCategory({ communityId: fx.tree.a.community, code: "high_throw", label: "", enabled: false }),
    inB: [(c, fx) => c.board.setCategory({ communityId: fx.tree.b.community, code: "good_deed", label: "身边好人", enabled: true })],
  },
  "campaign.list": { allowed: STAFF, call: (c) => c.campaign.list() },
  "campaign.detail": { allowed: STAFF, call: (c, fx) => c.campaign.detail({ id: fx.ca.id }) },
  "campaign.create": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.create({ ...campaignFields, scopeUnitId: fx.tree.a.community }),
    inB: [(c, fx) => c.campaign.create({ ...campaignFields, scopeUnitId: fx.tree.b.community })],
  },
  "campaign.update": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.update({ id: fx.ca.id, ...campaignFields }),
    inB: [(c, fx) => c.campaign.update({ id: fx.cb.id, ...campaignFields })],
  },
  "campaign.setStage": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.setStage({ id: fx.ca.id, stage: "implementing" }),
    inB: [(c, fx) => c.campaign.setStage({ id: fx.cb.id, stage: "implementing" })],
  },
  "campaign.setLeaders": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.setLeaders({ id: fx.ca.id, leaders: [{ role: "leader", name: "王书记", title: "党委书记" }] }),
    inB: [(c, fx) => c.campaign.setLeaders({ id: fx.cb.id, leaders: [{ role: "leader", name: "赵书记" }] })],
  },
  "campaign.exportChecklist": { allowed: STAFF, call: (c, fx) => c.campaign.exportChecklist({ campaignId: fx.ca.id, communityId: fx.tree.a.community }) },
  "campaign.checklistTemplate": { allowed: ADMINS, call: (c) => c.campaign.checklistTemplate() },
  "campaign.importChecklist": {
    allowed: ADMINS,
    call: async (c, fx) => c.campaign.importChecklist({ campaignId: fx.ca.id, communityId: fx.tree.a.community, fileBase64: await checklistSheet(), mode: "append" }),
    inB: [async (c, fx) => c.campaign.importChecklist({ campaignId: fx.cb.id, communityId: fx.tree.b.community, fileBase64: await checklistSheet(), mode: "append" })],
  },
  "campaign.addDocuments": {
    allowed: ADMINS,
    setup: withUpload,
    call: (c, fx) => c.campaign.addDocuments({ id: fx.ca.id, photos: [fx.upload.id] }),
    inB: [(c, fx) => c.campaign.addDocuments({ id: fx.cb.id, photos: [fx.pb.upload] })],
  },
  "campaign.removeDocument": {
    allowed: ADMINS,
    setup: (fx) => campaignDocumentIn(fx, fx.ca.id),
    call: (c, fx) => c.campaign.removeDocument({ id: fx.ca.id, kind: "document", fileId: fx.upload.id }),
    inB: [
      async (c, fx) => c.campaign.removeDocument({ id: fx.cb.id, kind: "document", fileId: await campaignDocumentIn(fx, fx.cb.id) }),
    ],
  },
  "campaign.checklist": { allowed: STAFF, call: (c, fx) => c.campaign.checklist({ campaignId: fx.ca.id, communityId: fx.tree.a.community }) },
  "campaign.addItem": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.addItem({ campaignId: fx.ca.id, communityId: fx.tree.a.community, ...itemFields }),
    inB: [(c, fx) => c.campaign.addItem({ campaignId: fx.cb.id, communityId: fx.tree.b.community, ...itemFields })],
  },
  "campaign.updateItem": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.updateItem({ id: fx.ca.item, ...itemFields }),
    inB: [(c, fx) => c.campaign.updateItem({ id: fx.cb.item, ...itemFields })],
  },
  "campaign.moveItem": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.moveItem({ id: fx.ca.item2, beforeId: fx.ca.item }),
    inB: [(c, fx) => c.campaign.moveItem({ id: fx.cb.item2, beforeId: fx.cb.item })],
  },
  "campaign.removeItem": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.removeItem({ id: fx.ca.item }),
    inB: [(c, fx) => c.campaign.removeItem({ id: fx.cb.item })],
  },
  "campaign.assignItem": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.assignItem({ id: fx.ca.item, assigneeUserId: fx.ca.worker }),
    inB: [(c, fx) => c.campaign.assignItem({ id: fx.cb.item, assigneeUserId: fx.cb.worker })],
  },
  "campaign.readiness": { allowed: STAFF, call: (c, fx) => c.campaign.readiness({ campaignId: fx.ca.id }) },
  "campaign.evidence": { allowed: STAFF, call: (c, fx) => c.campaign.evidence({ itemId: fx.ca.item2 }) },
  // Evidence is filed by the copy's admins, or by the grid worker the item was given to (here: each actor).
  "campaign.addEvidence": {
    allowed: STAFF,
    setup: async (fx, userId) => {
      await assignedTo(fx, fx.ca.item, userId);
      await withUpload(fx, userId);
    },
    call: (c, fx) => c.campaign.addEvidence({ itemId: fx.ca.item, kind: "plan", title: "创建工作方案", date: chinaToday(), photos: [fx.upload.id] }),
    inB: [(c, fx) => c.campaign.addEvidence({ itemId: fx.cb.item, kind: "record", title: "领导小组会议记录", date: chinaToday(), photos: [fx.pb.upload] })],
  },
  "campaign.removeEvidence": {
    allowed: STAFF,
    setup: (fx, userId) => assignedTo(fx, fx.ca.item, userId),
    call: (c, fx) => c.campaign.removeEvidence({ id: fx.ca.evidence }),
    inB: [(c, fx) => c.campaign.removeEvidence({ id: fx.cb.evidence })],
  },
  "campaign.confirmLink": {
    allowed: STAFF,
    setup: (fx, userId) => assignedTo(fx, fx.ca.item2, userId),
    call: (c, fx) => c.campaign.confirmLink({ itemId: fx.ca.item2, recordType: "problem", recordId: fx.ca.problem }),
    inB: [(c, fx) => c.campaign.confirmLink({ itemId: fx.cb.item2, recordType: "problem", recordId: fx.cb.problem })],
  },
  "campaign.removeLink": {
    allowed: STAFF,
    setup: (fx, userId) => assignedTo(fx, fx.ca.item2, userId),
    call: (c, fx) => c.campaign.removeLink({ itemId: fx.ca.item2, recordType: "problem", recordId: fx.ca.problem }),
    inB: [(c, fx) => c.campaign.removeLink({ itemId: fx.cb.item2, recordType: "problem", recordId: fx.cb.problem })],
  },
  "campaign.assessments": { allowed: STAFF, call: (c, fx) => c.campaign.assessments({ campaignId: fx.ca.id, communityId: fx.tree.a.community }) },
  "campaign.assessment": { allowed: STAFF, call: (c, fx) => c.campaign.assessment({ id: fx.ca.assessment }) },
  // A round is made and removed by the copy's admins only: not by its grid workers.
  "campaign.assess": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.assess(assessIn(fx.ca)),
    inB: [(c, fx) => c.campaign.assess(assessIn(fx.cb))],
  },
  "campaign.removeAssessment": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.removeAssessment({ id: fx.ca.assessment }),
    inB: [(c, fx) => c.campaign.removeAssessment({ id: fx.cb.assessment })],
  },
  // The calendar of duties: read by whoever works in the 社区; rules edited by its admins.
  "campaign.calendar": { allowed: STAFF, call: (c, fx) => c.campaign.calendar({ communityId: fx.tree.a.community, view: chinaToday().slice(0, 7) }) },
  "campaign.installDefaultDuties": {
    allowed: ADMINS,
    setup: (fx) => withoutDuties(fx, fx.tree.a.community),
    call: (c, fx) => c.campaign.installDefaultDuties({ communityId: fx.tree.a.community }),
    inB: [async (c, fx) => { await withoutDuties(fx, fx.tree.b.community); return c.campaign.installDefaultDuties({ communityId: fx.tree.b.community }); }],
  },
  "campaign.addDuty": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.addDuty({ communityId: fx.tree.a.community, ...dutyFields }),
    inB: [(c, fx) => c.campaign.addDuty({ communityId: fx.tree.b.community, ...dutyFields })],
  },
  "campaign.updateDuty": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.updateDuty({ id: fx.da.rule, ...dutyFields }),
    inB: [(c, fx) => c.campaign.updateDuty({ id: fx.dB.rule, ...dutyFields })],
  },
  "campaign.removeDuty": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.removeDuty({ id: fx.da.rule }),
    inB: [(c, fx) => c.campaign.removeDuty({ id: fx.dB.rule })],
  },
  // A manual duty is ticked by its 责任人 (here 社区 A's grid worker) or an admin.
  "campaign.tickDuty": {
    allowed: STAFF,
    setup: (fx, userId) => withUpload(fx, userId),
    call: (c, fx) => c.campaign.tickDuty({ ruleId: fx.da.manual, period: quarterOf(chinaToday()), doneOn: chinaToday(), photos: [fx.upload.id] }),
    inB: [(c, fx) => c.campaign.tickDuty({ ruleId: fx.dB.manual, period: quarterOf(chinaToday()), doneOn: chinaToday(), photos: [fx.pb.upload] })],
  },
  // A tick is withdrawn by whoever made it (社区 A's admin) or an admin of the 社区: not by a grid worker.
  "campaign.untickDuty": {
    allowed: ADMINS,
    call: (c, fx) => c.campaign.untickDuty({ id: fx.da.tick }),
    inB: [(c, fx) => c.campaign.untickDuty({ id: fx.dB.tick })],
  },
  "campaign.residentMonth": { allowed: SIGNED_IN, call: (c) => c.campaign.residentMonth() },
  // Tasks: seen by whoever handles them (the grid worker given them, the admins of their units).
  "task.tree": { allowed: STAFF, call: (c, fx) => c.task.tree({ campaignId: fx.ca.id }) },
  "task.mine": { allowed: STAFF, call: (c) => c.task.mine() },
  // The daily digest on request: every staff member, their own counts only.
  "task.digest": { allowed: STAFF, call: (c) => c.task.digest() },
  "task.assignees": { allowed: ADMINS, call: (c, fx) => c.task.assignees({ unitId: fx.tree.a.community }) },
  "task.detail": { allowed: STAFF, call: (c, fx) => c.task.detail({ id: fx.ta.open }) },
  "task.create": {
    allowed: ADMINS,
    call: (c, fx) => c.task.create(taskIn(fx.ca.id, fx.tree.a.community)),
    inB: [(c, fx) => c.task.create(taskIn(fx.cb.id, fx.tree.b.community))],
  },
  "task.update": {
    allowed: ADMINS,
    call: (c, fx) => c.task.update({ id: fx.ta.open, ...taskIn(fx.ca.id, fx.tree.a.community) }),
    inB: [(c, fx) => c.task.update({ id: fx.tb.open, ...taskIn(fx.cb.id, fx.tree.b.community) })],
  },
  "task.assign": {
    allowed: ADMINS,
    call: (c, fx) => c.task.assign({ tasks: [{ id: fx.ta.open, version: 1 }], assigneeUserId: fx.pa.worker }),
    inB: [(c, fx) => c.task.assign({ tasks: [{ id: fx.tb.open, version: 1 }], assigneeUserId: fx.pb.worker })],
  },
  "task.move": {
    allowed: ADMINS,
    call: (c, fx) => c.task.move({ id: fx.ta.open, parentId: fx.ta.pending, version: 1 }),
    inB: [(c, fx) => c.task.move({ id: fx.tb.open, parentId: fx.tb.pending, version: 1 })],
  },
  // The 责任人 (社区 A's grid worker) starts, reports and submits; so may the admins of the 社区.
  "task.start": {
    allowed: STAFF,
    call: (c, fx) => c.task.start({ id: fx.ta.open, version: 1 }),
    inB: [(c, fx) => c.task.start({ id: fx.tb.open, version: 1 })],
  },
  "task.report": {
    allowed: STAFF,
    call: (c, fx) => c.task.report({ id: fx.ta.open, version: 1, note: "已清理两个单元", progress: 40 }),
    inB: [(c, fx) => c.task.report({ id: fx.tb.open, version: 1, note: "已清理两个单元", progress: 40 })],
  },
  "task.submit": {
    allowed: STAFF,
    call: (c, fx) => c.task.submit({ id: fx.ta.open, version: 1 }),
    inB: [(c, fx) => c.task.submit({ id: fx.tb.open, version: 1 })],
  },
  // 验收, 退回 and 取消: whoever assigned it and the admins above; never the 责任人 themselves.
  "task.accept": {
    allowed: ADMINS,
    call: (c, fx) => c.task.accept({ id: fx.ta.pending, version: fx.ta.pendingVersion }),
    inB: [(c, fx) => c.task.accept({ id: fx.tb.pending, version: fx.tb.pendingVersion })],
  },
  "task.return": {
    allowed: ADMINS,
    call: (c, fx) => c.task.return({ id: fx.ta.pending, version: fx.ta.pendingVersion, note: "照片不清楚" }),
    inB: [(c, fx) => c.task.return({ id: fx.tb.pending, version: fx.tb.pendingVersion, note: "照片不清楚" })],
  },
  "task.cancel": {
    allowed: ADMINS,
    call: (c, fx) => c.task.cancel({ id: fx.ta.open, version: 1, note: "并入其他任务" }),
    inB: [(c, fx) => c.task.cancel({ id: fx.tb.open, version: 1, note: "并入其他任务" })],
  },
  // 督办: issued from above the 责任单位 only (A's admin supervises A's 网格, not A itself); answered by the
  // 责任人 or the unit's admins; cleared by the issuer or admins of the issuer's unit; thresholds: the 街道's.
  "task.supervise": {
    allowed: ["street_admin", "system_admin"],
    call: (c, fx) => c.task.supervise({ taskId: fx.ta.open, note: "进度滞后", replyBy: chinaToday() }),
    inB: [async (c, fx) => c.task.supervise({ taskId: await gridTaskIn(fx, "b"), note: "进度滞后", replyBy: chinaToday() })],
  },
  "task.answerSupervision": {
    allowed: STAFF,
    call: async (c, fx) => c.task.answerSupervision({ id: await supervisionOn(fx, fx.ta.open), version: 1, answer: "已清理" }),
    inB: [async (c, fx) => c.task.answerSupervision({ id: await supervisionOn(fx, fx.tb.open), version: 1, answer: "已清理" })],
  },
  "task.clearSupervision": {
    allowed: ["street_admin", "system_admin"],
    call: async (c, fx) => c.task.clearSupervision({ id: await supervisionOn(fx, fx.ta.open), version: 1 }),
    inB: [async (c, fx) => c.task.clearSupervision({ id: await supervisionOn(fx, await gridTaskIn(fx, "b"), fx.adminB), version: 1 })],
  },
  "task.supervisions": { allowed: STAFF, call: (c) => c.task.supervisions() },
  "task.supervisionSettings": { allowed: ["street_admin", "system_admin"], call: (c, fx) => c.task.supervisionSettings({ streetId: fx.tree.street }) },
  // A 街道's own setting, aimed at no 社区 (another 街道's admin refused: supervision.test.ts).
  "task.setSupervisionSettings": {
    allowed: ["street_admin", "system_admin"],
    call: (c, fx) => c.task.setSupervisionSettings({ streetId: fx.tree.street, blueDays: 5, redAfterDays: 10, paceGap: 40 }),
  },
  // The 任务分解表 as Excel: admins of the campaign's units; an import that refuses a row is no success here.
  "task.importTemplate": { allowed: ADMINS, call: (c, fx) => c.task.importTemplate({ campaignId: fx.ca.id }) },
  "task.exportSheet": { allowed: ADMINS, call: (c, fx) => c.task.exportSheet({ campaignId: fx.ca.id }) },
  "task.importSheet": {
    allowed: ADMINS,
    call: async (c, fx) => importedTasks(await c.task.importSheet({ campaignId: fx.ca.id, fileBase64: await taskSheet("甲社区") })),
    inB: [async (c, fx) => importedTasks(await c.task.importSheet({ campaignId: fx.cb.id, fileBase64: await taskSheet("乙社区") }))],
  },
};

const PROCEDURES = Object.keys(appRouter._def.procedures);
const procedures: Record<string, unknown> = appRouter._def.procedures;
const isMutation = (path: string) => (procedures[path] as { _def: { type: string } } | undefined)?._def.type === "mutation";
/** What a person does for themself (their registration, sign-ups and check-ins) is aimed at no unit. */
const PERSONAL = [
  "volunteer.register",
  "volunteer.claim",
  "volunteer.withdraw",
  "activity.signUp",
  "activity.cancelSignup",
  "activity.scan",
  "problem.report",
  "problem.rate",
  "board.nominate",
  "board.appeal",
];
/** Settings of a 街道 as a whole: aimed at no 社区, so at no 社区 B either. */
const STREET_WIDE = ["task.setSupervisionSettings"];
const SCOPED_MUTATIONS = PROCEDURES.filter(
  (p) => /^(org|auth\.users|volunteer|activity|problem|board|campaign|task|report)\./.test(p) && isMutation(p) && !PERSONAL.includes(p) && !STREET_WIDE.includes(p),
);

/** "ok", or the code the call was refused with. */
async function outcome(call: Promise<unknown>): Promise<"ok" | TRPCError["code"]> {
  try {
    await call;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

function rowFor(path: string): Row {
  const row = TABLE[path];
  if (!row) throw new Error(`no permission row for ${path}: add one to TABLE in permissions.test.ts`);
  return row;
}

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture(await createTestDb());
});
const callerOf = (actor: Actor) =>
  callerFor(fx.db, actor === "anonymous" ? null : fx.actors[actor], undefined, { sms: fx.sms, fileStorage: fx.storage });

it("has exactly one row per procedure of appRouter", () => {
  expect(Object.keys(TABLE).sort()).toEqual([...PROCEDURES].sort());
  expect(SCOPED_MUTATIONS.sort()).toEqual([
    "activity.attend",
    "activity.cancel",
    "activity.confirmHours",
    "activity.create",
    "activity.update",
    "auth.users.createStaff",
    "auth.users.grantRole",
    "auth.users.resetPassword",
    "auth.users.revokeRole",
    "board.approve",
    "board.confirmPhotos",
    "board.decideAppeal",
    "board.mosaicPhoto",
    "board.prepareEdition",
    "board.propose",
    "board.publishEdition",
    "board.recordConsent",
    "board.rectify",
    "board.reject",
    "board.setCategory",
    "board.setSettings",
    "board.submit",
    "board.update",
    "board.withdraw",
    "campaign.addDocuments",
    "campaign.addDuty",
    "campaign.addEvidence",
    "campaign.addItem",
    "campaign.assess",
    "campaign.assignItem",
    "campaign.confirmLink",
    "campaign.create",
    "campaign.importChecklist",
    "campaign.installDefaultDuties",
    "campaign.moveItem",
    "campaign.removeAssessment",
    "campaign.removeDocument",
    "campaign.removeDuty",
    "campaign.removeEvidence",
    "campaign.removeItem",
    "campaign.removeLink",
    "campaign.setLeaders",
    "campaign.setStage",
    "campaign.tickDuty",
    "campaign.untickDuty",
    "campaign.update",
    "campaign.updateDuty",
    "campaign.updateItem",
    "org.create",
    "org.move",
    "org.remove",
    "org.update",
    "problem.batchDispatch",
    "problem.create",
    "problem.dispatch",
    "problem.exportLedger",
    "problem.reassign",
    "problem.reject",
    "problem.review",
    "problem.setCategory",
    "problem.setPublished",
    "problem.submit",
    "report.generateSummary",
    "report.regenerateSummary",
    "report.saveSummaryParagraph",
    "report.summaryDocx",
    "task.accept",
    "task.answerSupervision",
    "task.assign",
    "task.cancel",
    "task.clearSupervision",
    "task.create",
    "task.importSheet",
    "task.move",
    "task.report",
    "task.return",
    "task.start",
    "task.submit",
    "task.supervise",
    "task.update",
    "volunteer.importConfirm",
    "volunteer.importPreview",
    "volunteer.issueCertificate",
    "volunteer.revealIdNumber",
    "volunteer.review",
    "volunteer.revokeCertificate",
    "volunteer.setTarget",
    "volunteer.teams.archive",
    "volunteer.teams.create",
    "volunteer.teams.delete",
    "volunteer.teams.setMember",
    "volunteer.teams.update",
  ]);
});

describe.each(PROCEDURES)("%s", (path) => {
  it.each(ACTORS)("as %s", async (actor) => {
    const row = rowFor(path);
    if (row.setup && actor !== "anonymous") await row.setup(fx, fx.actors[actor]);
    const got = await outcome(row.call(await callerOf(actor), fx));
    const expected = row.allowed.includes(actor) ? "ok" : actor === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN";
    expect(got).toBe(expected);
  });
});

describe.each(SCOPED_MUTATIONS)("%s aimed at 社区 B", (path) => {
  it("is refused to the community admin of A", async () => {
    const calls = rowFor(path).inB ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(await outcome(call(await callerOf("community_admin"), fx))).toBe("FORBIDDEN");
  });

  it.each(rowFor(path).inB?.map((_, i) => i) ?? [0])("is a real call: #%i succeeds for the community admin of B", async (i) => {
    const call = rowFor(path).inB?.[i];
    if (!call) throw new Error(`no call aimed at 社区 B for ${path}`);
    expect(await outcome(call(await callerFor(fx.db, fx.adminB, undefined, { fileStorage: fx.storage }), fx))).toBe("ok");
  });
});

describe("a community admin of A reaching across with A's own units", () => {
  it("cannot move a unit of A into 社区 B, nor one of B into A", async () => {
    const c = await callerOf("community_admin");
    expect(await outcome(c.org.move({ id: fx.tree.a.courtyard, parentId: fx.tree.b.grid }))).toBe("FORBIDDEN");
    expect(await outcome(c.org.move({ id: fx.tree.b.courtyard, parentId: fx.tree.a.grid }))).toBe("FORBIDDEN");
    const units = await fx.db.selectFrom("org_unit").select(["id", "parent_id"]).where("id", "in", [fx.tree.a.courtyard, fx.tree.b.courtyard]).execute();
    expect(units).toEqual([
      { id: fx.tree.a.courtyard, parent_id: fx.tree.a.grid },
      { id: fx.tree.b.courtyard, parent_id: fx.tree.b.grid },
    ]);
  });

  it("cannot add a 网格 under the 街道's other 社区 or a 社区 under the 街道", async () => {
    const c = await callerOf("community_admin");
    expect(await outcome(c.org.create({ parentId: fx.tree.b.community, name: "越界网格" }))).toBe("FORBIDDEN");
    expect(await outcome(c.org.create({ parentId: fx.tree.street, name: "丙社区" }))).toBe("FORBIDDEN");
    expect(await outcome(c.org.remove({ id: fx.tree.a.community }))).toBe("FORBIDDEN");
  });
});
