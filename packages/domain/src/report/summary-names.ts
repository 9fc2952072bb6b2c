import type { Db } from "../db/open-database.js";

// What other features show for 工作总结 drafts (the 操作日志 names the subject of each row).

/** "东街社区2026年度创城工作总结" */
export async function summaryTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("summary_draft")
    .select(["id", "title"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
