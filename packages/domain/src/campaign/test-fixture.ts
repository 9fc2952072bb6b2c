import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { callerFor, makeOrgTree, makeUser } from "../testing/index.js";
import { chinaToday } from "../time.js";
import { monthsBetween } from "./measure-rules.js";

// Shared by the campaign evidence and readiness tests: a street with 社区 甲 and 乙, their staff, and
// months counted back from today (China), so that "the month before last" is always an ended month.

export async function campaignPeople(db: Kysely<Database>) {
  const tree = await makeOrgTree(db);
  const user = (opts: Parameters<typeof makeUser>[1]) => makeUser(db, opts).then((u) => u.id);
  const people = {
    street: await user({ role: "street_admin", unitId: tree.street, name: "王建国" }),
    adminA: await user({ role: "community_admin", unitId: tree.a.community, name: "李秀英" }),
    adminB: await user({ role: "community_admin", unitId: tree.b.community, name: "赵丽华" }),
    workerA: await user({ role: "grid_worker", unitId: tree.a.grid, name: "张伟" }),
    workerA2: await user({ role: "grid_worker", unitId: tree.a.grid, name: "刘洋" }),
    workerB: await user({ role: "grid_worker", unitId: tree.b.grid, name: "乙网格员" }),
    resident: await user({
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
  };
  const as = (userId: number | null) => callerFor(db, userId);
  return { tree, people, as };
}

/** YYYY-MM of the month `back` months before this one (China). */
export function monthBack(back: number): string {
  const [y, m] = chinaToday().split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 7);
}

/** An instant on day `day` of `month` at `hour` China time, as ISO UTC. */
export function chinaTime(month: string, day: number, hour = 10): string {
  return new Date(
    `${month}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+08:00`,
  ).toISOString();
}

/** A campaign period from the first day of the month `back` months ago to the end of this year (or next). */
export function periodFrom(back: number) {
  const start = `${monthBack(back)}-01`;
  const end = `${chinaToday().slice(0, 4)}-12-31`;
  return { periodStart: start, periodEnd: end, months: monthsBetween(start, chinaToday()) };
}
