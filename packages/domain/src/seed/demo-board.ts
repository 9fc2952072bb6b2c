import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { createSession, deleteSession, resolveSession } from "../auth/session-service.js";
import { storeUpload } from "../files/files-service.js";
import type { FileStorage } from "../files/storage.js";
import { proposeEntry, nominateEntry, type StaffEntryFields } from "../board/board-entries.js";
import { approveEntry, confirmPhotos, recordConsent, rectifyEntry } from "../board/board-moderation.js";
import { publishEdition } from "../board/board-editions.js";
import { demoPicture } from "./demo-problems.js";

// A demo 黑白榜 for 东街社区, so that a new installation shows the board: last month's edition (with a
// 黑榜 entry since put right, listed as 上期已整改) and this month's, 白榜 and 黑榜, plus a resident's
// nomination waiting in the moderation queue and a 黑榜 entry about the demo resident 刘芳 in its notice
// period (her 申诉 page). Made through the board services, at times before `now`.
// Only for a database that seedDemo (and seedDemoProblems) has just filled.

const DAY = 86_400_000;

const MOBILES = {
  resident: "13800000004",
  worker: "13800000003",
  admin: "13800000002",
  street: "13800000001",
} as const;

export async function seedDemoBoard(
  db: Kysely<Database>,
  storage: FileStorage,
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const sessions = {} as Record<keyof typeof MOBILES, AuthSession>;
    const ids = {} as Record<keyof typeof MOBILES, number>;
    for (const [who, mobile] of Object.entries(MOBILES) as Array<[keyof typeof MOBILES, string]>) {
      const user = await trx
        .selectFrom("user")
        .select("id")
        .where("mobile", "=", mobile)
        .executeTakeFirstOrThrow();
      ids[who] = user.id;
      sessions[who] = (await resolveSession(trx, (await createSession(trx, user.id, now)).token, now))!;
    }
    const unit = async (name: string, kind: "courtyard") =>
      (
        await trx
          .selectFrom("org_unit")
          .select("id")
          .where("name", "=", name)
          .where("kind", "=", kind)
          .executeTakeFirstOrThrow()
      ).id;
    const post = await unit("邮政局家属院", "courtyard");
    const housing = await unit("房管所家属院", "courtyard");
    const school = await unit("一小家属院", "courtyard");
    let pictures = 100;
    const photo = async (who: AuthSession, messy: boolean, at: Date) =>
      (
        await storeUpload(trx, storage, {
          uploaderId: who.user.id,
          input: await demoPicture(++pictures, messy),
          now: at,
        })
      ).id;
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const propose = (who: AuthSession, fields: StaffEntryFields, at: Date) =>
      proposeEntry(trx, who, fields, at);

    // Last month (its 10th, China time): a 白榜 and a 黑榜 entry, the edition published; the 黑榜 one put
    // right five days later, so this month's board lists it as 上期已整改.
    const china = new Date(now.getTime() + 8 * 3_600_000);
    const lastMonth = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - 1, 10, 2));
    const praise = await propose(
      sessions.worker,
      {
        category: "good_deed",
        courtyardId: post,
        title: "拾金不昧，归还失主钱包",
        description: "居民在小区门口捡到钱包，内有现金和证件，第一时间交到社区，已归还失主。",
        subjectKind: "person",
        subjectName: "赵德明",
        photos: [await photo(sessions.worker, false, lastMonth)],
      },
      lastMonth,
    );
    await approveEntry(trx, sessions.admin, { id: praise.id }, lastMonth);
    const clutter = await propose(
      sessions.worker,
      {
        category: "corridor_clutter",
        courtyardId: housing,
        title: "2号楼3单元楼道堆放纸箱",
        description: "楼道长期堆放纸箱和旧家具，堵塞消防通道，经多次劝导未清理。",
        subjectKind: "place",
        photos: [await photo(sessions.worker, true, lastMonth)],
      },
      lastMonth,
    );
    await confirmPhotos(trx, sessions.admin, { id: clutter.id }, lastMonth);
    const approvedClutter = await approveEntry(trx, sessions.admin, { id: clutter.id }, lastMonth);
    await publishEdition(trx, sessions.admin, { id: approvedClutter.editionId }, lastMonth);
    await rectifyEntry(trx, sessions.admin, { id: clutter.id }, new Date(lastMonth.getTime() + 5 * DAY));

    // This month: 白榜 (a person with consent, a household, a 楼院) and 黑榜, then published.
    const today = ago(0);
    const white: StaffEntryFields[] = [
      {
        category: "filial",
        courtyardId: post,
        title: "十年如一日照顾瘫痪母亲",
        description: "孙秀兰十年来悉心照料瘫痪在床的母亲，邻里有口皆碑。",
        subjectKind: "person",
        subjectName: "孙秀兰",
        photos: [await photo(sessions.admin, false, today)],
      },
      {
        category: "civilized_family",
        courtyardId: school,
        title: "热心公益的文明家庭",
        description: "一家三口常年参加社区志愿服务，带动楼栋邻里参与垃圾分类。",
        subjectKind: "household",
        subjectName: "3号楼2单元 王家",
        photos: [],
      },
      {
        category: "best_courtyard",
        courtyardId: housing,
        title: "环境整洁、邻里和睦",
        description: "院内自治小组每周组织大扫除，楼道无堆物，绿地无种菜。",
        subjectKind: "courtyard",
        photos: [await photo(sessions.admin, false, today)],
      },
    ];
    const made: number[] = [];
    for (const fields of white) {
      const { id } = await propose(sessions.admin, fields, ago(1));
      made.push(id);
      // The proposer may not approve their own: the 街道's admin approves the 社区 admin's proposals.
      await approveEntry(trx, sessions.street, { id }, today);
    }
    await recordConsent(trx, sessions.admin, { id: made[0]! }, today);
    const litter = await propose(
      sessions.worker,
      {
        category: "green_planting",
        courtyardId: post,
        title: "绿化带内私自种菜",
        description: "4号楼北侧绿化带被开垦种菜，破坏公共绿地。",
        subjectKind: "place",
        photos: [await photo(sessions.worker, true, ago(2))],
      },
      ago(2),
    );
    await confirmPhotos(trx, sessions.admin, { id: litter.id }, ago(1));
    const thisMonth = await approveEntry(trx, sessions.admin, { id: litter.id }, today);
    await publishEdition(trx, sessions.admin, { id: thisMonth.editionId }, today);

    // In the notice period: a 黑榜 entry about 刘芳, who may 申诉 from her phone.
    const wire = await propose(
      sessions.worker,
      {
        category: "flying_wire",
        courtyardId: post,
        title: "1号楼电动车飞线充电",
        description: "1号楼2单元一楼窗口拉线为电动车充电，存在火灾隐患。",
        subjectKind: "place",
        subjectUserId: ids.resident,
        photos: [],
      },
      today,
    );
    await approveEntry(trx, sessions.admin, { id: wire.id }, today);

    // Waiting for review: a resident's 推荐身边好人.
    await nominateEntry(
      trx,
      sessions.resident,
      {
        category: "good_deed",
        courtyardId: post,
        title: "邻居帮忙修好了单元门禁",
        description: "单元门禁坏了好几天，邻居李师傅自己买配件修好了。",
        subjectKind: "person",
        subjectName: "李建军",
        photos: [await photo(sessions.resident, false, today)],
      },
      today,
    );
    for (const s of Object.values(sessions)) await deleteSession(trx, s.sessionId);
  });
}
