import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Insertable } from "kysely";
import type { CampaignItem, CampaignItemTable } from "../db/database.js";
import { recordAudit } from "../audit/audit-service.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { assertEditsCopy, assertReadsCopy, campaignOrThrow, staffNameOrThrow } from "./campaign-access.js";
import type { AssessMethod, EvidenceKind, IndicatorTemplate, Measure } from "./rules.js";

// One 社区's copy of a campaign's 测评体系 checklist: its items in order, edited by that 社区 (add,
// edit, reorder, remove, give to a grid worker). An item with evidence filed is archived, not deleted:
// what was filed stays on record, and the item leaves the checklist.

export interface ItemFields {
  project: string;
  content: string;
  standard: string;
  method: AssessMethod;
  points: number;
  evidence: EvidenceKind[];
  measure?: Measure | null | undefined;
}

export function itemRowsFromTemplate(
  template: readonly IndicatorTemplate[],
  at: { campaignId: number; communityId: number; at: string },
): Array<Insertable<CampaignItemTable>> {
  return template.map((t, i) => ({
    campaign_id: at.campaignId,
    community_id: at.communityId,
    sort: i + 1,
    project: t.project,
    content: t.content,
    standard: t.standard,
    method: t.method,
    points: t.points,
    evidence_kinds: JSON.stringify(t.evidence),
    measure: t.measure ? JSON.stringify(t.measure) : null,
    assignee_user_id: null,
    created_at: at.at,
    updated_at: at.at,
    archived_at: null,
  }));
}

export function itemOut(row: CampaignItem & { assignee_name?: string | null }) {
  return {
    id: row.id,
    sort: row.sort,
    project: row.project,
    content: row.content,
    standard: row.standard,
    method: row.method,
    points: row.points,
    evidence: JSON.parse(row.evidence_kinds) as EvidenceKind[],
    measure: row.measure === null ? null : (JSON.parse(row.measure) as Measure),
    assignee:
      row.assignee_user_id === null ? null : { id: row.assignee_user_id, name: row.assignee_name ?? "" },
    version: row.version,
  };
}

/** The items of a copy still on the checklist, in order. */
export async function copyItems(db: Db, campaignId: number, communityId: number) {
  return db
    .selectFrom("campaign_item")
    .leftJoin("user as assignee", "assignee.id", "campaign_item.assignee_user_id")
    .selectAll("campaign_item")
    .select("assignee.name as assignee_name")
    .where("campaign_item.campaign_id", "=", campaignId)
    .where("campaign_item.community_id", "=", communityId)
    .where("campaign_item.archived_at", "is", null)
    .orderBy("campaign_item.sort")
    .orderBy("campaign_item.id")
    .execute();
}

export async function checklist(
  db: Db,
  session: AuthSession,
  input: { campaignId: number; communityId: number },
) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertReadsCopy(db, session, campaign, input.communityId);
  return (await copyItems(db, campaign.id, input.communityId)).map(itemOut);
}

export async function itemOrThrow(db: Db, id: number): Promise<CampaignItem> {
  const row = await db
    .selectFrom("campaign_item")
    .selectAll()
    .where("id", "=", id)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("测评项目不存在");
  return row;
}

async function editable(db: Db, session: AuthSession, id: number) {
  const item = await itemOrThrow(db, id);
  const campaign = await campaignOrThrow(db, item.campaign_id);
  await assertEditsCopy(db, session, campaign, item.community_id);
  return { item, campaign };
}

function rowFields(f: ItemFields) {
  return {
    project: f.project,
    content: f.content,
    standard: f.standard,
    method: f.method,
    points: f.points,
    evidence_kinds: JSON.stringify(f.evidence),
    measure: f.measure ? JSON.stringify(f.measure) : null,
  };
}

function audited(item: Pick<CampaignItem, "content" | "standard" | "points">) {
  return { content: item.content, standard: item.standard, points: item.points };
}

export async function addItem(
  db: Db,
  session: AuthSession,
  input: ItemFields & { campaignId: number; communityId: number },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertEditsCopy(db, session, campaign, input.communityId);
  const last = await db
    .selectFrom("campaign_item")
    .select((eb) => eb.fn.max("sort").as("sort"))
    .where("campaign_id", "=", campaign.id)
    .where("community_id", "=", input.communityId)
    .executeTakeFirst();
  const at = now.toISOString();
  const { id } = await db
    .insertInto("campaign_item")
    .values({
      campaign_id: campaign.id,
      community_id: input.communityId,
      sort: Number(last?.sort ?? 0) + 1,
      ...rowFields(input),
      assignee_user_id: null,
      created_at: at,
      updated_at: at,
      archived_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    {
      action: "campaign.item_add",
      targetType: "campaign_item",
      targetId: id,
      orgUnitId: input.communityId,
      after: audited(input),
    },
    now,
  );
  return { id };
}

export async function updateItem(
  db: Db,
  session: AuthSession,
  input: ItemFields & { id: number; version?: number | undefined },
  now = new Date(),
) {
  const { item } = await editable(db, session, input.id);
  const result = await db
    .updateTable("campaign_item")
    .set({ ...rowFields(input), updated_at: now.toISOString(), version: item.version + 1 })
    .where("id", "=", item.id)
    .$if(input.version !== undefined, (q) => q.where("version", "=", input.version!))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该项目已被他人修改，请刷新后重试");
  await recordAudit(
    db,
    session,
    {
      action: "campaign.item_update",
      targetType: "campaign_item",
      targetId: item.id,
      orgUnitId: item.community_id,
      before: audited(item),
      after: audited(input),
    },
    now,
  );
  return itemOut({ ...(await itemOrThrow(db, item.id)) });
}

/**
 * Puts an item before another of the same copy (or last, with no `beforeId`), renumbering the copy.
 * An item never moves to another campaign or another 社区's copy.
 */
export async function moveItem(
  db: Db,
  session: AuthSession,
  input: { id: number; beforeId?: number | null | undefined },
  now = new Date(),
) {
  const { item } = await editable(db, session, input.id);
  const items = await copyItems(db, item.campaign_id, item.community_id);
  if (input.beforeId != null && input.beforeId !== item.id && !items.some((i) => i.id === input.beforeId)) {
    throw new ValidationError("beforeId", "只能在同一份测评清单内调整顺序");
  }
  const order = items.filter((i) => i.id !== item.id);
  const at = input.beforeId == null ? order.length : order.findIndex((i) => i.id === input.beforeId);
  order.splice(at < 0 ? order.length : at, 0, item as (typeof items)[number]);
  for (const [i, row] of order.entries()) {
    if (row.sort !== i + 1) {
      await db
        .updateTable("campaign_item")
        .set({ sort: i + 1 })
        .where("id", "=", row.id)
        .execute();
    }
  }
  await recordAudit(
    db,
    session,
    {
      action: "campaign.item_move",
      targetType: "campaign_item",
      targetId: item.id,
      orgUnitId: item.community_id,
      after: { sort: order.indexOf(item as (typeof items)[number]) + 1 },
    },
    now,
  );
  return { ids: order.map((i) => i.id) };
}

/** Deletes an item; one with evidence or confirmed records is archived instead, and says so. */
export async function removeItem(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const { item } = await editable(db, session, input.id);
  const filed = await db
    .selectFrom("campaign_evidence")
    .select("id")
    .where("item_id", "=", item.id)
    .union(
      db
        .selectFrom("campaign_link")
        .select("id")
        .where("item_id", "=", item.id)
        .where("state", "=", "confirmed"),
    )
    .limit(1)
    .execute();
  const archived = filed.length > 0;
  if (archived) {
    await db
      .updateTable("campaign_item")
      .set({ archived_at: now.toISOString() })
      .where("id", "=", item.id)
      .execute();
  } else {
    await db.deleteFrom("campaign_link").where("item_id", "=", item.id).execute();
    await db.deleteFrom("campaign_grade").where("item_id", "=", item.id).execute();
    await db.deleteFrom("campaign_item").where("id", "=", item.id).execute();
  }
  await recordAudit(
    db,
    session,
    {
      action: archived ? "campaign.item_archive" : "campaign.item_remove",
      targetType: "campaign_item",
      targetId: item.id,
      orgUnitId: item.community_id,
      before: audited(item),
    },
    now,
  );
  return { archived };
}

/** Gives an item to a grid worker of the 社区 (who may then file its evidence), or takes it back. */
export async function assignItem(
  db: Db,
  session: AuthSession,
  input: { id: number; assigneeUserId: number | null },
  now = new Date(),
) {
  const { item } = await editable(db, session, input.id);
  const name =
    input.assigneeUserId === null
      ? null
      : await staffNameOrThrow(db, input.assigneeUserId, item.community_id, "assigneeUserId");
  await db
    .updateTable("campaign_item")
    .set({ assignee_user_id: input.assigneeUserId, updated_at: now.toISOString() })
    .where("id", "=", item.id)
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "campaign.item_assign",
      targetType: "campaign_item",
      targetId: item.id,
      orgUnitId: item.community_id,
      after: { assignee: name ?? "（无）" },
    },
    now,
  );
  return { assignee: input.assigneeUserId === null ? null : { id: input.assigneeUserId, name: name ?? "" } };
}
