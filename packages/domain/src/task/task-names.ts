import type { Db } from "../db/open-database.js";

// What other features show for tasks (the 操作日志 names the subject of each row).

/** "整治楼道堆物 · 东街社区" */
export async function taskTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("task")
    .innerJoin("org_unit as unit", "unit.id", "task.unit_id")
    .select(["task.id", "task.title", "unit.name as unit_name"])
    .where("task.id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.title} · ${r.unit_name}`]));
}
