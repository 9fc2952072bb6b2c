import type { Db } from "../db/open-database.js";
import type { Campaign } from "../db/database.js";
import { campaignDocuments } from "../campaign/campaign-documents.js";
import { itemsReadiness } from "../campaign/campaign-readiness.js";
import { LEADER_ROLE_LABELS } from "../campaign/rules.js";
import { closedOnTimeCount } from "../problem/problem-counts.js";
import { labelLookup } from "../problem/problem-categories.js";
import { beforeAfterPhotos } from "../problem/problem-photos.js";
import { isTaskOverdue } from "../task/rules.js";
import { median } from "./dashboard-data.js";
import type { FactsWindow } from "./summary-facts.js";

// The facts of a 工作总结 about the work done: the campaign that covers the period (its 领导小组,
// 实施方案 and checklist readiness), problems found and put right (环境整治), tasks and 督办. Read-only.

const num = (v: number | string | bigint | null | undefined) => Number(v ?? 0);
const round1 = (v: number) => Math.round(v * 10) / 10;
const percent = (part: number, whole: number) => (whole > 0 ? round1((part / whole) * 100) : null);

export interface CampaignFacts {
  id: number;
  name: string;
  leaders: Array<{ role: string; name: string; title: string | null }>;
  documents: string[];
  /** 测评项目 in checklist order */
  projects: string[];
  items: number;
  complete: number;
  partial: number;
  missing: number;
  /** 缺失 and 部分 items, missing first, in checklist order */
  weak: Array<{ project: string; content: string; readiness: "partial" | "missing"; gaps: string[] }>;
  /** evidence filed within the period on items of 宣传 (宣传栏, 公益广告, 核心价值观) */
  publicityEvidence: number;
}

/**
 * The campaign whose period meets the summary's and whose checklist has a copy for these 社区: the
 * latest-starting one; null when none does (the summary then says so rather than guessing).
 */
export async function campaignFacts(db: Db, w: FactsWindow, now: Date): Promise<CampaignFacts | null> {
  const found = await db
    .selectFrom("campaign")
    .selectAll("campaign")
    .where("period_start", "<=", w.until)
    .where("period_end", ">=", w.from)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("campaign_item")
          .select("campaign_item.id")
          .whereRef("campaign_item.campaign_id", "=", "campaign.id")
          .where("campaign_item.community_id", "in", w.communityIds)
          .where("campaign_item.archived_at", "is", null),
      ),
    )
    .orderBy("period_start", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!found) return null;
  const campaign: Campaign = found;
  const [leaders, docs, items, publicity] = await Promise.all([
    db
      .selectFrom("campaign_leader")
      .select(["role", "name", "title"])
      .where("campaign_id", "=", campaign.id)
      .orderBy("sort")
      .orderBy("id")
      .execute(),
    campaignDocuments(db, campaign.id),
    itemsReadiness(db, campaign, w.communityIds, now),
    db
      .selectFrom("campaign_evidence")
      .innerJoin("campaign_item", "campaign_item.id", "campaign_evidence.item_id")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("campaign_item.campaign_id", "=", campaign.id)
      .where("campaign_item.community_id", "in", w.communityIds)
      .where("campaign_evidence.evidence_date", ">=", w.from)
      .where("campaign_evidence.evidence_date", "<=", w.until)
      .where((eb) =>
        eb.or(
          ["宣传", "公益广告", "核心价值观"].map((word) => eb("campaign_item.content", "like", `%${word}%`)),
        ),
      )
      .executeTakeFirstOrThrow(),
  ]);
  const weak = items
    .filter((i) => i.readiness.readiness !== "complete")
    .map((i) => ({
      project: i.project,
      content: i.content,
      readiness: i.readiness.readiness as "partial" | "missing",
      gaps: i.readiness.gaps,
    }))
    .sort((a, b) => (a.readiness === b.readiness ? 0 : a.readiness === "missing" ? -1 : 1));
  const n = (r: string) => items.filter((i) => i.readiness.readiness === r).length;
  return {
    id: campaign.id,
    name: campaign.name,
    leaders: leaders.map((l) => ({ role: LEADER_ROLE_LABELS[l.role], name: l.name, title: l.title })),
    documents: docs.documents.map((d) => d.name),
    projects: [...new Set(items.map((i) => i.project))],
    items: items.length,
    complete: n("complete"),
    partial: n("partial"),
    missing: n("missing"),
    weak,
    publicityEvidence: num(publicity.n),
  };
}

export interface ProblemFacts {
  found: number;
  closed: number;
  closedOnTime: number;
  onTimePercent: number | null;
  medianDays: number | null;
  /** open now and past the deadline */
  openOverdue: number;
  /** closed on time in the period, latest first, those with photos before and after first: the named examples */
  examples: Array<{
    category: string;
    place: string;
    foundOn: string;
    closedOn: string;
    days: number;
    /** file ids of the first photo at 上报 and the last at 整改上报 */
    before: number | null;
    after: number | null;
  }>;
  /** categories whose 按期办结率 fell under 80% (at least 3 closed), worst first */
  slow: Array<{ category: string; closed: number; onTimePercent: number; medianDays: number | null }>;
}

const SLOW_BELOW_PERCENT = 80;
const EXAMPLES = 3;
/** The latest problems closed on time looked at for examples with photos. */
const EXAMPLE_CANDIDATES = 20;
const SLOW_MIN_CLOSED = 3;

const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

export async function problemFacts(db: Db, w: FactsWindow, today: string): Promise<ProblemFacts> {
  const ids = w.communityIds;
  const closedInPeriod = () =>
    db
      .selectFrom("problem")
      .where("problem.community_id", "in", ids)
      .where("problem.state", "=", "closed")
      .where("problem.closed_at", ">=", w.fromIso)
      .where("problem.closed_at", "<", w.untilIso);
  const [found, byCategory, durations, overdue, examples, label] = await Promise.all([
    db
      .selectFrom("problem")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("community_id", "in", ids)
      .where("created_at", ">=", w.fromIso)
      .where("created_at", "<", w.untilIso)
      .executeTakeFirstOrThrow(),
    closedInPeriod()
      .select((eb) => [
        "problem.community_id",
        "problem.category",
        eb.fn.countAll<number | string>().as("n"),
        closedOnTimeCount(eb).as("on_time"),
      ])
      .groupBy(["problem.community_id", "problem.category"])
      .execute(),
    closedInPeriod()
      .select(["problem.community_id", "problem.category", "problem.created_at", "problem.closed_at"])
      .execute(),
    db
      .selectFrom("problem_deadline_tally")
      .select((eb) => eb.fn.sum<number | string | null>("n").as("n"))
      .where("community_id", "in", ids)
      .where("deadline", "<", today)
      .executeTakeFirstOrThrow(),
    closedInPeriod()
      .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
      .select([
        "problem.id",
        "problem.community_id",
        "problem.category",
        "problem.place",
        "courtyard.name as courtyard",
        "problem.created_at",
        "problem.closed_at",
      ])
      .where("problem.deadline", "is not", null)
      .where((eb) => eb("problem.closed_at", "<", eb.ref("problem.deadline")))
      .orderBy("problem.closed_at", "desc")
      .limit(EXAMPLE_CANDIDATES)
      .execute(),
    labelLookup(db, ids),
  ]);
  const photos = await beforeAfterPhotos(
    db,
    examples.map((e) => e.id),
  );
  const days = (from: string, to: string) => round1((Date.parse(to) - Date.parse(from)) / 86_400_000);
  const perCategory = new Map<string, { closed: number; onTime: number; days: number[] }>();
  let closed = 0;
  let closedOnTime = 0;
  for (const r of byCategory) {
    const name = label(r.community_id, r.category);
    const c = perCategory.get(name) ?? perCategory.set(name, { closed: 0, onTime: 0, days: [] }).get(name)!;
    c.closed += num(r.n);
    c.onTime += num(r.on_time);
    closed += num(r.n);
    closedOnTime += num(r.on_time);
  }
  const all: number[] = [];
  for (const r of durations) {
    const d = days(r.created_at, r.closed_at!);
    all.push(d);
    perCategory.get(label(r.community_id, r.category))?.days.push(d);
  }
  const slow = [...perCategory.entries()]
    .map(([category, c]) => ({
      category,
      closed: c.closed,
      onTimePercent: percent(c.onTime, c.closed) ?? 100,
      days: c.days,
    }))
    .filter((c) => c.closed >= SLOW_MIN_CLOSED && c.onTimePercent < SLOW_BELOW_PERCENT)
    .sort((a, b) => a.onTimePercent - b.onTimePercent)
    .map(({ days: list, ...c }) => {
      const m = median(list);
      return { ...c, medianDays: m === null ? null : round1(m) };
    });
  const m = median(all);
  return {
    found: num(found.n),
    closed,
    closedOnTime,
    onTimePercent: percent(closedOnTime, closed),
    medianDays: m === null ? null : round1(m),
    openOverdue: num(overdue.n),
    examples: examples
      .map((e) => {
        const p = photos.get(e.id);
        return {
          category: label(e.community_id, e.category),
          place: e.place ? `${e.courtyard}${e.place}` : e.courtyard,
          foundOn: chinaDay(e.created_at),
          closedOn: chinaDay(e.closed_at!),
          days: days(e.created_at, e.closed_at!),
          before: p?.before[0]?.id ?? null,
          after: p?.after.at(-1)?.id ?? null,
        };
      })
      // Stable: those with both photos first, then one, then none, each latest first.
      .sort(
        (a, b) =>
          Number(b.before !== null) +
          Number(b.after !== null) -
          Number(a.before !== null) -
          Number(a.after !== null),
      )
      .slice(0, EXAMPLES),
    slow,
  };
}

export interface TaskFacts {
  /** tasks of these 社区's units whose time (start … 时限) meets the period, not cancelled */
  total: number;
  /** of them, 已完成 */
  done: number;
  /** open and past their 时限 today */
  overdue: number;
  overdueTitles: string[];
  supervisionsIssued: number;
  supervisionsCleared: number;
}

export async function taskFacts(
  db: Db,
  w: FactsWindow,
  unitIds: number[],
  today: string,
): Promise<TaskFacts> {
  const [tasks, issued, cleared] = await Promise.all([
    db
      .selectFrom("task")
      .select(["title", "state", "due_on"])
      .where("unit_id", "in", unitIds)
      .where("start_on", "<=", w.until)
      .where("due_on", ">=", w.from)
      .where("state", "!=", "cancelled")
      .orderBy("due_on")
      .execute(),
    db
      .selectFrom("task_supervision")
      .innerJoin("task", "task.id", "task_supervision.task_id")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("task.unit_id", "in", unitIds)
      .where("task_supervision.created_at", ">=", w.fromIso)
      .where("task_supervision.created_at", "<", w.untilIso)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("task_supervision")
      .innerJoin("task", "task.id", "task_supervision.task_id")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("task.unit_id", "in", unitIds)
      .where("task_supervision.cleared_at", ">=", w.fromIso)
      .where("task_supervision.cleared_at", "<", w.untilIso)
      .executeTakeFirstOrThrow(),
  ]);
  const overdue = tasks.filter((t) => isTaskOverdue({ state: t.state, dueOn: t.due_on }, today));
  return {
    total: tasks.length,
    done: tasks.filter((t) => t.state === "done").length,
    overdue: overdue.length,
    overdueTitles: overdue.slice(0, 3).map((t) => t.title),
    supervisionsIssued: num(issued.n),
    supervisionsCleared: num(cleared.n),
  };
}
