import type { Db } from "../db/open-database.js";
import { PROBLEM_CATEGORY_DEFAULTS } from "./rules.js";

// What other features show for problems (the 操作日志 names the subject of each row).

/** "#12 暴露垃圾 · 邮政局家属院": the problem's number, built-in category and 楼院; nothing of its reporter. */
export async function problemTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("problem")
    .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
    .select(["problem.id", "problem.category", "courtyard.name as courtyard_name"])
    .where("problem.id", "in", [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [r.id, `#${r.id} ${PROBLEM_CATEGORY_DEFAULTS[r.category].label} · ${r.courtyard_name}`]),
  );
}
