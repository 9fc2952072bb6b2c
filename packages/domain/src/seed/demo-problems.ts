import type { Kysely } from "kysely";
import sharp from "sharp";
import type { Database } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { createSession, deleteSession, resolveSession } from "../auth/session-service.js";
import { storeUpload } from "../files/files-service.js";
import type { FileStorage } from "../files/storage.js";
import { createStaffProblem, reportProblem } from "../problem/problem-create.js";
import { dispatchProblem } from "../problem/problem-dispatch.js";
import { rejectProblem, reviewProblem, submitRectification } from "../problem/problem-handling.js";
import { rateProblem, setPublished } from "../problem/problem-outcome.js";
import type { ProblemCategory, ProblemRating } from "../problem/rules.js";
import { chinaToday } from "../time.js";

// Demo problems, so that a new installation shows the loop: 随手拍 and 巡查 in every state, some
// overdue, a 退回, a 不满意, two 不予受理, and solved ones published to the portal's feed. Made through
// the problem services (with their steps, notices and audit rows) at times spread over the last three
// weeks; the photos are drawn here (a cluttered scene before, a tidy one after), no fonts needed.
// Only for a database that seedDemo has just filled.

const DAY = 86_400_000;

/** A deterministic picture: a wall with windows over the ground; before, boxes and junk piled up; after, a tidy plant. */
export async function demoPicture(seed: number, messy: boolean): Promise<Buffer> {
  let x = seed * 9301 + 49297;
  const rand = () => (x = (x * 9301 + 49297) % 233280) / 233280;
  const hue = Math.floor(rand() * 360);
  const clutter = messy
    ? Array.from({ length: 9 }, () => {
        const w = 60 + rand() * 140;
        const h = 40 + rand() * 120;
        return `<rect x="${(rand() * (800 - w)).toFixed(0)}" y="${(600 - h - rand() * 160).toFixed(0)}" width="${w.toFixed(0)}" height="${h.toFixed(0)}" rx="6" fill="hsl(${(20 + rand() * 30).toFixed(0)},${(35 + rand() * 30).toFixed(0)}%,${(28 + rand() * 30).toFixed(0)}%)"/>`;
      }).join("")
    : `<rect x="330" y="300" width="140" height="120" rx="8" fill="hsl(140,45%,40%)"/><circle cx="400" cy="290" r="70" fill="hsl(120,40%,45%)"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="800" height="600" fill="hsl(${hue},12%,82%)"/>
    <rect y="380" width="800" height="220" fill="hsl(${hue},8%,${messy ? 55 : 68}%)"/>
    <rect x="60" y="120" width="160" height="200" fill="hsl(210,30%,${messy ? 45 : 60}%)"/>
    <rect x="580" y="120" width="160" height="200" fill="hsl(210,30%,${messy ? 45 : 60}%)"/>${clutter}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

interface DemoProblem {
  by: "resident" | "worker" | "dongjieAdmin" | "xiguanAdmin";
  source: "snapshot" | "patrol" | "inspection" | "referral";
  referralOrigin?: string;
  courtyard: string;
  place?: string;
  description: string;
  category: ProblemCategory;
  /** days ago it was filed */
  daysAgo: number;
  /** how far it goes: each step a day (or less) after the one before */
  until:
    "pending" | "rectifying" | "reviewing" | "returned" | "closed" | "reopened" | "duplicate" | "referred";
  photos?: number;
  /** 派遣 to (default: the 社区's grid worker, in 西关 its admin) and how many days before today the deadline is due */
  assignee?: "worker" | "dongjieAdmin" | "xiguanAdmin";
  deadline?: number;
  rating?: ProblemRating;
  publish?: boolean;
}

const PROBLEMS: DemoProblem[] = [
  {
    by: "resident",
    source: "snapshot",
    courtyard: "邮政局家属院",
    place: "3号楼3单元楼道",
    description: "楼道里堆放旧家具和纸箱，挡住了一半通道，老人上下楼很不方便",
    category: "corridor_clutter",
    daysAgo: 18,
    until: "closed",
    photos: 2,
    rating: "satisfied",
    publish: true,
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "邮政局家属院",
    place: "2号楼一楼东户窗外",
    description: "有人从窗户拉电线给电动车充电，电线横在路上，很危险",
    category: "flying_wire_charging",
    daysAgo: 12,
    until: "closed",
    rating: "basically_satisfied",
    publish: true,
  },
  {
    by: "worker",
    source: "patrol",
    courtyard: "房管所家属院",
    place: "大门西侧垃圾点",
    description: "垃圾桶满溢，周边散落生活垃圾，有异味",
    category: "exposed_garbage",
    daysAgo: 9,
    until: "closed",
    publish: true,
  },
  {
    by: "worker",
    source: "patrol",
    courtyard: "邮政局家属院",
    place: "1号楼各单元门口",
    description: "单元门和墙面张贴开锁、疏通管道小广告",
    category: "posters_graffiti",
    daysAgo: 7,
    until: "closed",
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "一小家属院",
    place: "东侧通道",
    description: "共享单车和电动车乱停，堵住了通道",
    category: "bike_parking",
    daysAgo: 6,
    until: "returned",
    publish: true,
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "粮站家属院",
    place: "院内空地",
    description: "空地上堆放建筑垃圾和废旧木料",
    category: "random_piling",
    daysAgo: 14,
    until: "reopened",
  },
  {
    by: "dongjieAdmin",
    source: "inspection",
    courtyard: "建安小区",
    place: "5号楼楼顶",
    description: "5号楼顶层住户在楼顶违规搭建彩钢房",
    category: "illegal_construction",
    daysAgo: 10,
    until: "rectifying",
  },
  {
    by: "dongjieAdmin",
    source: "referral",
    referralOrigin: "12345热线 工单号 20261120-0385",
    courtyard: "建安小区",
    place: "小区南门外",
    description: "市民反映小区门口早市摊贩占道经营，影响车辆进出",
    category: "street_vending",
    daysAgo: 5,
    until: "rectifying",
    photos: 0,
    deadline: 3,
  },
  {
    by: "worker",
    source: "patrol",
    courtyard: "房管所家属院",
    place: "4号楼北侧绿化带",
    description: "绿化带被开垦种菜，破坏草坪",
    category: "green_vegetables",
    daysAgo: 4,
    until: "rectifying",
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "邮政局家属院",
    place: "院内消防通道",
    description: "消防通道被私家车长期占用",
    category: "fire_lane_blocked",
    daysAgo: 3,
    until: "rectifying",
    deadline: 2,
  },
  {
    by: "worker",
    source: "patrol",
    courtyard: "邮政局家属院",
    place: "中心花园",
    description: "有居民遛狗不牵绳、不清理粪便",
    category: "uncivil_dogs",
    daysAgo: 2,
    until: "reviewing",
    assignee: "dongjieAdmin",
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "房管所家属院",
    place: "健身广场",
    description: "健身器材扶手断裂，存在安全隐患",
    category: "facility_damage",
    daysAgo: 2,
    until: "reviewing",
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "邮政局家属院",
    place: "4号楼2单元",
    description: "楼道堆放自行车和杂物",
    category: "random_piling",
    daysAgo: 1,
    until: "pending",
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "邮政局家属院",
    place: "4号楼2单元",
    description: "4号楼2单元楼道里又堆满了杂物",
    category: "random_piling",
    daysAgo: 1,
    until: "duplicate",
  },
  {
    by: "worker",
    source: "patrol",
    courtyard: "房管所家属院",
    place: "1号楼后",
    description: "1号楼后有暴露垃圾未清运",
    category: "exposed_garbage",
    daysAgo: 0,
    until: "pending",
  },
  {
    by: "resident",
    source: "snapshot",
    courtyard: "一小家属院",
    place: "2号楼1单元",
    description: "楼道内堆放纸箱，存在火灾隐患",
    category: "corridor_clutter",
    daysAgo: 0,
    until: "pending",
  },
  {
    by: "dongjieAdmin",
    source: "referral",
    referralOrigin: "12345热线 工单号 20261125-1102",
    courtyard: "建安小区",
    place: "东街主干道",
    description: "市民反映小区外主干道路灯不亮",
    category: "other",
    daysAgo: 6,
    until: "referred",
    photos: 0,
  },
  {
    by: "xiguanAdmin",
    source: "inspection",
    courtyard: "供电局小区",
    place: "3号楼前",
    description: "垃圾分类桶周边散落垃圾",
    category: "exposed_garbage",
    daysAgo: 3,
    until: "closed",
    assignee: "xiguanAdmin",
  },
  {
    by: "xiguanAdmin",
    source: "inspection",
    courtyard: "文化苑小区",
    place: "8号楼一层",
    description: "一层住户私自扩建院墙",
    category: "illegal_construction",
    daysAgo: 1,
    until: "pending",
  },
  {
    by: "xiguanAdmin",
    source: "referral",
    referralOrigin: "12345热线 工单号 20261128-0217",
    courtyard: "医院家属院",
    place: "2号楼",
    description: "市民反映有住户飞线给电动车充电",
    category: "flying_wire_charging",
    daysAgo: 2,
    until: "rectifying",
    photos: 0,
    assignee: "xiguanAdmin",
  },
];

const MOBILES = {
  resident: "13800000004",
  worker: "13800000003",
  dongjieAdmin: "13800000002",
  xiguanAdmin: "13800000005",
  street: "13800000001",
} as const;

/** Fills a database that seedDemo has just made with ~20 problems through the problem services. */
export async function seedDemoProblems(
  db: Kysely<Database>,
  storage: FileStorage,
  now = new Date(),
): Promise<void> {
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
    const courtyard = async (name: string) =>
      (
        await trx
          .selectFrom("org_unit")
          .select("id")
          .where("name", "=", name)
          .where("kind", "=", "courtyard")
          .executeTakeFirstOrThrow()
      ).id;
    let pictures = 0;
    const photos = async (who: AuthSession, n: number, messy: boolean, at: Date) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const input = await demoPicture(++pictures, messy);
        ids.push((await storeUpload(trx, storage, { uploaderId: who.user.id, input, now: at })).id);
      }
      return ids;
    };
    // Each step a few hours after the one before, all before `now`.
    const at = (daysAgo: number, hours: number) =>
      new Date(now.getTime() - daysAgo * DAY + hours * 3_600_000);

    const made: number[] = [];
    for (const p of PROBLEMS) {
      const by = sessions[p.by];
      const filed = at(p.daysAgo, -6);
      const fields = {
        courtyardId: await courtyard(p.courtyard),
        place: p.place ?? null,
        description: p.description,
        category: p.category,
        photos: await photos(by, p.photos ?? 1, true, filed),
      };
      const { id } =
        p.source === "snapshot"
          ? await reportProblem(trx, by, fields, filed)
          : await createStaffProblem(
              trx,
              by,
              { ...fields, source: p.source, referralOrigin: p.referralOrigin ?? null },
              filed,
            );
      made.push(id);
      const xiguan = p.by === "xiguanAdmin";
      const manager = xiguan ? sessions.xiguanAdmin : sessions.dongjieAdmin;
      if (p.until === "pending") continue;
      if (p.until === "duplicate") {
        await rejectProblem(
          trx,
          manager,
          { id, reason: "duplicate", duplicateOfId: made[made.length - 2]!, note: "同一处楼道，已在处理" },
          at(p.daysAgo, -3),
        );
        continue;
      }
      if (p.until === "referred") {
        await rejectProblem(
          trx,
          manager,
          { id, reason: "not_our_duty", department: "市政路灯管理所", note: "已电话转交" },
          at(p.daysAgo, -3),
        );
        continue;
      }
      const assignee = sessions[p.assignee ?? (xiguan ? "xiguanAdmin" : "worker")];
      // A deadline `deadline` days before today (overdue demo) or the category's 处置时限.
      const dispatchedAt = at(p.daysAgo, -4);
      const deadline =
        p.deadline === undefined
          ? undefined
          : chinaToday(new Date(dispatchedAt.getTime() + (p.daysAgo - p.deadline) * DAY));
      await dispatchProblem(
        trx,
        manager,
        { id, assigneeId: assignee.user.id, deadline, note: "请按时限整改并上传整改后照片" },
        dispatchedAt,
      );
      if (p.until === "rectifying") continue;
      const fixedAt = at(p.daysAgo, -1);
      await submitRectification(
        trx,
        assignee,
        { id, note: "已整改完毕，现场已清理", photos: await photos(assignee, 1, false, fixedAt) },
        fixedAt,
      );
      if (p.until === "reviewing") continue;
      // 复查 by someone other than the 责任人: the 社区's admin, or the 街道's when the admin rectified it.
      const reviewer = assignee.user.id === manager.user.id ? sessions.street : manager;
      if (p.until === "returned") {
        await reviewProblem(
          trx,
          reviewer,
          { id, decision: "return", note: "东侧仍有两辆电动车未清理" },
          at(p.daysAgo, 1),
        );
        const again = at(p.daysAgo, 4);
        await submitRectification(
          trx,
          assignee,
          { id, note: "剩余车辆已联系车主挪走", photos: await photos(assignee, 1, false, again) },
          again,
        );
      }
      const closedAt = at(p.daysAgo, 6);
      await reviewProblem(trx, reviewer, { id, decision: "approve", note: "现场复查，整改到位" }, closedAt);
      if (p.until === "reopened") {
        await rateProblem(
          trx,
          sessions[p.by],
          { id, rating: "unsatisfied", comment: "角落里还有一些木料没清走" },
          at(p.daysAgo, 8),
        );
        await reviewProblem(
          trx,
          reviewer,
          { id, decision: "approve", note: "已再次清理，复查合格" },
          at(p.daysAgo, 10),
        );
      } else if (p.rating) {
        await rateProblem(
          trx,
          sessions[p.by],
          { id, rating: p.rating, comment: "处理及时，谢谢社区" },
          at(p.daysAgo, 9),
        );
      }
      if (p.publish) await setPublished(trx, manager, { id, published: true }, at(p.daysAgo, 11));
    }
    for (const s of Object.values(sessions)) await deleteSession(trx, s.sessionId);
  });
}
