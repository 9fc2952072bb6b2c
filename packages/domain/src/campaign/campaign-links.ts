import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Campaign, CampaignItem } from "../db/database.js";
import { recordAudit } from "../audit/audit-service.js";
import { ValidationError } from "../errors.js";
import { PROBLEM_CATEGORY_DEFAULTS } from "../problem/rules.js";
import { chinaToday } from "../time.js";
import { fileableItem } from "./campaign-evidence.js";
import {
  LINK_EVIDENCE_KINDS,
  LINK_RECORD_TYPE_LABELS,
  linkTypeOf,
  type LinkRecordType,
  type LinkState,
  type Measure,
} from "./rules.js";

// Records of the system that count as an item's evidence by themselves: for an item measured by
// activities of a kind, every such activity the 社区 held in the campaign's period; for 红黑榜 monthly,
// every edition it published in the period; for 按期办结, its problems closed in the period (the 50 most
// recent). A person confirms each (it then counts: LINK_EVIDENCE_KINDS) or removes it.
//
// Proposals are computed when read, never stored: they follow the data as it changes (an activity held
// today, one cancelled), with no job and no write on a read. A campaign_link row is written only when a
// person decides (confirmed or removed), so a row is a person's word and readiness counts rows alone.

/** Activities are many (志愿服务 several a week): the most recent ones are enough to choose from. */
const MAX_ACTIVITIES = 200;
/** Problems closed in the period, the most recent. */
const MAX_PROBLEMS = 50;

/** The instant a China date starts, as ISO UTC. */
export function chinaDayStart(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** The campaign's period as UTC instants: from its first day to the end of its last, or now if sooner. */
export function periodInstants(campaign: Pick<Campaign, "period_start" | "period_end">, now: Date) {
  const end = new Date(new Date(`${campaign.period_end}T00:00:00+08:00`).getTime() + 86_400_000);
  return {
    from: chinaDayStart(campaign.period_start),
    until: (end < now ? end : now).toISOString(),
  };
}

export interface RecordRef {
  recordType: LinkRecordType;
  recordId: number;
  title: string;
  /** the China date it is of (an activity's day, a problem's 办结), or the month of an edition */
  date: string;
}

/** An item's measured target, parsed. */
export function measureOf(item: Pick<CampaignItem, "measure">): Measure | null {
  return item.measure === null ? null : (JSON.parse(item.measure) as Measure);
}

const chinaDateOf = (iso: string) => chinaToday(new Date(iso));

/**
 * The records of the system that count as evidence of the item (newest first), or only `only` among
 * them. Empty for an item without a target of that kind.
 */
export async function candidates(
  db: Db,
  item: Pick<CampaignItem, "community_id" | "measure">,
  campaign: Pick<Campaign, "period_start" | "period_end">,
  now: Date,
  only?: number,
): Promise<RecordRef[]> {
  const measure = measureOf(item);
  const { from, until } = periodInstants(campaign, now);
  if (measure?.kind === "activities_per_month") {
    const rows = await db
      .selectFrom("activity")
      .select(["id", "title", "starts_at"])
      .where("community_id", "=", item.community_id)
      .where("kind", "=", measure.activityKind)
      .where("status", "=", "published")
      .where("starts_at", ">=", from)
      .where("starts_at", "<", until)
      .$if(only !== undefined, (q) => q.where("id", "=", only!))
      .orderBy("starts_at", "desc")
      .orderBy("id", "desc")
      .limit(MAX_ACTIVITIES)
      .execute();
    return rows.map((r) => ({
      recordType: "activity",
      recordId: r.id,
      title: r.title,
      date: chinaDateOf(r.starts_at),
    }));
  }
  if (measure?.kind === "board_monthly") {
    const rows = await db
      .selectFrom("board_edition")
      .select(["id", "title", "month"])
      .where("community_id", "=", item.community_id)
      .where("published_at", "is not", null)
      .where("published_at", "<", now.toISOString())
      .where("month", ">=", campaign.period_start.slice(0, 7))
      .where("month", "<=", campaign.period_end.slice(0, 7))
      .$if(only !== undefined, (q) => q.where("id", "=", only!))
      .orderBy("month", "desc")
      .orderBy("id", "desc")
      .execute();
    return rows.map((r) => ({ recordType: "board_edition", recordId: r.id, title: r.title, date: r.month }));
  }
  if (measure?.kind === "problems_on_time") {
    const rows = await db
      .selectFrom("problem")
      .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
      .select(["problem.id", "problem.category", "problem.closed_at", "courtyard.name as courtyard_name"])
      .where("problem.community_id", "=", item.community_id)
      .where("problem.state", "=", "closed")
      .where("problem.closed_at", ">=", from)
      .where("problem.closed_at", "<", until)
      .$if(only !== undefined, (q) => q.where("problem.id", "=", only!))
      .orderBy("problem.closed_at", "desc")
      .orderBy("problem.id", "desc")
      .limit(MAX_PROBLEMS)
      .execute();
    // Named by number, category and 楼院, never by what its reporter wrote.
    return rows.map((r) => ({
      recordType: "problem",
      recordId: r.id,
      title: `#${r.id} ${PROBLEM_CATEGORY_DEFAULTS[r.category].label} · ${r.courtyard_name}`,
      date: chinaDateOf(r.closed_at!),
    }));
  }
  return [];
}

/** Records decided on once but no longer proposed (moved out of the period, cancelled): by id. */
export async function recordsById(db: Db, type: LinkRecordType, ids: number[]): Promise<RecordRef[]> {
  if (ids.length === 0) return [];
  if (type === "activity") {
    const rows = await db
      .selectFrom("activity")
      .select(["id", "title", "starts_at"])
      .where("id", "in", ids)
      .execute();
    return rows.map((r) => ({
      recordType: type,
      recordId: r.id,
      title: r.title,
      date: chinaDateOf(r.starts_at),
    }));
  }
  if (type === "board_edition") {
    const rows = await db
      .selectFrom("board_edition")
      .select(["id", "title", "month"])
      .where("id", "in", ids)
      .execute();
    return rows.map((r) => ({ recordType: type, recordId: r.id, title: r.title, date: r.month }));
  }
  const rows = await db
    .selectFrom("problem")
    .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
    .select(["problem.id", "problem.category", "problem.closed_at", "courtyard.name as courtyard_name"])
    .where("problem.id", "in", ids)
    .execute();
  return rows.map((r) => ({
    recordType: type,
    recordId: r.id,
    title: `#${r.id} ${PROBLEM_CATEGORY_DEFAULTS[r.category].label} · ${r.courtyard_name}`,
    date: r.closed_at ? chinaDateOf(r.closed_at) : "",
  }));
}

/**
 * The item's records: each proposal with the decision taken on it (proposed when none), and records
 * decided on that are no longer proposed, newest first.
 */
export async function linksOf(db: Db, item: CampaignItem, campaign: Campaign, now: Date) {
  const [proposed, decided] = await Promise.all([
    candidates(db, item, campaign, now),
    db
      .selectFrom("campaign_link")
      .leftJoin("user as decider", "decider.id", "campaign_link.decided_by")
      .selectAll("campaign_link")
      .select("decider.name as decider_name")
      .where("campaign_link.item_id", "=", item.id)
      .execute(),
  ]);
  const key = (type: string, id: number) => `${type}:${id}`;
  const decisions = new Map(decided.map((d) => [key(d.record_type, d.record_id), d]));
  const shown = new Set(proposed.map((p) => key(p.recordType, p.recordId)));
  const rest = decided.filter((d) => !shown.has(key(d.record_type, d.record_id)));
  const others = (
    await Promise.all(
      (["activity", "board_edition", "problem"] as const).map((type) =>
        recordsById(
          db,
          type,
          rest.filter((d) => d.record_type === type).map((d) => d.record_id),
        ),
      ),
    )
  ).flat();
  return [...proposed, ...others]
    .sort((a, b) => (a.date === b.date ? b.recordId - a.recordId : a.date < b.date ? 1 : -1))
    .map((r) => {
      const d = decisions.get(key(r.recordType, r.recordId));
      return {
        ...r,
        state: (d?.state ?? "proposed") as LinkState,
        kinds: [...LINK_EVIDENCE_KINDS[r.recordType]],
        decidedBy: d?.decided_by ? { id: d.decided_by, name: d.decider_name ?? "" } : null,
        decidedAt: d?.decided_at ?? null,
      };
    });
}

export interface LinkInput {
  itemId: number;
  recordType: LinkRecordType;
  recordId: number;
}

async function decide(
  db: Db,
  session: AuthSession,
  input: LinkInput,
  state: "confirmed" | "removed",
  now: Date,
) {
  const { item, campaign } = await fileableItem(db, session, input.itemId);
  const type = linkTypeOf(measureOf(item));
  if (type !== input.recordType) {
    throw new ValidationError(
      "recordType",
      type === null ? "该项目没有可关联的系统记录" : `该项目只关联${LINK_RECORD_TYPE_LABELS[type]}记录`,
    );
  }
  const existing = await db
    .selectFrom("campaign_link")
    .select(["id", "state"])
    .where("item_id", "=", item.id)
    .where("record_type", "=", input.recordType)
    .where("record_id", "=", input.recordId)
    .executeTakeFirst();
  const [record] = await candidates(db, item, campaign, now, input.recordId);
  // A record decided on before may be removed even if no longer proposed; a confirmation needs a
  // record of this 社区 within the campaign's period.
  const known =
    record ?? (existing ? (await recordsById(db, input.recordType, [input.recordId]))[0] : undefined);
  if (!known || (state === "confirmed" && !record)) {
    throw new ValidationError("recordId", "该记录不是本社区在创城活动期内的记录，不能作为佐证");
  }
  if (existing?.state === state) return { state };
  const at = now.toISOString();
  await db
    .insertInto("campaign_link")
    .values({
      item_id: item.id,
      record_type: input.recordType,
      record_id: input.recordId,
      state,
      decided_by: session.user.id,
      decided_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(["item_id", "record_type", "record_id"])
        .doUpdateSet({ state, decided_by: session.user.id, decided_at: at }),
    )
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: state === "confirmed" ? "campaign.link_confirm" : "campaign.link_remove",
      targetType: "campaign_item",
      targetId: item.id,
      orgUnitId: item.community_id,
      after: { record: `${LINK_RECORD_TYPE_LABELS[input.recordType]} ${known.title}（${known.date}）` },
    },
    now,
  );
  return { state };
}

/** A proposed record counts as the item's evidence from now on. */
export function confirmLink(db: Db, session: AuthSession, input: LinkInput, now = new Date()) {
  return decide(db, session, input, "confirmed", now);
}

/** A proposed (or confirmed) record does not count: it stays listed as removed, to confirm later. */
export function removeLink(db: Db, session: AuthSession, input: LinkInput, now = new Date()) {
  return decide(db, session, input, "removed", now);
}
