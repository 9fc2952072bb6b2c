import type { Db } from "../db/open-database.js";
import { BOARD_CATEGORY_LABELS, BOARD_KIND_LABELS } from "./rules.js";

// What other features show for board entries and editions (the 操作日志 names the subject of each row):
// never the name of the person an entry is about.

/** "#7 黑榜 楼道堆物 · 邮政局家属院" */
export async function boardEntryTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("board_entry")
    .innerJoin("org_unit as courtyard", "courtyard.id", "board_entry.courtyard_id")
    .select([
      "board_entry.id",
      "board_entry.kind",
      "board_entry.category",
      "courtyard.name as courtyard_name",
    ])
    .where("board_entry.id", "in", [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      `#${r.id} ${BOARD_KIND_LABELS[r.kind]} ${BOARD_CATEGORY_LABELS[r.category]} · ${r.courtyard_name}`,
    ]),
  );
}

/** "2026年12月 东街社区红黑榜" */
export async function boardEditionTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("board_edition")
    .select(["id", "title"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
