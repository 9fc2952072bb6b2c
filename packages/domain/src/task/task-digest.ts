import { sql } from "kysely";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { notify } from "../notification/notification-service.js";
import { chinaToday } from "../time.js";

// The daily digest of tasks (每日任务提醒): one notice per staff person and China day instead of one
// per event — 今日到期 N 项、已逾期 N 项 of the tasks they are 责任人 of, 待验收 N 项 of those awaiting
// their 验收, 待反馈督办 N 项 of the 督办单 awaiting their answer. Nothing when all are zero. Computed for everyone at once (a few grouped queries, then
// one notify per distinct message, whatever the number of staff), and sent exactly once per person
// and day: the notice's eventKey is the day, and the inbox keeps one notice per person and key (a
// unique index), so a second run, a run at the same time on another process or a run after a
// restart writes nothing for whoever already has theirs.

/** The China hour from which the day's digests go out (the server checks hourly). */
export const DIGEST_HOUR = 8;

/** Recipients per notify call: keeps each statement's parameters well within both databases' limits. */
const CHUNK = 500;

export interface DigestCounts {
  /** open tasks of theirs (责任人) due today */
  dueToday: number;
  /** open tasks of theirs past their 时限 */
  overdue: number;
  /** tasks submitted for 验收 that are theirs to check */
  pendingAcceptance: number;
  /** 督办单 on their tasks awaiting their answer (反馈) */
  supervisions: number;
}

/** The hour of the day in China (0–23). */
export function chinaHour(now = new Date()): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCHours();
}

/** Whether the day's digests are due: from DIGEST_HOUR China time. */
export function digestDue(now = new Date()): boolean {
  return chinaHour(now) >= DIGEST_HOUR;
}

/** "今日到期 2 项、已逾期 1 项、待验收 3 项、待反馈督办 1 项" (parts that are zero left out); "" when all are zero. */
export function digestText(c: DigestCounts): string {
  return [
    c.dueToday > 0 ? `今日到期 ${c.dueToday} 项` : "",
    c.overdue > 0 ? `已逾期 ${c.overdue} 项` : "",
    c.pendingAcceptance > 0 ? `待验收 ${c.pendingAcceptance} 项` : "",
    c.supervisions > 0 ? `待反馈督办 ${c.supervisions} 项` : "",
  ]
    .filter((p) => p !== "")
    .join("、");
}

export function digestEventKey(day: string): string {
  return `task.digest:${day}`;
}

/** Where the digest leads: the console's 我的任务. */
export const DIGEST_LINK = "/admin/tasks";

/**
 * The counts of every staff person (holding a role other than 居民) with anything to count, or of
 * `userIds` only. 待验收: tasks submitted for 验收 that they assigned (never their own as 责任人);
 * one that nobody assigned, or whose assigner's account is gone, is for the admins holding a role
 * at its 责任单位 itself.
 */
export async function digestCounts(
  db: Db,
  today: string,
  userIds?: readonly number[],
): Promise<Map<number, DigestCounts>> {
  if (userIds && userIds.length === 0) return new Map();
  // Staff: an account not deleted (注销) holding a role other than 居民.
  const staff = (column: "task.assignee_user_id" | "task.assigned_by" | "g.user_id") =>
    sql<boolean>`exists (select 1 from role_grant sg inner join "user" su on su.id = sg.user_id where sg.user_id = ${sql.ref(column)} and sg.role <> 'resident' and su.deleted_at is null)`;
  const [own, assigned, unassigned, supervised] = await Promise.all([
    db
      .selectFrom("task")
      .select((eb) => [
        "task.assignee_user_id as user_id",
        eb.fn
          .sum<number | string>(eb.case().when("task.due_on", "=", today).then(1).else(0).end())
          .as("due_today"),
        eb.fn
          .sum<number | string>(eb.case().when("task.due_on", "<", today).then(1).else(0).end())
          .as("overdue"),
      ])
      .where("task.assignee_user_id", "is not", null)
      .where("task.due_on", "<=", today)
      .where("task.state", "not in", ["done", "cancelled"])
      .$if(userIds !== undefined, (q) => q.where("task.assignee_user_id", "in", userIds!))
      .where(staff("task.assignee_user_id"))
      .groupBy("task.assignee_user_id")
      .execute(),
    db
      .selectFrom("task")
      .select((eb) => ["task.assigned_by as user_id", eb.fn.countAll<number | string>().as("n")])
      .where("task.state", "=", "pending_acceptance")
      .where("task.assigned_by", "is not", null)
      .where((eb) =>
        eb.or([
          eb("task.assignee_user_id", "is", null),
          eb("task.assignee_user_id", "<>", eb.ref("task.assigned_by")),
        ]),
      )
      .$if(userIds !== undefined, (q) => q.where("task.assigned_by", "in", userIds!))
      .where(staff("task.assigned_by"))
      .groupBy("task.assigned_by")
      .execute(),
    // Nobody to check it by name: the admins at its 责任单位 (never its 责任人).
    db
      .selectFrom("task")
      .innerJoin("role_grant as g", "g.org_unit_id", "task.unit_id")
      .leftJoin("user as assigner", "assigner.id", "task.assigned_by")
      .select((eb) => ["g.user_id", eb.fn.count<number | string>("task.id").distinct().as("n")])
      .where("task.state", "=", "pending_acceptance")
      .where((eb) => eb.or([eb("task.assigned_by", "is", null), eb("assigner.deleted_at", "is not", null)]))
      .where("g.role", "in", ["community_admin", "street_admin"])
      .where((eb) =>
        eb.or([
          eb("task.assignee_user_id", "is", null),
          eb("task.assignee_user_id", "<>", eb.ref("g.user_id")),
        ]),
      )
      .$if(userIds !== undefined, (q) => q.where("g.user_id", "in", userIds!))
      .where(staff("g.user_id"))
      .groupBy("g.user_id")
      .execute(),
    // 督办单 not yet answered, on the tasks they are 责任人 of.
    db
      .selectFrom("task_supervision as s")
      .innerJoin("task", "task.id", "s.task_id")
      .select((eb) => ["task.assignee_user_id as user_id", eb.fn.countAll<number | string>().as("n")])
      .where("s.state", "=", "open")
      .where("task.assignee_user_id", "is not", null)
      .where("task.state", "not in", ["done", "cancelled"])
      .$if(userIds !== undefined, (q) => q.where("task.assignee_user_id", "in", userIds!))
      .where(staff("task.assignee_user_id"))
      .groupBy("task.assignee_user_id")
      .execute(),
  ]);
  const out = new Map<number, DigestCounts>();
  const of = (userId: number) => {
    let c = out.get(userId);
    if (!c) out.set(userId, (c = { dueToday: 0, overdue: 0, pendingAcceptance: 0, supervisions: 0 }));
    return c;
  };
  for (const r of own) {
    const c = of(r.user_id!);
    c.dueToday = Number(r.due_today);
    c.overdue = Number(r.overdue);
  }
  for (const r of [...assigned, ...unassigned]) of(r.user_id!).pendingAcceptance += Number(r.n);
  for (const r of supervised) of(r.user_id!).supervisions = Number(r.n);
  for (const [id, c] of out) if (digestText(c) === "") out.delete(id);
  return out;
}

/**
 * Sends the day's digests (China day of `now`) to every staff person with anything to count, each
 * once per day however often, wherever and whenever this runs. Returns how many people had a digest
 * and how many notices this run wrote (0 on every run after the first of the day).
 */
export async function sendTaskDigests(db: Db, now = new Date()): Promise<{ people: number; sent: number }> {
  const today = chinaToday(now);
  const counts = await digestCounts(db, today);
  // People with the same counts get the same words: one notify each, not one per person.
  const byText = new Map<string, number[]>();
  for (const [userId, c] of counts) {
    const text = digestText(c);
    const list = byText.get(text);
    if (list) list.push(userId);
    else byText.set(text, [userId]);
  }
  let sent = 0;
  for (const [text, userIds] of byText) {
    for (let i = 0; i < userIds.length; i += CHUNK) {
      sent += await notify(
        db,
        {
          userIds: userIds.slice(i, i + CHUNK),
          kind: "task_digest",
          title: `每日任务提醒（${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日）`,
          body: `${text}。`,
          link: DIGEST_LINK,
          eventKey: digestEventKey(today),
        },
        now,
      );
    }
  }
  return { people: counts.size, sent };
}

/**
 * The caller's own digest of today, computed on request (read-only): the counts, the words the
 * notice says (null when all are zero) and whether today's has been sent to their inbox.
 */
export async function myDigest(db: Db, session: AuthSession, now = new Date()) {
  const today = chinaToday(now);
  const me = session.user.id;
  const [counts, sent] = await Promise.all([
    digestCounts(db, today, [me]),
    db
      .selectFrom("notification")
      .select("created_at")
      .where("user_id", "=", me)
      .where("event_key", "=", digestEventKey(today))
      .executeTakeFirst(),
  ]);
  const c = counts.get(me) ?? { dueToday: 0, overdue: 0, pendingAcceptance: 0, supervisions: 0 };
  const text = digestText(c);
  return { day: today, ...c, text: text === "" ? null : text, sentAt: sent?.created_at ?? null };
}
