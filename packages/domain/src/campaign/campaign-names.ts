import type { Db } from "../db/open-database.js";

// What other features show for campaigns and their items (the 操作日志 names the subject of each row).

/** "2027年创建全国文明城市" */
export async function campaignNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("campaign")
    .select(["id", "name"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** "宣传氛围 · 宣传栏更新 · 东街社区" */
export async function campaignItemTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("campaign_item")
    .innerJoin("org_unit as community", "community.id", "campaign_item.community_id")
    .select([
      "campaign_item.id",
      "campaign_item.project",
      "campaign_item.content",
      "community.name as community_name",
    ])
    .where("campaign_item.id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.project} · ${r.content} · ${r.community_name}`]));
}

/** "道德讲堂 · 东街社区" */
export async function dutyRuleTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("duty_rule")
    .innerJoin("org_unit as community", "community.id", "duty_rule.community_id")
    .select(["duty_rule.id", "duty_rule.title", "community.name as community_name"])
    .where("duty_rule.id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.title} · ${r.community_name}`]));
}
