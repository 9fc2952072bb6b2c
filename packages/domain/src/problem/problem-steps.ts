import { sql, type Updateable } from "kysely";
import type { Db } from "../db/open-database.js";
import type { Problem, ProblemTable } from "../db/database.js";
import { ConflictError } from "../errors.js";
import { notify } from "../notification/notification-service.js";
import type { NotificationKind } from "../notification/rules.js";
import { CONFLICT_MESSAGE } from "./problem-scope.js";
import {
  problemConsoleLink,
  problemPortalLink,
  problemTransition,
  type ProblemAction,
  type ProblemRating,
  type ProblemState,
  type ProblemStepAction,
} from "./rules.js";

// The pieces every move of a problem is made of: the guarded update, the timeline step, the notices.

export interface StepValues {
  problemId: number;
  action: ProblemStepAction;
  from: ProblemState | null;
  to: ProblemState | null;
  actorId: number | null;
  note: string | null;
  at: string;
  assigneeId?: number | null;
  deadline?: string | null;
  rating?: ProblemRating | null;
}

/** One timeline entry; returns its id (photos are attached to it). */
export async function insertStep(db: Db, s: StepValues): Promise<number> {
  const row = await db
    .insertInto("problem_step")
    .values({
      problem_id: s.problemId,
      action: s.action,
      from_state: s.from,
      to_state: s.to,
      actor_user_id: s.actorId,
      note: s.note,
      assignee_user_id: s.assigneeId ?? null,
      deadline: s.deadline ?? null,
      rating: s.rating ?? null,
      created_at: s.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Changes the row only where its version is still the one read, raising it by one: of two people acting
 * on the same problem at once exactly one succeeds; the other gets CONFLICT (nothing of theirs is kept,
 * their transaction rolls back).
 */
export async function guardedUpdate(
  db: Db,
  problem: Pick<Problem, "id" | "version">,
  set: Omit<Updateable<ProblemTable>, "version" | "updated_at">,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable("problem")
    .set({ ...set, version: problem.version + 1, updated_at: now.toISOString() })
    .where("id", "=", problem.id)
    .where("version", "=", problem.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError(CONFLICT_MESSAGE);
  return problem.version + 1;
}

/** Moves a problem by `action` (refused by the transition table if illegal); returns the new state and version. */
export async function move(
  db: Db,
  problem: Problem,
  action: ProblemAction,
  set: Omit<Updateable<ProblemTable>, "state" | "version" | "updated_at">,
  now: Date,
): Promise<{ to: ProblemState; version: number }> {
  const to = problemTransition(problem.state, action);
  const version = await guardedUpdate(db, problem, { ...set, state: to }, now);
  return { to, version };
}

export interface Notice {
  kind: NotificationKind;
  title: string;
  body: string;
  /** what happened, unique per problem: the same event never notifies twice */
  event: string;
}

/** Tells the reporter, unless they are the one acting (a grid worker's own 巡查). */
export async function tellReporter(db: Db, problem: Problem, actorId: number, notice: Notice, now: Date) {
  if (problem.reporter_user_id === null || problem.reporter_user_id === actorId) return;
  // A resident follows it on the portal; staff who filed it open it in the console.
  const link = problem.source === "snapshot" ? problemPortalLink(problem.id) : problemConsoleLink(problem.id);
  await notify(
    db,
    {
      userIds: [problem.reporter_user_id],
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      link,
      eventKey: `problem:${problem.id}:${notice.event}`,
    },
    now,
  );
}

/** Tells staff (the 责任人, whoever dispatched it), never the one acting. */
export async function tellStaff(
  db: Db,
  userIds: Array<number | null | undefined>,
  actorId: number,
  problem: Problem,
  notice: Notice,
  now: Date,
) {
  const to = userIds.filter((id): id is number => typeof id === "number" && id !== actorId);
  if (to.length === 0) return;
  await notify(
    db,
    {
      userIds: to,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      link: problemConsoleLink(problem.id),
      eventKey: `problem:${problem.id}:${notice.event}`,
    },
    now,
  );
}

/** Who did the latest of `actions` on a problem (the dispatcher to ask for 复查, the reviewer to ask again). */
export async function lastActor(
  db: Db,
  problemId: number,
  actions: ProblemStepAction[],
): Promise<number | null> {
  const row = await db
    .selectFrom("problem_step")
    .select("actor_user_id")
    .where("problem_id", "=", problemId)
    .where("action", "in", actions)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.actor_user_id ?? null;
}

/** SAVEPOINT, RELEASE and ROLLBACK TO: the same SQL on both databases, inside the procedure's transaction. */
export async function savepoint(
  db: Db,
  verb: "savepoint" | "release savepoint" | "rollback to savepoint",
  name: string,
) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`savepoint: bad name ${name}`);
  await sql.raw(`${verb} ${name}`).execute(db);
}

export const trimmed = (text: string | null | undefined) => text?.trim() || null;
