import type { Db } from "../db/open-database.js";
import { notify } from "../notification/notification-service.js";
import { chinaToday } from "../time.js";
import { activeDutyRules } from "./duty-service.js";
import { dutyCell, loadDutyRecords } from "./duty-calendar.js";
import { periodDays, periodOf, previousPeriod } from "./duty-rules.js";
import { periodText } from "./measure-rules.js";

// Reminders of the calendar of recurring duties: a duty due soon (its period ends within its
// remind_days and it is not done) and a duty left undone when its period ended go to the 责任人's
// inbox, or to the 社区's admins when it has none: once per rule and period (the notice's eventKey),
// however often this runs. The server runs it every hour.

/** Sends what is due; returns how many notices were written. */
export async function sendDutyReminders(db: Db, now = new Date()): Promise<{ due: number; overdue: number }> {
  const communities = await db
    .selectFrom("duty_rule")
    .select("community_id")
    .where("archived_at", "is", null)
    .groupBy("community_id")
    .execute();
  const today = chinaToday(now);
  const sent = { due: 0, overdue: 0 };
  // A street of 社区 at a time keeps each read bounded.
  const ids = communities.map((c) => c.community_id);
  for (let i = 0; i < ids.length; i += 50) {
    const rules = await activeDutyRules(db, ids.slice(i, i + 50));
    if (rules.length === 0) continue;
    const periods = rules.map((r) => {
      const current = periodOf(r.cadence, today);
      return { rule: r, current, previous: previousPeriod(current) };
    });
    const first = periods.map((p) => periodDays(p.previous).first).sort()[0]!;
    const last = periods
      .map((p) => periodDays(p.current).last)
      .sort()
      .at(-1)!;
    const records = await loadDutyRecords(db, rules, first, last, now);
    const names = new Map(
      (
        await db
          .selectFrom("org_unit")
          .select(["id", "name"])
          .where("id", "in", [...new Set(rules.map((r) => r.community_id))])
          .execute()
      ).map((u) => [u.id, u.name]),
    );
    const admins = await communityAdmins(db, [...new Set(rules.map((r) => r.community_id))]);
    for (const { rule, current, previous } of periods) {
      const recipients =
        rule.responsible_user_id !== null
          ? [rule.responsible_user_id]
          : (admins.get(rule.community_id) ?? []);
      const link = `/admin/calendar?community=${rule.community_id}`;
      const recs = records.get(rule.id) ?? [];
      const cell = dutyCell(rule, current, recs, today);
      if (cell.state === "due" && cell.dueSoon) {
        sent.due += await notify(
          db,
          {
            userIds: recipients,
            kind: "duty_due",
            title: `${rule.title} 即将到期`,
            body: `${names.get(rule.community_id) ?? ""} ${periodText(current, true)}${rule.title}：${cell.progress}，还剩 ${cell.daysLeft} 天。`,
            link: `${link}&period=${current}`,
            eventKey: `duty.due:${rule.id}:${current}`,
          },
          now,
        );
      }
      // A period that began before the rule was set up is 未设立, not 已逾期 (dutyState).
      const before = dutyCell(rule, previous, recs, today);
      if (before.state === "overdue") {
        sent.overdue += await notify(
          db,
          {
            userIds: recipients,
            kind: "duty_overdue",
            title: `${rule.title} 已逾期`,
            body: `${names.get(rule.community_id) ?? ""} ${periodText(previous, true)}${rule.title}未完成：${before.progress}。`,
            link: `${link}&period=${previous}`,
            eventKey: `duty.overdue:${rule.id}:${previous}`,
          },
          now,
        );
      }
    }
  }
  return sent;
}

/** The community admins of each 社区 (who hear of a duty nobody answers for). */
async function communityAdmins(db: Db, communityIds: number[]): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom("role_grant")
    .select(["org_unit_id", "user_id"])
    .where("role", "=", "community_admin")
    .where("org_unit_id", "in", communityIds)
    .execute();
  const out = new Map<number, number[]>();
  for (const r of rows)
    if (r.org_unit_id !== null) out.set(r.org_unit_id, [...(out.get(r.org_unit_id) ?? []), r.user_id]);
  return out;
}
