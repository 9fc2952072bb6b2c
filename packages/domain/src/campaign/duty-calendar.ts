import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { filesOf, type PhotoRef } from "../files/files-service.js";
import { chinaToday } from "../time.js";
import { chinaDayStart } from "./campaign-links.js";
import { periodText } from "./measure-rules.js";
import {
  activeDutyRules,
  assertReadsDuties,
  communityOrThrow,
  dutyRuleOut,
  managesDuties,
  type DutyRuleRow,
} from "./duty-service.js";
import {
  dutyProgressText,
  dutyRuleText,
  dutyState,
  periodDays,
  periodOf,
  viewPeriods,
  type DutyState,
} from "./duty-rules.js";

// Whether each duty of a 社区 is done, due or overdue in each month or quarter: counted from the
// records the rule names (activities held, editions published, evidence filed, manual ticks), read
// once per kind of record for every rule and 社区 asked, never stored.

export interface DutyRecord {
  type: "activity" | "edition" | "evidence" | "tick";
  id: number;
  /** the China date it is of (an activity's day, a tick's 完成日期), or the first of an edition's month */
  date: string;
  title: string;
  /** an activity planned but not yet held: shown, not counted */
  upcoming: boolean;
  /** a tick's author and photos */
  by?: { id: number; name: string } | undefined;
  photos?: PhotoRef[] | undefined;
}

export interface DutyCell {
  period: string;
  label: string;
  state: DutyState;
  dueSoon: boolean;
  daysLeft: number;
  done: number;
  times: number;
  progress: string;
  records: DutyRecord[];
}

const chinaDateOf = (iso: string) => chinaToday(new Date(iso));

/**
 * The records that count for each rule, dated from `first` to `last` (China days): one query per kind
 * of record for all the rules given, whatever their 社区.
 */
export async function loadDutyRecords(
  db: Db,
  rules: readonly DutyRuleRow[],
  first: string,
  last: string,
  now: Date,
): Promise<Map<number, DutyRecord[]>> {
  const out = new Map<number, DutyRecord[]>(rules.map((r) => [r.id, []]));
  const add = (ruleId: number, rec: DutyRecord) => out.get(ruleId)?.push(rec);
  const from = chinaDayStart(first);
  const until = new Date(Date.parse(chinaDayStart(last)) + 86_400_000).toISOString();
  const of = (doneBy: DutyRuleRow["done_by"]) => rules.filter((r) => r.done_by === doneBy);
  const communities = (rs: readonly DutyRuleRow[]) => [...new Set(rs.map((r) => r.community_id))];
  const tasks: Array<Promise<void>> = [];

  const byActivity = of("activity");
  if (byActivity.length > 0) {
    tasks.push(
      db
        .selectFrom("activity")
        .select(["id", "community_id", "kind", "title", "starts_at"])
        .where("community_id", "in", communities(byActivity))
        .where("kind", "in", [...new Set(byActivity.map((r) => r.activity_kind!))])
        .where("status", "=", "published")
        .where("starts_at", ">=", from)
        .where("starts_at", "<", until)
        .orderBy("starts_at")
        .execute()
        .then((rows) => {
          for (const a of rows) {
            const rec = {
              type: "activity" as const,
              id: a.id,
              date: chinaDateOf(a.starts_at),
              title: a.title,
              upcoming: a.starts_at > now.toISOString(),
            };
            for (const r of byActivity)
              if (r.community_id === a.community_id && r.activity_kind === a.kind) add(r.id, rec);
          }
        }),
    );
  }
  const byEdition = of("edition");
  if (byEdition.length > 0) {
    tasks.push(
      db
        .selectFrom("board_edition")
        .select(["id", "community_id", "month", "title"])
        .where("community_id", "in", communities(byEdition))
        .where("published_at", "is not", null)
        .where("published_at", "<=", now.toISOString())
        .where("month", ">=", first.slice(0, 7))
        .where("month", "<=", last.slice(0, 7))
        .orderBy("month")
        .execute()
        .then((rows) => {
          for (const e of rows) {
            const rec = {
              type: "edition" as const,
              id: e.id,
              date: `${e.month}-01`,
              title: e.title,
              upcoming: false,
            };
            for (const r of byEdition) if (r.community_id === e.community_id) add(r.id, rec);
          }
        }),
    );
  }
  const byEvidence = of("evidence");
  if (byEvidence.length > 0) {
    tasks.push(
      db
        .selectFrom("campaign_evidence")
        .innerJoin("campaign_item", "campaign_item.id", "campaign_evidence.item_id")
        .select([
          "campaign_evidence.id",
          "campaign_evidence.kind",
          "campaign_evidence.title",
          "campaign_evidence.evidence_date",
          "campaign_item.community_id",
          "campaign_item.content",
        ])
        .where("campaign_item.community_id", "in", communities(byEvidence))
        .where("campaign_item.content", "in", [...new Set(byEvidence.map((r) => r.evidence_item!))])
        .where("campaign_evidence.evidence_date", ">=", first)
        .where("campaign_evidence.evidence_date", "<=", last)
        .orderBy("campaign_evidence.evidence_date")
        .execute()
        .then((rows) => {
          for (const e of rows) {
            const rec = {
              type: "evidence" as const,
              id: e.id,
              date: e.evidence_date,
              title: e.title,
              upcoming: false,
            };
            for (const r of byEvidence) {
              if (
                r.community_id === e.community_id &&
                r.evidence_item === e.content &&
                r.evidence_kind === e.kind
              ) {
                add(r.id, rec);
              }
            }
          }
        }),
    );
  }
  const byTick = of("manual");
  if (byTick.length > 0) {
    tasks.push(
      db
        .selectFrom("duty_tick")
        .innerJoin("user", "user.id", "duty_tick.user_id")
        .select([
          "duty_tick.id",
          "duty_tick.rule_id",
          "duty_tick.done_on",
          "duty_tick.note",
          "duty_tick.user_id",
          "user.name",
        ])
        .where(
          "duty_tick.rule_id",
          "in",
          byTick.map((r) => r.id),
        )
        .where("duty_tick.done_on", ">=", first)
        .where("duty_tick.done_on", "<=", last)
        .orderBy("duty_tick.done_on")
        .orderBy("duty_tick.id")
        .execute()
        .then(async (rows) => {
          const photos = await filesOf(
            db,
            "duty_tick",
            rows.map((t) => t.id),
          );
          for (const t of rows) {
            add(t.rule_id, {
              type: "tick",
              id: t.id,
              date: t.done_on,
              title: t.note || "已完成",
              upcoming: false,
              by: { id: t.user_id, name: t.name },
              photos: photos.get(t.id) ?? [],
            });
          }
        }),
    );
  }
  await Promise.all(tasks);
  return out;
}

/** One rule's cell for one period: its records of that period, how many count, and the state. */
export function dutyCell(
  rule: DutyRuleRow,
  period: string,
  records: readonly DutyRecord[],
  today: string,
): DutyCell {
  const inPeriod = records.filter((r) => periodOf(rule.cadence, r.date) === period);
  const done = inPeriod.filter((r) => !r.upcoming).length;
  const since = chinaToday(new Date(rule.created_at));
  const s = dutyState({ period, done, times: rule.times, remindDays: rule.remind_days, since }, today);
  return {
    period,
    label: periodText(period, true),
    ...s,
    done,
    times: rule.times,
    progress: dutyProgressText(done, rule.times),
    records: inPeriod,
  };
}

/**
 * A 社区's calendar for a month (2026-12) or a quarter (2026-Q4): each rule with a cell for every
 * period the view covers (a month view shows quarterly rules by their quarter; a quarter view shows
 * monthly rules month by month).
 */
export async function dutyCalendar(
  db: Db,
  session: AuthSession,
  input: { communityId: number; view: string },
  now = new Date(),
) {
  await assertReadsDuties(db, session, input.communityId);
  const community = await communityOrThrow(db, input.communityId);
  const rules = await activeDutyRules(db, [community.id]);
  const periods = new Map(rules.map((r) => [r.id, viewPeriods(input.view, r.cadence)]));
  const spans = [...periods.values()].flat().map(periodDays);
  const viewSpan = periodDays(input.view);
  const first = [viewSpan.first, ...spans.map((s) => s.first)].sort()[0]!;
  const last = [viewSpan.last, ...spans.map((s) => s.last)].sort().at(-1)!;
  const records = await loadDutyRecords(db, rules, first, last, now);
  const today = chinaToday(now);
  const everHad = await db
    .selectFrom("duty_rule")
    .select("id")
    .where("community_id", "=", community.id)
    .limit(1)
    .executeTakeFirst();
  const mayEdit = await managesDuties(db, session, community.id);
  return {
    community: { id: community.id, name: community.name },
    view: input.view,
    label: periodText(input.view, true),
    today,
    mayEdit,
    defaultsAvailable: mayEdit && everHad === undefined,
    rules: rules.map((r) => ({
      ...dutyRuleOut(r),
      text: dutyRuleText(r),
      mayTick: r.done_by === "manual" && (mayEdit || r.responsible_user_id === session.user.id),
      cells: periods.get(r.id)!.map((p) => dutyCell(r, p, records.get(r.id) ?? [], today)),
    })),
  };
}

/**
 * 本月安排 on the portal: this month's duties of the resident's own 社区 marked for residents, with
 * the dates of the activities that will do them (道德讲堂 12月16日). Nothing for someone without a 社区.
 */
export async function residentMonth(db: Db, session: AuthSession, now = new Date()) {
  const today = chinaToday(now);
  const month = today.slice(0, 7);
  const communityId = session.user.communityId;
  if (communityId === null) return { month, label: periodText(month, true), duties: [] };
  const rules = (await activeDutyRules(db, [communityId])).filter((r) => r.for_residents === 1);
  const { first, last } = periodDays(month);
  const records = await loadDutyRecords(
    db,
    rules.filter((r) => r.done_by === "activity"),
    first,
    last,
    now,
  );
  return {
    month,
    label: periodText(month, true),
    duties: rules.map((r) => {
      const dated = (records.get(r.id) ?? []).filter((rec) => rec.type === "activity");
      return {
        id: r.id,
        title: r.title,
        text: dutyRuleText(r),
        doneBy: r.done_by,
        activities: dated.map((a) => ({ id: a.id, title: a.title, date: a.date, held: !a.upcoming })),
      };
    }),
  };
}
