import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { IMPORT_COLUMNS } from "../volunteer/volunteer-excel.js";
import { recordingSms } from "../auth/sms.js";
import {
  auditRows,
  callerFor,
  createTestDb,
  makeActivity,
  makeDocumentRow,
  makeFileRow,
  makeOrgTree,
  makeSignup,
  makeUnit,
  makeUser,
  makeVolunteer,
  memoryStorage,
  sessionFor,
  validIdNumber,
  workbookOf,
} from "../testing/index.js";
import { AUDIT_ACTIONS, type AuditAction } from "./actions.js";
import { AUDIT_FIELD_LABELS, isHiddenAuditField } from "./fields.js";
import { isAuditTargetType } from "./audit-subjects.js";
import { recordAudit } from "./audit-service.js";
import { storeUpload } from "../files/files-service.js";
import { ledgerPlan, recordLedgerDownload } from "../campaign/campaign-ledger.js";
import { openLedger, recordLedgerExport } from "../report/ledger-export.js";
import { eraseExpiredBoardEntries } from "../board/board-retention.js";
import { makeBoardEntry } from "../board/test-fixture.js";
import { solidPng } from "../files/test-images.js";
import { addDays } from "../problem/rules.js";
import { quarterOf } from "../campaign/measure-rules.js";
import { chinaToday } from "../time.js";

// Every action of the audit vocabulary, done for real through its procedure, then read back through
// audit.list: each row names its subject in Chinese, and every key any recordAudit call writes has a
// label. An action added without a step here fails the coverage check below.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const RESIDENT_MOBILE = "13700000001";

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
});

/** Every row of the 操作日志, newest first, page after page (a page holds at most 100). */
async function everyRow(sys: Awaited<ReturnType<typeof callerFor>>) {
  const rows = [];
  for (let page = 1; ; page++) {
    const { items } = await sys.audit.list({ page, pageSize: 100 });
    rows.push(...items);
    if (items.length < 100) return rows;
  }
}

async function everyAction() {
  const sms = recordingSms();
  const admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community, name: "甲管理员" }))
    .id;
  const sysAdmin = (await makeUser(db, { role: "system_admin", name: "系统管理员" })).id;
  const resident = (
    await makeUser(db, {
      role: "resident",
      unitId: tree.a.community,
      name: "王小红",
      mobile: RESIDENT_MOBILE,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    })
  ).id;
  const a = await callerFor(db, admin);
  const sys = await callerFor(db, sysAdmin);
  const me = await callerFor(db, resident, undefined, { sms });
  const anon = await callerFor(db, null, undefined, { sms });
  const grid2 = await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格" });

  // org
  const courtyard = (await a.org.create({ parentId: tree.a.grid, name: "新楼院" })).id;
  await a.org.update({ id: courtyard, name: "幸福楼院" });
  await a.org.update({
    id: tree.a.community,
    population: 3100,
    contactPhone: "010-12345678",
    officeAddress: "东街1号",
    officeHours: "周一至周五",
  });
  await a.org.move({ id: courtyard, parentId: grid2 });
  await a.org.remove({ id: tree.a.building });

  // users and roles
  await a.auth.users.createStaff({
    mobile: "13412345678",
    name: "新网格员",
    password: "staff-pass-1",
    role: "grid_worker",
    unitId: tree.a.grid,
  });
  const worker = await db
    .selectFrom("user")
    .select("id")
    .where("mobile", "=", "13412345678")
    .executeTakeFirstOrThrow();
  const grant = await a.auth.users.grantRole({ userId: worker.id, role: "grid_worker", unitId: grid2 });
  await a.auth.users.revokeRole({ grantId: grant.id });
  await a.auth.users.resetPassword({ userId: worker.id });
  await anon.auth.requestResetCode({ mobile: RESIDENT_MOBILE });
  const newPassword = "fresh-pass-26";
  await anon.auth.resetPasswordWithCode({
    mobile: RESIDENT_MOBILE,
    code: sms.lastCode(RESIDENT_MOBILE)!,
    newPassword,
  });

  // teams and volunteers
  const team = (await a.volunteer.teams.create({ communityId: tree.a.community, name: "文艺队" })).id;
  const mine = await me.volunteer.register({
    name: "王小红",
    idNumber: validIdNumber("1990-05-05", false),
    mobile: RESIDENT_MOBILE,
    courtyardId: tree.a.courtyard,
    politicalStatus: "masses",
    skills: ["arts"],
    serviceTimes: ["weekend_morning"],
    preferredTeamId: team,
    dataConsent: true,
  });
  await a.volunteer.review({ ids: [mine.id], action: "approve" });
  const other = await makeVolunteer(db, { courtyardId: tree.a.courtyard, name: "李四", status: "pending" });
  await a.volunteer.review({ ids: [other.id], action: "reject", reason: "资料不全" });
  await a.volunteer.revealIdNumber({ id: mine.id });
  await a.volunteer.setTarget({ communityId: tree.a.community, targetPermille: 130 });
  const courtyardName = (
    await db
      .selectFrom("org_unit")
      .select("name")
      .where("id", "=", tree.a.courtyard)
      .executeTakeFirstOrThrow()
  ).name;
  // Imported from paper, then imported again with a new mobile: the second import updates the record.
  const paperId = validIdNumber("1980-02-02", true);
  for (const mobile of ["13600000001", "13600000002"]) {
    const file = {
      communityId: tree.a.community,
      fileBase64: await workbookOf(IMPORT_COLUMNS, [
        ["纸质登记", paperId, mobile, courtyardName, "群众", "环卫", "周末上午", "否"],
      ]),
    };
    const { previewToken } = await a.volunteer.importPreview(file);
    await a.volunteer.importConfirm({ ...file, previewToken });
  }
  await a.volunteer.teams.update({ id: team, name: "文艺宣传队", leaderId: mine.id });
  await a.volunteer.teams.setMember({ teamId: team, volunteerId: mine.id, member: false });
  await a.volunteer.teams.setMember({ teamId: team, volunteerId: mine.id, member: true });
  await a.volunteer.teams.archive({ id: team, archived: true });
  await a.volunteer.teams.archive({ id: team, archived: false });
  const spare = await db
    .insertInto("team")
    .values({
      community_id: tree.a.community,
      name: "临时队",
      description: null,
      leader_volunteer_id: null,
      created_at: inMinutes(0),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await a.volunteer.teams.delete({ id: spare.id });
  // The person on the paper form opens an account with its mobile and claims the record.
  const paperUser = await makeUser(db, { role: "resident", unitId: tree.a.community, mobile: "13600000002" });
  await (await callerFor(db, paperUser.id)).volunteer.claim({ idLast4: paperId.slice(-4) });
  // A 志愿服务证明 for the paper-form volunteer's confirmed hours, issued by the admin, then 撤销.
  const paper = await db.selectFrom("volunteer").select("id").where("name", "=", "纸质登记").executeTakeFirstOrThrow();
  const servedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const served = await makeActivity(db, { communityId: tree.a.community, startsAt: servedAt, endsAt: inMinutes(-2 * 1440 + 60), title: "证明用活动" });
  const servedSignup = await makeSignup(db, { activityId: served, volunteerId: paper.id, checkInAt: servedAt, checkOutAt: inMinutes(-2 * 1440 + 60), minutes: 60 });
  await db.updateTable("activity_signup").set({ hours_status: "confirmed", confirmed_minutes: 60 }).where("id", "=", servedSignup).execute();
  const certificate = await a.volunteer.issueCertificate({
    volunteerId: paper.id,
    periodStart: chinaToday(new Date(Date.now() - 30 * 86_400_000)),
    periodEnd: chinaToday(),
  });
  await a.volunteer.revokeCertificate({ id: certificate.id, reason: "时长登记有误" });

  // activities and hours
  const activity = (
    await a.activity.create({
      communityId: tree.a.community,
      kind: "volunteer_service",
      title: "重阳敬老",
      startsAt: inMinutes(60 * 24),
      endsAt: inMinutes(60 * 26),
      placeText: "敬老院",
      capacity: 10,
    })
  ).id;
  await a.activity.update({
    id: activity,
    kind: "volunteer_service",
    title: "重阳敬老",
    startsAt: inMinutes(60 * 24),
    endsAt: inMinutes(60 * 26),
    placeText: "敬老院",
    capacity: 12,
  });
  const past = await makeActivity(db, {
    communityId: tree.a.community,
    title: "清理楼道小广告",
    startsAt: inMinutes(-180),
    endsAt: inMinutes(-60),
  });
  const signup = await makeSignup(db, {
    activityId: past,
    volunteerId: mine.id,
    checkInAt: inMinutes(-180),
    checkOutAt: inMinutes(-60),
    minutes: 120,
  });
  await a.activity.confirmHours({ signupIds: [signup] });
  await a.activity.confirmHours({ signupIds: [signup], minutes: 90, reason: "提前离场" });
  await a.activity.cancel({ id: activity });

  // problems: a 巡查 through every move, a second one refused, the 社区's category and the 整改台账
  const patroller = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid, name: "网格员" })).id;
  const gw = await callerFor(db, patroller);
  const patrol = async (description: string) =>
    (
      await gw.problem.create({
        source: "patrol",
        courtyardId: tree.a.courtyard,
        description,
        category: "corridor_clutter",
        photos: [await makeFileRow(db, patroller)],
      })
    ).id;
  const problem = await patrol("楼道堆放杂物");
  await a.problem.dispatch({ id: problem, assigneeId: patroller });
  await a.problem.reassign({ id: problem, assigneeId: patroller, deadline: addDays(chinaToday(), 10) });
  await gw.problem.submit({ id: problem, note: "已清理", photos: [await makeFileRow(db, patroller)] });
  await a.problem.review({ id: problem, decision: "return", note: "还有一辆自行车" });
  await gw.problem.submit({ id: problem, note: "自行车已移走", photos: [await makeFileRow(db, patroller)] });
  await a.problem.review({ id: problem, decision: "approve" });
  await a.problem.setPublished({ id: problem, published: true });
  await a.problem.setPublished({ id: problem, published: false });
  await a.problem.reject({ id: await patrol("小广告"), reason: "untrue", note: "现场未发现" });
  await a.problem.setCategory({
    communityId: tree.a.community,
    code: "exposed_garbage",
    label: "暴露垃圾",
    timeLimitDays: 2,
    enabled: true,
  });
  await a.problem.exportLedger({ communityId: tree.a.community });

  // 黑白榜: a grid worker's 黑榜 draft linked to the resident, submitted, its photo confirmed, approved,
  // appealed and upheld, put right and taken down; a 白榜 entry with consent recorded, then rejected;
  // the month's edition published; the 社区's settings changed.
  const black = await gw.board.propose({
    category: "corridor_clutter",
    courtyardId: tree.a.courtyard,
    title: "3单元楼道堆放杂物",
    description: "3单元2楼楼道长期堆放纸箱。",
    subjectKind: "place",
    subjectUserId: resident,
    photos: [await makeFileRow(db, patroller)],
    submit: false,
  });
  await gw.board.update({
    id: black.id,
    category: "corridor_clutter",
    title: "3单元楼道堆放纸箱和旧家具",
    description: "楼道堆放纸箱和旧家具。",
  });
  await gw.board.submit({ id: black.id });
  // Its photo's faces hidden with the mosaic tool: a real photo, in a store the admin's caller reads.
  const storage = memoryStorage();
  const masking = await callerFor(db, admin, undefined, { fileStorage: storage });
  const taken = await storeUpload(db, storage, { uploaderId: patroller, input: await solidPng(64, 48) });
  const withPhoto = await gw.board.propose({
    category: "street_vending",
    courtyardId: tree.a.courtyard,
    title: "门口占道经营",
    description: "小区门口早市摊点占用人行道。",
    subjectKind: "place",
    photos: [taken.id],
  });
  await masking.board.mosaicPhoto({
    id: withPhoto.id,
    fileId: taken.id,
    regions: [{ x: 0, y: 0, width: 0.5, height: 0.5 }],
  });
  await a.board.confirmPhotos({ id: black.id });
  const approved = await a.board.approve({ id: black.id });
  await me.board.appeal({ id: black.id, reason: "纸箱不是我家的", photos: [] });
  await a.board.decideAppeal({ id: black.id, decision: "upheld", reason: "现场照片属实" });
  const edition = await a.board.prepareEdition({
    communityId: tree.a.community,
    month: approved.startDate.slice(0, 7),
  });
  await a.board.publishEdition({ id: edition.id });
  await a.board.rectify({ id: black.id });
  await a.board.withdraw({ id: black.id, reason: "已整改完毕" });
  const white = await gw.board.propose({
    category: "good_deed",
    courtyardId: tree.a.courtyard,
    title: "帮助独居老人",
    description: "每周帮王大爷买菜。",
    subjectKind: "person",
    subjectName: "张明华",
    photos: [],
  });
  await a.board.recordConsent({ id: white.id });
  await a.board.reject({ id: white.id, reason: "事迹需补充材料" });
  await a.board.setSettings({
    communityId: tree.a.community,
    blackVisibility: "public",
    blackNameDisplay: "masked",
    blackMaxDays: 20,
    whiteDays: 90,
    noticeDays: 5,
    rectifiedRemoval: "at_once",
    retentionDays: 365,
  });
  await a.board.setCategory({
    communityId: tree.a.community,
    code: "good_deed",
    label: "身边好人",
    enabled: true,
  });
  // A 黑榜 entry off the board for more than a year: the server's schedule erases its personal data.
  await makeBoardEntry(db, {
    courtyardId: tree.a.courtyard,
    category: "litter",
    proposerId: null,
    state: "published",
    subjectName: "张明华",
    startDate: "2020-01-01",
    endDate: "2020-01-30",
  });
  await eraseExpiredBoardEntries(db);

  // A campaign of the 社区: edited, staged, its 领导小组, and its checklist changed item by item.
  const campaign = await a.campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    scopeUnitId: tree.a.community,
    periodStart: "2027-01-01",
    periodEnd: "2027-12-31",
  });
  await a.campaign.update({
    id: campaign.id,
    name: "2027年创文工作",
    kind: "national_civilized_city",
    periodStart: "2027-01-01",
    periodEnd: "2027-11-30",
  });
  await a.campaign.setStage({ id: campaign.id, stage: "implementing" });
  await a.campaign.setLeaders({
    id: campaign.id,
    leaders: [{ role: "leader", name: "王书记", title: "社区党委书记" }],
  });
  // Its 实施方案 added, then taken off.
  const implementationPlan = await makeDocumentRow(db, admin, "甲社区创文实施方案.pdf");
  await a.campaign.addDocuments({ id: campaign.id, documents: [implementationPlan] });
  await a.campaign.removeDocument({ id: campaign.id, kind: "document", fileId: implementationPlan });
  const [firstItem, secondItem] = await a.campaign.checklist({
    campaignId: campaign.id,
    communityId: tree.a.community,
  });
  const itemFields = {
    project: "宣传氛围",
    content: "楼道文明提示",
    standard: "每个单元门口张贴文明提示。",
    method: "field" as const,
    points: 2,
    evidence: ["photo" as const],
  };
  const added = await a.campaign.addItem({
    campaignId: campaign.id,
    communityId: tree.a.community,
    ...itemFields,
  });
  await a.campaign.updateItem({ id: added.id, ...itemFields, points: 3 });
  await a.campaign.moveItem({ id: added.id, beforeId: firstItem!.id });
  await a.campaign.assignItem({ id: secondItem!.id, assigneeUserId: patroller });
  await a.campaign.removeItem({ id: added.id });
  // Evidence filed under an item (no procedure yet): removing it archives it.
  await db
    .insertInto("campaign_evidence")
    .values({
      item_id: firstItem!.id,
      kind: "photo",
      title: "宣传栏照片",
      evidence_date: "2027-01-05",
      note: null,
      created_by: admin,
      created_at: new Date().toISOString(),
    })
    .execute();
  await a.campaign.removeItem({ id: firstItem!.id });
  // Evidence of this year's campaign: a 道德讲堂 held last week proposed, confirmed, then removed; a 方案 filed
  // with a photo, then withdrawn.
  const thisYear = await a.campaign.create({
    name: "本年度创文工作",
    kind: "civilized_community",
    scopeUnitId: tree.a.community,
    periodStart: addDays(chinaToday(), -30),
    periodEnd: addDays(chinaToday(), 300),
  });
  const lectureItem = (
    await a.campaign.checklist({ campaignId: thisYear.id, communityId: tree.a.community })
  ).find((i) => i.content === "道德讲堂")!;
  const lecture = await makeActivity(db, {
    communityId: tree.a.community,
    kind: "moral_lecture",
    title: "道德讲堂：孝老爱亲",
    startsAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() - 7 * 86_400_000 + 7_200_000).toISOString(),
  });
  const link = { itemId: lectureItem.id, recordType: "activity" as const, recordId: lecture };
  await a.campaign.confirmLink(link);
  await a.campaign.removeLink(link);
  const plan = await a.campaign.addEvidence({
    itemId: lectureItem.id,
    kind: "plan",
    title: "道德讲堂年度方案",
    date: chinaToday(),
    photos: [await makeFileRow(db, admin)],
  });
  await a.campaign.removeEvidence({ id: plan.id });
  // Its 台账 package downloaded (what GET /api/campaigns/:id/ledger.zip records before it streams).
  const adminSession = await sessionFor(db, admin);
  await recordLedgerDownload(
    db,
    adminSession,
    await ledgerPlan(db, adminSession, { campaignId: thisYear.id, communityId: tree.a.community }),
  );
  // A 台账 of the 报表与导出 page exported (what GET /api/ledgers/:kind records before it streams).
  await recordLedgerExport(
    db,
    adminSession,
    await openLedger(db, adminSession, "activities", {
      unitId: tree.a.community,
      from: `${chinaToday().slice(0, 4)}-01-01`,
      to: chinaToday(),
    }),
  );
  // Two rounds of 模拟测评 (道德讲堂 graded A, then B); the first removed.
  const rounds = [];
  for (const grade of ["A", "B"] as const) {
    rounds.push(
      await a.campaign.assess({
        campaignId: thisYear.id,
        communityId: tree.a.community,
        title: grade === "A" ? "第一次模拟测评" : "第二次模拟测评",
        grades: [{ itemId: lectureItem.id, grade }],
      }),
    );
  }
  await a.campaign.removeAssessment({ id: rounds[0]!.id });
  // The calendar of duties: the built-in rules, one of them edited, a rule of the 社区's own added and
  // deleted, 入户走访 ticked with a photo and withdrawn, then archived once ticked again.
  await a.campaign.installDefaultDuties({ communityId: tree.a.community });
  const duties = await a.campaign.calendar({ communityId: tree.a.community, view: chinaToday().slice(0, 7) });
  const lectures = duties.rules.find((r) => r.title === "道德讲堂")!;
  await a.campaign.updateDuty({ ...lectures, id: lectures.id, times: 3, responsibleUserId: null });
  const own = await a.campaign.addDuty({
    communityId: tree.a.community,
    title: "楼道巡查",
    cadence: "month",
    times: 1,
    doneBy: "manual",
    remindDays: 5,
    forResidents: false,
  });
  await a.campaign.removeDuty({ id: own.id });
  const visits = duties.rules.find((r) => r.title === "入户走访")!;
  const tickOf = async () =>
    a.campaign.tickDuty({
      ruleId: visits.id,
      period: quarterOf(chinaToday()),
      doneOn: chinaToday(),
      photos: [await makeFileRow(db, admin)],
    });
  await a.campaign.untickDuty({ id: (await tickOf()).id });
  await tickOf();
  await a.campaign.removeDuty({ id: visits.id });
  // Tasks: one split to the grid worker, moved, reported, sent back, accepted; another cancelled.
  const taskDates = { startOn: chinaToday(), dueOn: addDays(chinaToday(), 10), priority: "normal" as const };
  const cleanup = await a.task.create({
    campaignId: thisYear.id,
    title: "楼道整治",
    unitId: tree.a.community,
    ...taskDates,
  });
  const corridor = await a.task.create({
    campaignId: thisYear.id,
    title: "一号院楼道清理",
    unitId: tree.a.grid,
    assigneeUserId: patroller,
    ...taskDates,
  });
  let tv = (
    await a.task.update({
      id: corridor.id,
      title: "一号院楼道清理",
      unitId: tree.a.grid,
      assigneeUserId: patroller,
      ...taskDates,
      dueOn: addDays(chinaToday(), 12),
    })
  ).version;
  tv = (await a.task.move({ id: corridor.id, parentId: cleanup.id, version: tv })).version;
  // 督办: the 社区 (above the 网格) issues one on the grid worker's task, who answers; it is cleared. The
  // 街道's thresholds set.
  const sup = await a.task.supervise({ taskId: corridor.id, note: "请加快清理", replyBy: chinaToday() });
  const answered = await gw.task.answerSupervision({ id: sup.id, version: sup.version, answer: "正在清理" });
  await a.task.clearSupervision({ id: sup.id, version: answered.version, note: "已核实" });
  await sys.task.setSupervisionSettings({ streetId: tree.street, blueDays: 5, redAfterDays: 10, paceGap: 40 });
  tv = (await gw.task.start({ id: corridor.id, version: tv })).version;
  tv = (
    await gw.task.report({
      id: corridor.id,
      version: tv,
      note: "已清理",
      progress: 80,
      photos: [await makeFileRow(db, patroller)],
    })
  ).version;
  tv = (await gw.task.submit({ id: corridor.id, version: tv })).version;
  tv = (await a.task.return({ id: corridor.id, version: tv, note: "二单元仍有杂物" })).version;
  tv = (await gw.task.submit({ id: corridor.id, version: tv })).version;
  await a.task.accept({ id: corridor.id, version: tv });
  await a.task.cancel({ id: cleanup.id, version: 1, note: "并入街道整治" });
  // A 任务分解表 imported: one row of the 操作日志 for the whole sheet.
  const taskSheet = await workbookOf(
    ["任务", "上级任务", "责任单位", "责任人", "开始日期", "时限"],
    [["垃圾分类宣传", "", "甲社区", "", taskDates.startOn, taskDates.dueOn]],
  );
  const taskImport = await a.task.importSheet({ campaignId: thisYear.id, fileBase64: taskSheet });
  expect(taskImport).toEqual({ imported: true, created: 1 });
  // A 工作总结: generated, a paragraph rewritten, regenerated, downloaded.
  const summary = await a.report.generateSummary({ unitId: tree.a.community, period: { kind: "year", year: new Date().getFullYear() } });
  const rewritten = summary.document.paragraphs.at(-1)!;
  await a.report.saveSummaryParagraph({ id: summary.id, key: rewritten.key, text: "明年办好道德讲堂。", version: summary.version });
  await a.report.summaryDocx({ id: (await a.report.regenerateSummary({ id: summary.id })).id });

  // A row about the resident as written before snapshots stopped copying names (2026-12-04).
  await recordAudit(
    db,
    { user: { id: admin } },
    {
      action: "user.reset_password",
      targetType: "user",
      targetId: resident,
      orgUnitId: tree.a.community,
      after: { user: "王小红", mobile: "137****0001", temporaryPasswordExpiresAt: inMinutes(60) },
    },
  );

  // The resident leaves: the volunteer record is withdrawn, then the account deleted.
  const again = await callerFor(db, resident);
  await again.auth.deleteAccount({ password: newPassword });

  return {
    sys,
    admin,
    resident,
    mine: mine.id,
    worker: worker.id,
    team,
    courtyard,
    grid2,
    thisYear: thisYear.id,
    community: tree.a.community,
  };
}

describe("the audit trail of every action", () => {
  it("covers the whole audit vocabulary", async () => {
    await everyAction();
    const done = new Set((await auditRows(db)).map((r) => r.action));
    expect(AUDIT_ACTIONS.filter((action) => !done.has(action))).toEqual([]);
  });

  it("labels every key any recordAudit call writes, and keeps no 身份证号 and no full mobile", async () => {
    await everyAction();
    const rows = await auditRows(db);
    const unlabelled = rows.flatMap((r) =>
      [r.before, r.after]
        .flatMap((snapshot) => Object.keys(snapshot ?? {}))
        .filter(
          (key) =>
            !isAuditTargetType(r.target_type) ||
            !(key in AUDIT_FIELD_LABELS || isHiddenAuditField(r.target_type, key)),
        )
        .map((key) => `${r.action}: ${key}`),
    );
    expect(unlabelled).toEqual([]);
    const stored = JSON.stringify(rows.map((r) => [r.before, r.after]));
    expect(stored).not.toMatch(/\d{17}[\dXx]/);
    expect(stored).not.toMatch(/1[3-9]\d{9}/);
  });

  it("names each row's subject in Chinese, as it is now", async () => {
    const fx = await everyAction();
    const items = await everyRow(fx.sys);
    expect(items.filter((r) => r.subject === null).map((r) => r.action)).toEqual([]);
    for (const r of items) expect(r.subject, r.action).toMatch(/^\p{Script=Han}/u);
    const subjects = (action: AuditAction) => items.filter((r) => r.action === action).map((r) => r.subject);

    // The volunteer withdrew with the account: named 已注销, not by the name they had.
    expect(subjects("volunteer.reveal_id")).toEqual(["志愿者（已注销）"]);
    expect(subjects("volunteer.approve")).toEqual(["志愿者（已注销）"]);
    expect(subjects("volunteer.reject")).toEqual(["志愿者 李四"]);
    expect(subjects("activity.confirm_hours")).toEqual(["志愿者（已注销） · 活动 清理楼道小广告"]);
    expect(subjects("activity.adjust_hours")).toEqual(["志愿者（已注销） · 活动 清理楼道小广告"]);
    expect(subjects("activity.create")).toEqual(["活动 重阳敬老"]);
    expect(subjects("team.add_member")).toEqual(["志愿者（已注销） · 服务队 文艺宣传队"]);
    expect(subjects("team.create")).toEqual(["服务队 文艺宣传队"]);
    expect(subjects("volunteer.import")).toEqual(["社区 甲社区", "社区 甲社区"]);
    expect(subjects("volunteer.import_update")).toEqual(["志愿者 纸质登记"]);
    expect(subjects("volunteer.certificate_issue")).toEqual(["志愿者 纸质登记"]);
    expect(subjects("volunteer.certificate_revoke")).toEqual(["志愿者 纸质登记"]);
    expect(subjects("volunteer.set_target")).toEqual(["社区 甲社区"]);
    expect(subjects("org.move")).toEqual(["楼院 幸福楼院"]);
    expect(subjects("org.remove")).toEqual(["单位 甲社区1号楼（已删除）"]);
    expect(subjects("user.create")).toEqual(["用户 新网格员"]);
    expect(subjects("role.revoke")).toEqual(["用户 新网格员"]);
    expect(subjects("auth.delete_account")).toEqual(["用户（已注销）"]);
    expect(subjects("auth.reset_password_sms")).toEqual(["用户（已注销）"]);
    // A board entry by its kind, category and 楼院, never by the person it is about.
    expect(subjects("board.approve")).toEqual([
      expect.stringMatching(/^黑白榜 #\d+ 黑榜 楼道堆物 · 甲社区一号院$/),
    ]);
    expect(subjects("board.record_consent")).toEqual([
      expect.stringMatching(/^黑白榜 #\d+ 白榜 好人好事 · 甲社区一号院$/),
    ]);
    expect(subjects("board.publish_edition")).toEqual([
      expect.stringMatching(/^红黑榜期次 \d{4}年\d{1,2}月 甲社区红黑榜$/),
    ]);
    expect(subjects("board.set_settings")).toEqual(["社区 甲社区"]);
    expect(subjects("board.set_category")).toEqual(["社区 甲社区"]);
    expect(subjects("board.erase")).toEqual([
      expect.stringMatching(/^黑白榜 #\d+ 黑榜 乱扔垃圾 · 甲社区一号院$/),
    ]);
    expect(JSON.stringify(items.filter((r) => r.action.startsWith("board.")))).not.toContain("张明华");
    expect(subjects("campaign.stage")).toEqual(["创城活动 2027年创文工作"]);
    expect(subjects("campaign.item_assign")).toEqual([
      expect.stringMatching(/^测评项目 基础项目 · .+ · 甲社区$/),
    ]);
    expect(subjects("campaign.evidence_add")).toEqual(["测评项目 文明风尚 · 道德讲堂 · 甲社区"]);
    expect(subjects("campaign.link_confirm")).toEqual(["测评项目 文明风尚 · 道德讲堂 · 甲社区"]);
    expect(subjects("campaign.ledger_download")).toEqual(["创城活动 本年度创文工作"]);
    expect(subjects("report.ledger_export")).toEqual(["社区 甲社区"]);
    expect(subjects("campaign.assess")).toEqual(["创城活动 本年度创文工作", "创城活动 本年度创文工作"]);
    expect(subjects("campaign.duty_defaults")).toEqual(["社区 甲社区"]);
    expect(subjects("campaign.duty_update")).toEqual(["常态工作 道德讲堂 · 甲社区"]);
    // Deleted: the row keeps its id, and says what it was in its change.
    expect(subjects("campaign.duty_tick")).toEqual([
      "常态工作 入户走访 · 甲社区",
      "常态工作 入户走访 · 甲社区",
    ]);
    expect(subjects("campaign.duty_archive")).toEqual(["常态工作 入户走访 · 甲社区"]);
    expect(subjects("task.accept")).toEqual(["任务 一号院楼道清理 · 甲社区第一网格"]);
    expect(subjects("task.answer_supervision")).toEqual(["任务 一号院楼道清理 · 甲社区第一网格"]);
    expect(subjects("task.supervision_settings")).toEqual(["街道 测试街道"]);
    expect(subjects("report.summary_edit")).toEqual([expect.stringMatching(/^工作总结 甲社区\d{4}年度.+工作总结$/)]);
    expect(subjects("report.summary_generate")).toHaveLength(2);
    expect(subjects("report.summary_download")).toHaveLength(1);
  });

  it("shows the changes as Chinese fields with before and after, ids by name", async () => {
    const fx = await everyAction();
    const items = await everyRow(fx.sys);
    const changes = (action: AuditAction) =>
      items.filter((r) => r.action === action).map((r) => r.changes.map((c) => [c.label, c.before, c.after]));

    expect(changes("volunteer.approve")).toEqual([[["状态", "待审核", "已注册"]]]);
    expect(changes("volunteer.reject")).toEqual([
      [
        ["状态", "待审核", "已驳回"],
        ["原因", null, "资料不全"],
      ],
    ]);
    expect(changes("activity.confirm_hours")).toEqual([[["时长状态", "待确认", "已确认"]]]);
    expect(changes("activity.adjust_hours")).toEqual([
      [
        ["时长（分钟）", "120", "90"],
        ["原因", null, "提前离场"],
      ],
    ]);
    expect(changes("activity.cancel")).toEqual([[["状态", "已发布", "已取消"]]]);
    expect(changes("activity.update")).toEqual([[["名额", "10", "12"]]]);
    expect(changes("org.move")).toEqual([[["上级单位", "甲社区第一网格", "甲社区第二网格"]]]);
    expect(changes("volunteer.set_target")).toEqual([[["注册率目标", "10%", "13%"]]]);
    expect(changes("volunteer.import_update")).toEqual([[["手机号", "136****0001", "136****0002"]]]);
    expect(changes("team.update")).toEqual([
      [
        ["队名", "文艺队", "文艺宣传队"],
        ["队长", null, "（已注销）"],
      ],
    ]);
    expect(changes("role.revoke")).toEqual([
      [
        ["角色", "网格员", null],
        ["单位", "甲社区第二网格", null],
      ],
    ]);
    // A person's name is said by the subject, as it is now: never from the snapshot.
    expect(changes("user.create")).toEqual([[["手机号", null, "134****5678"]]]);
    // The resident deleted the account: the rows about them keep what happened, not their number.
    expect(changes("auth.reset_password_sms")).toEqual([[]]);
    const until = ["临时密码有效期至", null, expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)];
    expect(changes("user.reset_password")).toEqual([[until], [["手机号", null, "134****5678"], until]]);
    expect(JSON.stringify(items.map((r) => r.changes))).not.toContain("王小红");
    const date = expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/);
    expect(changes("board.propose")).toEqual([
      [
        ["类别", null, "好人好事"],
        ["楼院", null, "甲社区一号院"],
        ["状态", null, "待审核"],
      ],
      [
        ["类别", null, "占道经营"],
        ["楼院", null, "甲社区一号院"],
        ["状态", null, "待审核"],
      ],
      [
        ["类别", null, "楼道堆物"],
        ["楼院", null, "甲社区一号院"],
        ["状态", null, "草稿"],
      ],
    ]);
    expect(changes("board.approve")).toEqual([
      [
        ["状态", "待审核", "已公示"],
        ["公示开始日期", null, date],
        ["公示结束日期", null, date],
      ],
    ]);
    expect(changes("board.reject")).toEqual([[["原因", null, "事迹需补充材料"]]]);
    expect(changes("board.withdraw")).toEqual([[["原因", null, "已整改完毕"]]]);
    expect(changes("board.decide_appeal")).toEqual([
      [
        ["处理结果", null, "维持"],
        ["原因", null, "现场照片属实"],
      ],
    ]);
    expect(changes("board.publish_edition")).toEqual([[["条目数", null, "1"]]]);
    // The erasure says nothing of what it erased.
    expect(changes("board.erase")).toEqual([[]]);
    expect(changes("board.set_category")).toEqual([
      [
        ["显示名称", "好人好事", "身边好人"],
        ["榜单类别", null, "白榜 · 好人好事"],
      ],
    ]);
    expect(changes("board.set_settings")).toEqual([
      [
        ["黑榜公开范围", "仅本社区居民", "所有人"],
        ["黑榜显示姓名", "不显示", "显示姓氏（如 张**）"],
        ["黑榜最长公示天数", "30", "20"],
        ["申诉告知期（天）", "3", "5"],
        ["已整改条目撤榜", "公示期满撤下", "立即撤下"],
      ],
    ]);
    expect(changes("campaign.evidence_add")).toEqual([
      [
        ["材料类型", null, "方案"],
        ["材料名称", null, "道德讲堂年度方案"],
        ["材料日期", null, chinaToday()],
        ["照片数", null, "1"],
      ],
    ]);
    const lecturePoints = String(
      (await fx.sys.campaign.checklist({ campaignId: fx.thisYear, communityId: fx.community })).find(
        (i) => i.content === "道德讲堂",
      )!.points,
    );
    // Newest first.
    expect(changes("campaign.assess")).toEqual([
      [
        ["模拟测评", null, "第二次模拟测评"],
        ["估算得分", null, String(Math.round(Number(lecturePoints) * 66) / 100)],
        ["已评项数", null, "1"],
      ],
      [
        ["模拟测评", null, "第一次模拟测评"],
        ["估算得分", null, lecturePoints],
        ["已评项数", null, "1"],
      ],
    ]);
    expect(changes("campaign.assessment_remove")).toEqual([
      [
        ["模拟测评", "第一次模拟测评", null],
        ["估算得分", lecturePoints, null],
        ["已评项数", "1", null],
      ],
    ]);
    // Only what changed: 道德讲堂 from twice a month to three times.
    expect(changes("campaign.duty_update")).toEqual([[["每期次数", "2", "3"]]]);
    expect(changes("campaign.duty_remove")).toEqual([
      [
        ["工作名称", "楼道巡查", null],
        ["周期", "每月", null],
        ["每期次数", "1", null],
        ["完成方式", "人工打卡（附照片）", null],
      ],
    ]);
    expect(changes("campaign.duty_defaults")).toEqual([[["工作项数", null, "7"]]]);
    expect(changes("task.return")).toEqual([
      [
        ["状态", "待验收", "进行中"],
        ["原因", null, "二单元仍有杂物"],
      ],
    ]);
    expect(changes("task.move")).toEqual([[["上级任务", "（顶层）", "楼道整治"]]]);
    expect(changes("task.supervise")).toEqual([
      [
        ["督办颜色", null, "红色"],
        ["说明", null, "请加快清理"],
        ["反馈期限", null, chinaToday()],
      ],
    ]);
    expect(changes("task.update")).toEqual([
      [["时限", addDays(chinaToday(), 10), addDays(chinaToday(), 12)]],
    ]);
    expect(changes("campaign.duty_untick")).toEqual([
      [
        ["期间", quarterOf(chinaToday()), null],
        ["完成日期", chinaToday(), null],
      ],
    ]);
    expect(changes("campaign.documents_add")).toEqual([[["文件", null, "甲社区创文实施方案.pdf"]]]);
    expect(changes("campaign.document_remove")).toEqual([[["文件", "甲社区创文实施方案.pdf", null]]]);
    expect(changes("campaign.ledger_download")).toEqual([
      [
        ["社区", null, "甲社区"],
        ["测评项目", null, "全部测评项目"],
        ["文件数", null, "1"],
      ],
    ]);
    expect(changes("campaign.link_remove")).toEqual([
      [["佐证记录", null, expect.stringMatching(/^活动 道德讲堂：孝老爱亲（\d{4}-\d{2}-\d{2}）$/)]],
    ]);
    const dates = items
      .find((r) => r.action === "activity.create")!
      .changes.find((c) => c.field === "startsAt")!;
    expect(dates.after).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it("keeps no name or number of a deleted person in the rows about them", async () => {
    const fx = await everyAction();
    const rows = await auditRows(db);
    const about = rows.filter(
      (r) =>
        (r.target_type === "user" && r.target_id === String(fx.resident)) ||
        (r.target_type === "volunteer" && r.target_id === String(fx.mine)),
    );
    expect(new Set(about.map((r) => r.action))).toEqual(
      new Set([
        "user.reset_password",
        "auth.reset_password_sms",
        "auth.delete_account",
        "volunteer.approve",
        "volunteer.reveal_id",
        "volunteer.withdraw",
      ]),
    );
    const stored = JSON.stringify(rows.map((r) => [r.before, r.after]));
    expect(stored).not.toContain("王小红");
    expect(stored).not.toContain("137****0001");
    // What happened stays: the time the temporary password was valid until.
    expect(about.find((r) => r.action === "user.reset_password")?.after).toEqual({
      temporaryPasswordExpiresAt: expect.any(String),
    });
  });

  it("filters by the kind of subject", async () => {
    const fx = await everyAction();
    const { items } = await fx.sys.audit.list({ targetType: "volunteer", pageSize: 100 });
    expect(new Set(items.map((r) => r.action))).toEqual(
      new Set([
        "volunteer.approve",
        "volunteer.reject",
        "volunteer.reveal_id",
        "volunteer.withdraw",
        "volunteer.import_update",
        "volunteer.claim",
        "volunteer.certificate_issue",
        "volunteer.certificate_revoke",
      ]),
    );
  });
});
