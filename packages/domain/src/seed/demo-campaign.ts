import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { createSession, deleteSession, resolveSession } from "../auth/session-service.js";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { storeUpload } from "../files/files-service.js";
import { storeDocument } from "../files/documents-service.js";
import type { FileStorage } from "../files/storage.js";
import { createCampaign, setLeaders, setStage } from "../campaign/campaign-service.js";
import { assignItem } from "../campaign/campaign-items.js";
import { addEvidence } from "../campaign/campaign-evidence.js";
import { candidates, confirmLink } from "../campaign/campaign-links.js";
import { installDefaultDuties, updateDutyRule } from "../campaign/duty-service.js";
import { tickDuty } from "../campaign/duty-ticks.js";
import { periodOf } from "../campaign/duty-rules.js";
import { createTask } from "../task/task-service.js";
import { takeStep } from "../task/task-steps.js";
import { superviseTask } from "../task/supervision-service.js";
import { setSupervisionSettings } from "../task/supervision-settings.js";
import { DEFAULT_SUPERVISION } from "../task/rules.js";
import { addDays } from "../problem/rules.js";
import { chinaToday } from "../time.js";
import { demoPicture } from "./demo-problems.js";

// A demo campaign, so that a new installation shows one: 城关街道's 创建全国文明城市 of this year, in
// 实施, with its 领导小组; in 东街社区's copy of the checklist a 宣传栏 photo filed, a 台账 workbook of
// registered volunteers per 网格 under 注册志愿者比例, the 道德讲堂 item
// given to the grid worker 张伟 with one of the 社区's 道德讲堂 activities confirmed as its record; and
// 东街社区's calendar of duties from the built-in rules, 入户走访 given to 张伟 and this month's
// 环境卫生大扫除 ticked with a photo; the campaign's tasks split from the street to 东街社区 (李秀英) and on
// to its first 网格 (张伟, who has reported progress with a photo).
// Made through the campaign services. Only for a database the other demo seeds have just filled.

const MOBILES = { street: "13800000001", admin: "13800000002", worker: "13800000003" } as const;

export async function seedDemoCampaign(db: Kysely<Database>, storage: FileStorage, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const sessions = {} as Record<keyof typeof MOBILES, AuthSession>;
    for (const [who, mobile] of Object.entries(MOBILES) as Array<[keyof typeof MOBILES, string]>) {
      const user = await trx
        .selectFrom("user")
        .select("id")
        .where("mobile", "=", mobile)
        .executeTakeFirstOrThrow();
      sessions[who] = (await resolveSession(trx, (await createSession(trx, user.id, now)).token, now))!;
    }
    const dongjie = await trx
      .selectFrom("org_unit")
      .select(["id", "parent_id"])
      .where("name", "=", "东街社区")
      .executeTakeFirstOrThrow();
    const year = chinaToday(now).slice(0, 4);
    const { id } = await createCampaign(
      trx,
      sessions.street,
      {
        name: `${year}年创建全国文明城市`,
        kind: "national_civilized_city",
        scopeUnitId: dongjie.parent_id!,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
      },
      now,
    );
    await setLeaders(
      trx,
      sessions.street,
      {
        id,
        leaders: [
          { role: "leader", userId: sessions.street.user.id, name: "", title: "街道党工委书记" },
          { role: "deputy", userId: sessions.admin.user.id, name: "", title: "东街社区党委书记" },
          { role: "member", name: "赵永强", title: "街道城管科科长" },
          { role: "member", userId: sessions.worker.user.id, name: "", title: "东街社区第一网格网格员" },
        ],
      },
      now,
    );
    await setStage(trx, sessions.street, { id, stage: "implementing" }, now);

    const items = await trx
      .selectFrom("campaign_item")
      .selectAll()
      .where("campaign_id", "=", id)
      .where("community_id", "=", dongjie.id)
      .orderBy("sort")
      .execute();
    const billboard = items.find((i) => i.content.includes("宣传栏"));
    if (billboard) {
      const picture = await storeUpload(trx, storage, {
        uploaderId: sessions.admin.user.id,
        input: await demoPicture(200, false),
        now,
      });
      await addEvidence(
        trx,
        sessions.admin,
        {
          itemId: billboard.id,
          kind: "photo",
          title: "宣传栏更新后照片",
          date: chinaToday(now),
          note: "邮政局家属院宣传栏换上社会主义核心价值观和文明城市创建内容",
          photos: [picture.id],
        },
        now,
      );
    }
    const share = items.find((i) => i.content === "注册志愿者比例");
    if (share) {
      const ledger = await demoDocument(
        storage,
        trx,
        sessions.admin.user.id,
        "东街社区注册志愿者统计台账.xlsx",
        await volunteerLedger(),
        now,
      );
      await addEvidence(
        trx,
        sessions.admin,
        {
          itemId: share.id,
          kind: "ledger",
          title: "注册志愿者统计台账",
          date: chinaToday(now),
          note: "按网格统计，每月更新",
          documents: [ledger.id],
        },
        now,
      );
    }
    const lecture = items.find((i) => i.content.includes("道德讲堂"));
    if (lecture) {
      await assignItem(trx, sessions.admin, { id: lecture.id, assigneeUserId: sessions.worker.user.id }, now);
      const campaign = await trx
        .selectFrom("campaign")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      const [record] = await candidates(trx, lecture, campaign, now);
      if (record) {
        await confirmLink(
          trx,
          sessions.admin,
          { itemId: lecture.id, recordType: record.recordType, recordId: record.recordId },
          now,
        );
      }
    }
    await demoDuties(trx, storage, dongjie.id, sessions, now);
    await demoTasks(
      trx,
      storage,
      { campaignId: id, streetId: dongjie.parent_id!, communityId: dongjie.id, items },
      sessions,
      now,
    );
    for (const s of Object.values(sessions)) await deleteSession(trx, s.sessionId);
  });
}

async function demoTasks(
  db: Kysely<Database>,
  storage: FileStorage,
  at: {
    campaignId: number;
    streetId: number;
    communityId: number;
    items: ReadonlyArray<{ id: number; content: string }>;
  },
  sessions: Record<keyof typeof MOBILES, AuthSession>,
  now: Date,
) {
  const today = chinaToday(now);
  const grid = await db
    .selectFrom("org_unit")
    .select("id")
    .where("parent_id", "=", at.communityId)
    .where("name", "=", "东街社区第一网格")
    .executeTakeFirst();
  const xiguan = await db
    .selectFrom("org_unit")
    .select("id")
    .where("name", "=", "西关社区")
    .executeTakeFirst();
  const corridor = at.items.find((i) => i.content === "楼道环境");
  const dates = { startOn: addDays(today, -10), dueOn: addDays(today, 20), priority: "high" as const };
  const top = await createTask(
    db,
    sessions.street,
    {
      campaignId: at.campaignId,
      title: "创城环境整治攻坚",
      description: "全街道楼道堆物、飞线充电集中整治",
      unitId: at.streetId,
      ...dates,
    },
    now,
  );
  const community = await createTask(
    db,
    sessions.street,
    {
      campaignId: at.campaignId,
      parentId: top.id,
      title: "东街社区楼道堆物整治",
      description: "清理楼道堆物，张贴文明提示",
      unitId: at.communityId,
      assigneeUserId: sessions.admin.user.id,
      helperUnitIds: xiguan ? [xiguan.id] : [],
      itemIds: corridor ? [corridor.id] : [],
      ...dates,
    },
    now,
  );
  // 督办: the street's thresholds (the defaults, set once), and an open 红色督办 to 李秀英.
  await setSupervisionSettings(db, sessions.street, { streetId: at.streetId, ...DEFAULT_SUPERVISION }, now);
  await superviseTask(
    db,
    sessions.street,
    {
      taskId: community.id,
      note: "楼道堆物整治进度滞后，请说明原因并加快推进",
      replyBy: addDays(today, 3),
    },
    now,
  );
  if (!grid) return;
  const gridTask = await createTask(
    db,
    sessions.admin,
    {
      campaignId: at.campaignId,
      parentId: community.id,
      title: "第一网格楼道清理",
      unitId: grid.id,
      assigneeUserId: sessions.worker.user.id,
      ...dates,
      dueOn: addDays(today, 5),
    },
    now,
  );
  const picture = await storeUpload(db, storage, {
    uploaderId: sessions.worker.user.id,
    input: await demoPicture(160, false),
    now,
  });
  await takeStep(
    db,
    sessions.worker,
    "report",
    { id: gridTask.id, version: 1, note: "已清理1至3单元楼道堆物", progress: 60, photos: [picture.id] },
    now,
  );
}

async function demoDuties(
  db: Kysely<Database>,
  storage: FileStorage,
  communityId: number,
  sessions: Record<keyof typeof MOBILES, AuthSession>,
  now: Date,
) {
  await installDefaultDuties(db, sessions.admin, { communityId }, now);
  const rules = await db
    .selectFrom("duty_rule")
    .selectAll()
    .where("community_id", "=", communityId)
    .execute();
  const visits = rules.find((r) => r.title === "入户走访");
  if (visits) {
    await updateDutyRule(
      db,
      sessions.admin,
      {
        id: visits.id,
        title: visits.title,
        cadence: visits.cadence,
        times: visits.times,
        doneBy: visits.done_by,
        responsibleUserId: sessions.worker.user.id,
        remindDays: visits.remind_days,
        forResidents: visits.for_residents === 1,
      },
      now,
    );
  }
  const sweep = rules.find((r) => r.title === "环境卫生大扫除");
  if (sweep) {
    const picture = await storeUpload(db, storage, {
      uploaderId: sessions.admin.user.id,
      input: await demoPicture(120, false),
      now,
    });
    const today = chinaToday(now);
    await tickDuty(
      db,
      sessions.admin,
      {
        ruleId: sweep.id,
        period: periodOf(sweep.cadence, today),
        doneOn: today,
        note: "组织志愿者清理楼道堆物、绿化带垃圾",
        photos: [picture.id],
      },
      now,
    );
  }
}

/** A workbook as a 社区 keeps it: registered volunteers against residents, per 网格 (no names). */
async function volunteerLedger(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("注册志愿者统计");
  sheet.addRow(["网格", "常住人口", "注册志愿者", "占比"]);
  for (const [grid, residents, volunteers] of [
    ["第一网格", 1860, 262],
    ["第二网格", 2140, 251],
    ["第三网格", 1575, 198],
  ] as const) {
    sheet.addRow([grid, residents, volunteers, `${((volunteers / residents) * 100).toFixed(1)}%`]);
  }
  sheet.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function demoDocument(
  storage: FileStorage,
  db: Kysely<Database>,
  uploaderId: number,
  name: string,
  bytes: Buffer,
  now: Date,
) {
  const dir = await mkdtemp(join(tmpdir(), "cc-demo-doc-"));
  try {
    const path = join(dir, "upload");
    await writeFile(path, bytes);
    return await storeDocument(db, storage, { uploaderId, path, name, now });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
