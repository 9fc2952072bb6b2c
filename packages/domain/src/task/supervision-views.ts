import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Task } from "../db/database.js";
import { can, descendantIds, permissionRoots } from "../auth/authorize.js";
import { chinaToday } from "../time.js";
import type { SupervisionColour } from "./rules.js";
import { mayAnswer, mayClear, unitManagers } from "./supervision-service.js";
import { strongerColour } from "./supervision-rules.js";

// What the console shows of 督办单: the strongest hand colour of each task (the tree, 我的任务, a
// task), a task's 督办单 in its drawer, and the caller's own on both sides (issued by me / owed by
// me) until cleared.

/** Each task's strongest 督办 not yet cleared: of a campaign's tasks, or of the tasks given. */
export async function handColours(
  db: Db,
  of: { campaignId: number } | { taskIds: readonly number[] },
): Promise<Map<number, SupervisionColour>> {
  if ("taskIds" in of && of.taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("task_supervision")
    .innerJoin("task", "task.id", "task_supervision.task_id")
    .select(["task_supervision.task_id", "task_supervision.colour"])
    .where("task_supervision.state", "!=", "cleared")
    .$if("campaignId" in of, (q) =>
      q.where("task.campaign_id", "=", (of as { campaignId: number }).campaignId),
    )
    .$if("taskIds" in of, (q) => q.where("task.id", "in", [...(of as { taskIds: number[] }).taskIds]))
    .execute();
  const out = new Map<number, SupervisionColour>();
  for (const r of rows) out.set(r.task_id, strongerColour(out.get(r.task_id) ?? null, r.colour)!);
  return out;
}

function supervisionRows(db: Db) {
  return db
    .selectFrom("task_supervision as s")
    .innerJoin("task", "task.id", "s.task_id")
    .innerJoin("org_unit as unit", "unit.id", "task.unit_id")
    .leftJoin("user as issuer", "issuer.id", "s.issued_by")
    .leftJoin("user as assignee", "assignee.id", "task.assignee_user_id")
    .leftJoin("user as answerer", "answerer.id", "s.answered_by")
    .leftJoin("user as clearer", "clearer.id", "s.cleared_by")
    .selectAll("s")
    .select([
      "task.title as task_title",
      "task.due_on as task_due_on",
      "task.state as task_state",
      "task.unit_id as task_unit_id",
      "task.assignee_user_id",
      "unit.name as unit_name",
      "issuer.name as issuer_name",
      "assignee.name as assignee_name",
      "answerer.name as answerer_name",
      "clearer.name as clearer_name",
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof supervisionRows>["execute"]>>[number];

async function shape(db: Db, session: AuthSession, r: Row, today: string, manages?: boolean) {
  const task = { unit_id: r.task_unit_id, assignee_user_id: r.assignee_user_id };
  return {
    id: r.id,
    task: {
      id: r.task_id,
      title: r.task_title,
      dueOn: r.task_due_on,
      state: r.task_state,
      unit: { id: r.task_unit_id, name: r.unit_name },
      assignee: r.assignee_user_id === null ? null : { id: r.assignee_user_id, name: r.assignee_name ?? "" },
    },
    colour: r.colour,
    note: r.note,
    replyBy: r.reply_by,
    /** not answered and its reply day has passed */
    replyOverdue: r.state === "open" && today > r.reply_by,
    state: r.state,
    issuedBy: r.issued_by === null ? null : { id: r.issued_by, name: r.issuer_name ?? "已注销" },
    issuedAt: r.created_at,
    answer: r.answer,
    answeredBy: r.answered_by === null ? null : (r.answerer_name ?? "已注销"),
    answeredAt: r.answered_at,
    clearedBy: r.cleared_by === null ? null : (r.clearer_name ?? "已注销"),
    clearedAt: r.cleared_at,
    version: r.version,
    mayAnswer: await mayAnswer(db, session, task, r, manages),
    mayClear: await mayClear(db, session, task, r),
  };
}
export type SupervisionView = Awaited<ReturnType<typeof shape>>;

/** A task's 督办单 (the caller sees the task): those not cleared first, newest first. */
export async function supervisionsOfTask(
  db: Db,
  session: AuthSession,
  task: Pick<Task, "id" | "unit_id">,
  now = new Date(),
): Promise<SupervisionView[]> {
  const rows = await supervisionRows(db).where("s.task_id", "=", task.id).orderBy("s.id", "desc").execute();
  const today = chinaToday(now);
  const manages = await can(db, session, "task.manage", task.unit_id);
  const list = await Promise.all(rows.map((r) => shape(db, session, r, today, manages)));
  return [...list.filter((s) => s.state !== "cleared"), ...list.filter((s) => s.state === "cleared")];
}

/** Not yet answered first (waiting on someone), then answered (waiting for 销号); each by reply day. */
function openFirst(a: SupervisionView, b: SupervisionView): number {
  if (a.state !== b.state) return a.state === "open" ? -1 : 1;
  return a.replyBy < b.replyBy ? -1 : a.replyBy > b.replyBy ? 1 : a.id - b.id;
}

/**
 * The caller's 督办 on both sides, until cleared: those they issued, and those owed by them (on
 * tasks whose 责任人 they are, and on tasks given to nobody yet in the units whose tasks they manage,
 * as the notice went: supervision-service.ts unitManagers). Open ones first, then answered; each by
 * reply day.
 */
export async function mySupervisions(db: Db, session: AuthSession, now = new Date()) {
  const me = session.user.id;
  const today = chinaToday(now);
  const [issued, owed, unassigned] = await Promise.all([
    supervisionRows(db).where("s.issued_by", "=", me).where("s.state", "!=", "cleared").limit(500).execute(),
    supervisionRows(db)
      .where("task.assignee_user_id", "=", me)
      .where("s.state", "!=", "cleared")
      .limit(500)
      .execute(),
    owedByUnit(db, session),
  ]);
  owed.push(...unassigned);
  const shaped = (rows: Row[]) => Promise.all(rows.map((r) => shape(db, session, r, today)));
  return {
    issuedByMe: (await shaped(issued)).sort(openFirst),
    owedByMe: (await shaped(owed)).sort(openFirst),
  };
}

/** 督办 on tasks without a 责任人 that the caller answers for as a manager of their unit. */
async function owedByUnit(db: Db, session: AuthSession): Promise<Row[]> {
  const roots = permissionRoots(session, "task.manage");
  if (roots === "all" || roots.length === 0) return [];
  const rows = await supervisionRows(db)
    .where("task.assignee_user_id", "is", null)
    .where("task.unit_id", "in", await descendantIds(db, roots))
    .where("s.state", "!=", "cleared")
    .limit(500)
    .execute();
  const managers = new Map<number, number[]>();
  const owed: Row[] = [];
  for (const r of rows) {
    let ids = managers.get(r.task_unit_id);
    if (!ids) managers.set(r.task_unit_id, (ids = await unitManagers(db, r.task_unit_id)));
    // Never one they issued themselves (a 社区 without admins falls to the 街道's, the issuer's own).
    if (ids.includes(session.user.id) && r.issued_by !== session.user.id) owed.push(r);
  }
  return owed;
}
