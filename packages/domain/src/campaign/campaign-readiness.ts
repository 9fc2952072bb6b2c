import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Campaign } from "../db/database.js";
import { ancestorIds, can, permissionRoots } from "../auth/authorize.js";
import { ForbiddenError } from "../errors.js";
import { unitNames } from "../org/unit-names.js";
import { chinaToday } from "../time.js";
import { assertSees, campaignOrThrow, copiesOf } from "./campaign-access.js";
import { evidenceOf, mayFile, readableItem } from "./campaign-evidence.js";
import { checklist, itemOut } from "./campaign-items.js";
import { linksOf } from "./campaign-links.js";
import { loadMeasureData, measureOutcome, type MeasuredItem } from "./campaign-measures.js";
import {
  LINK_EVIDENCE_KINDS,
  readinessOf,
  type EvidenceKind,
  type Measure,
  type MeasureOutcome,
  type Readiness,
} from "./rules.js";

// Readiness: per item, the kinds of evidence present (evidence filed and records confirmed) and the
// outcome of its measured target, then readinessOf → 齐全 / 部分 / 缺失 with the gaps in words. Per copy,
// how many items are ready, in all and per 测评项目; for a street's campaign each 社区 side by side.
// Read for every copy asked at once: a handful of queries whatever the number of items or 社区.

export interface ItemReadiness {
  readiness: Readiness;
  gaps: string[];
  present: EvidenceKind[];
  measure: MeasureOutcome | null;
}

interface ReadyItem extends MeasuredItem {
  project: string;
  readiness: ItemReadiness;
}

/** The readiness of every item on the checklists of `communityIds` (or only `itemIds`), in checklist order. */
export async function itemsReadiness(
  db: Db,
  campaign: Campaign,
  communityIds: readonly number[],
  now: Date,
  itemIds?: readonly number[],
): Promise<ReadyItem[]> {
  if (communityIds.length === 0 || itemIds?.length === 0) return [];
  const rows = await db
    .selectFrom("campaign_item")
    .select(["id", "community_id", "project", "content", "evidence_kinds", "measure"])
    .where("campaign_id", "=", campaign.id)
    .where("community_id", "in", [...communityIds])
    .where("archived_at", "is", null)
    .$if(itemIds !== undefined, (q) => q.where("id", "in", [...itemIds!]))
    .orderBy("community_id")
    .orderBy("sort")
    .orderBy("id")
    .execute();
  if (rows.length === 0) return [];
  // The copies of a template share their texts: each JSON text parsed once (read-only from then on).
  const parsed = new Map<string, unknown>();
  const parse = <T>(text: string): T => {
    let v = parsed.get(text);
    if (v === undefined) parsed.set(text, (v = JSON.parse(text)));
    return v as T;
  };
  const items = rows.map((r) => ({
    id: r.id,
    community_id: r.community_id,
    content: r.content,
    measure: r.measure === null ? null : parse<Measure>(r.measure),
  }));
  const [filed, linked, data] = await Promise.all([
    // The kinds present, from the counts the triggers keep (migration 2026-12-12T0000): a row per item
    // and kind, where the evidence and confirmed links are 40,000 rows for a street.
    db
      .selectFrom("campaign_evidence_tally")
      .innerJoin("campaign_item", "campaign_item.id", "campaign_evidence_tally.item_id")
      .select(["campaign_evidence_tally.item_id", "campaign_evidence_tally.kind"])
      .where("campaign_item.campaign_id", "=", campaign.id)
      .where("campaign_item.community_id", "in", [...communityIds])
      .$if(itemIds !== undefined, (q) => q.where("campaign_item.id", "in", [...itemIds!]))
      .execute(),
    db
      .selectFrom("campaign_link_tally")
      .innerJoin("campaign_item", "campaign_item.id", "campaign_link_tally.item_id")
      .select(["campaign_link_tally.item_id", "campaign_link_tally.record_type"])
      .where("campaign_item.campaign_id", "=", campaign.id)
      .where("campaign_item.community_id", "in", [...communityIds])
      .$if(itemIds !== undefined, (q) => q.where("campaign_item.id", "in", [...itemIds!]))
      .execute(),
    loadMeasureData(db, campaign, communityIds, items, now),
  ]);
  const present = new Map<number, Set<EvidenceKind>>();
  const kindsOf = (id: number) => present.get(id) ?? present.set(id, new Set()).get(id)!;
  for (const f of filed) kindsOf(f.item_id).add(f.kind);
  for (const l of linked) for (const k of LINK_EVIDENCE_KINDS[l.record_type]) kindsOf(l.item_id).add(k);
  return rows.map((r, k) => {
    const item = items[k]!;
    const has = present.get(r.id) ?? new Set<EvidenceKind>();
    const needed = parse<EvidenceKind[]>(r.evidence_kinds);
    const measure = measureOutcome(item, data);
    return {
      ...item,
      project: r.project,
      readiness: {
        ...readinessOf(needed, has, measure),
        present: needed.filter((k) => has.has(k)).concat([...has].filter((k) => !needed.includes(k))),
        measure,
      },
    };
  });
}

/** One 社区's copy of the checklist (campaign.checklist) with each item's readiness. */
export async function checklistWithReadiness(
  db: Db,
  session: AuthSession,
  input: { campaignId: number; communityId: number },
  now = new Date(),
) {
  const items = await checklist(db, session, input);
  const campaign = await campaignOrThrow(db, input.campaignId);
  const ready = new Map(
    (await itemsReadiness(db, campaign, [input.communityId], now)).map((i) => [i.id, i.readiness]),
  );
  return items.map((i) => ({ ...i, readiness: ready.get(i.id)! }));
}

interface Tally {
  items: number;
  complete: number;
  partial: number;
  missing: number;
  /** share of items 齐全, as a whole percentage (0 for no items) */
  readyPercent: number;
}

function tally(items: readonly ReadyItem[]): Tally {
  const n = (r: Readiness) => items.filter((i) => i.readiness.readiness === r).length;
  const complete = n("complete");
  return {
    items: items.length,
    complete,
    partial: n("partial"),
    missing: n("missing"),
    readyPercent: items.length === 0 ? 0 : Math.round((complete / items.length) * 100),
  };
}

/**
 * The copies the caller reads (as worksIn in campaign-access.ts, for all copies at once): every copy
 * for staff of the campaign's own unit; else the 社区 at or above where they work (a 社区's admins, its
 * grid workers).
 */
async function readableCopies(db: Db, session: AuthSession, campaign: Campaign, copies: number[]) {
  if (await can(db, session, "campaign.evidence", campaign.scope_unit_id)) return copies;
  const roots = permissionRoots(session, "campaign.evidence");
  if (roots === "all") return copies;
  const reach = new Set((await Promise.all(roots.map((r) => ancestorIds(db, r)))).flat());
  return copies.filter((c) => reach.has(c));
}

/**
 * The campaign's readiness for each 社区 the caller reads (a street's staff: all of them side by side;
 * a 社区's staff: their own): counts, the share of items 齐全, per 测评项目, and the items not 齐全
 * with their gaps in words.
 */
export async function campaignReadiness(
  db: Db,
  session: AuthSession,
  input: { campaignId: number },
  now = new Date(),
) {
  const { campaign, readable } = await readinessScope(db, session, input);
  return campaignReadinessOf(db, campaign, readable, now);
}

/** The campaign and the 社区 whose readiness the caller reads; refused when none. */
export async function readinessScope(db: Db, session: AuthSession, input: { campaignId: number }) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertSees(db, session, campaign);
  const copies = await copiesOf(db, campaign);
  const readable = await readableCopies(db, session, campaign, copies);
  if (readable.length === 0) throw new ForbiddenError();
  return { campaign, readable };
}

/** The readiness of `readable` 社区: the same for everyone who reads them (readinessScope). */
export async function campaignReadinessOf(
  db: Db,
  campaign: Awaited<ReturnType<typeof campaignOrThrow>>,
  readable: number[],
  now = new Date(),
) {
  const [items, names] = await Promise.all([
    itemsReadiness(db, campaign, readable, now),
    unitNames(db, readable),
  ]);
  const byCommunity = new Map<number, ReadyItem[]>();
  for (const i of items) {
    const mine = byCommunity.get(i.community_id);
    if (mine) mine.push(i);
    else byCommunity.set(i.community_id, [i]);
  }
  return {
    campaignId: campaign.id,
    asOf: chinaToday(now),
    communities: readable.map((communityId) => {
      const mine = byCommunity.get(communityId) ?? [];
      const projects = [...new Set(mine.map((i) => i.project))];
      return {
        id: communityId,
        name: names.get(communityId)?.name ?? "",
        ...tally(mine),
        projects: projects.map((project) => ({
          project,
          ...tally(mine.filter((i) => i.project === project)),
        })),
        gaps: mine
          .filter((i) => i.readiness.readiness !== "complete")
          .map((i) => ({
            itemId: i.id,
            project: i.project,
            content: i.content,
            readiness: i.readiness.readiness,
            gaps: i.readiness.gaps,
          })),
      };
    }),
  };
}

/** One item with its readiness, its evidence (photos included) and the records proposed or decided on. */
export async function itemEvidence(
  db: Db,
  session: AuthSession,
  input: { itemId: number },
  now = new Date(),
) {
  const { item, campaign } = await readableItem(db, session, input.itemId);
  const [ready, evidence, links, canFile, assignee] = await Promise.all([
    itemsReadiness(db, campaign, [item.community_id], now, [item.id]),
    evidenceOf(db, item.id),
    linksOf(db, item, campaign, now),
    mayFile(db, session, item),
    item.assignee_user_id === null
      ? undefined
      : db.selectFrom("user").select("name").where("id", "=", item.assignee_user_id).executeTakeFirst(),
  ]);
  return {
    item: { ...itemOut({ ...item, assignee_name: assignee?.name ?? null }), readiness: ready[0]!.readiness },
    mayFile: canFile,
    evidence,
    links,
  };
}
