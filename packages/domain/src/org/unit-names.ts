import type { Db } from "../db/open-database.js";
import type { OrgKind } from "../db/database.js";

/** Each unit's name and kind, for features that name units (the 操作日志). */
export async function unitNames(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { name: string; kind: OrgKind }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("org_unit")
    .select(["id", "name", "kind"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}
