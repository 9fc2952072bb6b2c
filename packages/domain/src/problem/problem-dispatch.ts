import type { Db } from "../db/open-database.js";
import type { Problem } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { DomainError, ValidationError } from "../errors.js";
import { recordAudit } from "../audit/audit-service.js";
import { chinaToday } from "../time.js";
import { assertVersion, isEligibleAssignee, problemFor } from "./problem-scope.js";
import { insertStep, move, savepoint, tellReporter, tellStaff, trimmed } from "./problem-steps.js";
import { PROBLEM_CATEGORY_DEFAULTS, deadlineError, defaultDeadline, problemTransition } from "./rules.js";

// 派遣 of a problem, one or many, and 改派. Each checks the caller, the version they saw and the
// transition table before it writes anything, then writes the guarded update, one timeline step,
// the audit row and the notices, in the procedure's transaction.

/** A chosen deadline (China date), refused by field when it is before today. */
function checkedDeadline(deadline: string, now: Date): string {
  const error = deadlineError(deadline, chinaToday(now));
  if (error) throw new ValidationError("deadline", error);
  return deadline;
}

/** The 处置时限 of a problem's category in its 社区 (a category switched off since keeps its limit). */
async function timeLimitOf(db: Db, problem: Problem): Promise<number> {
  const own = await db
    .selectFrom("problem_category")
    .select("time_limit_days")
    .where("community_id", "=", problem.community_id)
    .where("code", "=", problem.category)
    .executeTakeFirst();
  return own?.time_limit_days ?? PROBLEM_CATEGORY_DEFAULTS[problem.category].timeLimitDays;
}

async function assertAssignee(db: Db, problem: Problem, assigneeId: number) {
  if (!(await isEligibleAssignee(db, problem.community_id, assigneeId))) {
    throw new ValidationError("assigneeId", "责任人应为本社区的网格员或社区管理员");
  }
}

export interface DispatchInput {
  id: number;
  version?: number | undefined;
  assigneeId: number;
  /** China date; the category's 处置时限 from today when left out */
  deadline?: string | null | undefined;
  note?: string | null | undefined;
}

/**
 * 派遣 and 改派: the problem given to `assigneeId` (staff of its 社区) by a deadline — the one chosen,
 * never before today; else at 派遣 the category's 处置时限 from today, at 改派 the one it had — with
 * its timeline step and audit row, and the 责任人 told.
 */
async function assign(
  db: Db,
  session: AuthSession,
  input: DispatchInput,
  action: "dispatch" | "reassign",
  now: Date,
) {
  const problem = await problemFor(db, session, input.id, "problem.manage");
  assertVersion(problem, input.version);
  problemTransition(problem.state, action);
  await assertAssignee(db, problem, input.assigneeId);
  const deadline = input.deadline
    ? checkedDeadline(input.deadline, now)
    : action === "dispatch"
      ? defaultDeadline(chinaToday(now), await timeLimitOf(db, problem))
      : problem.deadline;
  if (
    action === "reassign" &&
    input.assigneeId === problem.assignee_user_id &&
    deadline === problem.deadline
  ) {
    throw new ValidationError("assigneeId", "责任人和处置时限均未改变");
  }
  const moved = await move(db, problem, action, { assignee_user_id: input.assigneeId, deadline }, now);
  await insertStep(db, {
    problemId: problem.id,
    action,
    from: problem.state,
    to: moved.to,
    actorId: session.user.id,
    note: trimmed(input.note),
    assigneeId: input.assigneeId,
    deadline,
    at: now.toISOString(),
  });
  const assigned = { assigneeId: input.assigneeId, deadline };
  await recordAudit(
    db,
    session,
    action === "dispatch"
      ? {
          action: "problem.dispatch",
          targetType: "problem",
          targetId: problem.id,
          orgUnitId: problem.community_id,
          before: { state: problem.state },
          after: { state: moved.to, ...assigned },
        }
      : {
          action: "problem.reassign",
          targetType: "problem",
          targetId: problem.id,
          orgUnitId: problem.community_id,
          before: { assigneeId: problem.assignee_user_id, deadline: problem.deadline },
          after: assigned,
        },
    now,
  );
  await tellStaff(
    db,
    [input.assigneeId],
    session.user.id,
    problem,
    {
      kind: "problem_assigned",
      title: "您有新的整改任务",
      body: `请在${deadline}前完成整改，并上报整改后的照片。`,
      event: `${action}:${moved.version}`,
    },
    now,
  );
  return { problem, version: moved.version, deadline };
}

/** 派遣: 待受理 → 整改中; the reporter hears that it was accepted. */
export async function dispatchProblem(db: Db, session: AuthSession, input: DispatchInput, now = new Date()) {
  const { problem, version, deadline } = await assign(db, session, input, "dispatch", now);
  await tellReporter(
    db,
    problem,
    session.user.id,
    {
      kind: "problem_dispatched",
      title: "您反映的问题已受理",
      body: `社区已安排专人整改，处置时限至${deadline}。`,
      event: "dispatch",
    },
    now,
  );
  return { version, deadline: deadline! };
}

/** 改派: while 整改中, another 责任人 and/or another deadline. */
export async function reassignProblem(db: Db, session: AuthSession, input: DispatchInput, now = new Date()) {
  const { version, deadline } = await assign(db, session, input, "reassign", now);
  return { version, deadline };
}

export interface BatchDispatchInput {
  items: Array<{ id: number; version?: number | undefined }>;
  assigneeId: number;
  deadline?: string | null | undefined;
  note?: string | null | undefined;
}

/**
 * 批量派遣: each problem checked and dispatched on its own inside a savepoint, so that one refused
 * (already dispatched, changed meanwhile, a 责任人 not of its 社区) leaves no trace and the
 * others go through; the answer says which succeeded and why the others did not.
 */
export async function batchDispatch(
  db: Db,
  session: AuthSession,
  input: BatchDispatchInput,
  now = new Date(),
) {
  // A deadline in the past is wrong for every item: refused once, by field.
  if (input.deadline) checkedDeadline(input.deadline, now);
  // A problem outside the caller's 社区 is no "failed item" but a call they may not make: refused whole.
  for (const item of input.items) await problemFor(db, session, item.id, "problem.manage");
  const results: Array<{ id: number; ok: boolean; message: string | null; version: number | null }> = [];
  for (const [i, item] of input.items.entries()) {
    const name = `problem_batch_${i}`;
    await savepoint(db, "savepoint", name);
    try {
      const done = await dispatchProblem(db, session, { ...input, id: item.id, version: item.version }, now);
      results.push({ id: item.id, ok: true, message: null, version: done.version });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await savepoint(db, "rollback to savepoint", name);
      results.push({ id: item.id, ok: false, message: error.message, version: null });
    }
    await savepoint(db, "release savepoint", name);
  }
  return { results, succeeded: results.filter((r) => r.ok).length };
}
