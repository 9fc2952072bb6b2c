import type { Db } from "../db/open-database.js";
import type { Problem } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { DomainError, ForbiddenError, ValidationError } from "../errors.js";
import { recordAudit } from "../audit/audit-service.js";
import { chinaToday } from "../time.js";
import { attachStepPhotos } from "./problem-photos.js";
import { assertVersion, canAt, isEligibleAssignee, loadProblem, problemFor } from "./problem-scope.js";
import { insertStep, lastActor, move, savepoint, tellReporter, tellStaff, trimmed } from "./problem-steps.js";
import {
  MAX_PHOTOS,
  PROBLEM_CATEGORY_DEFAULTS,
  REJECT_REASON_LABELS,
  deadlineError,
  defaultDeadline,
  problemTransition,
  type RejectReason,
} from "./rules.js";

// The staff's moves of a problem: 派遣 (one or many), 改派, 不予受理, 整改上报, 复查. Each checks the
// caller, the version they saw and the transition table before it writes anything, then writes the
// guarded update, one timeline step, the audit row and the notices, in the procedure's transaction.

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

export interface RejectInput {
  id: number;
  version?: number | undefined;
  reason: RejectReason;
  duplicateOfId?: number | null | undefined;
  department?: string | null | undefined;
  note?: string | null | undefined;
}

/** 不予受理: 重复 (linked to the problem it repeats, in the same 社区), 不属实 (saying why), 非社区职责 (referred to a department). */
export async function rejectProblem(db: Db, session: AuthSession, input: RejectInput, now = new Date()) {
  const problem = await problemFor(db, session, input.id, "problem.manage");
  assertVersion(problem, input.version);
  problemTransition(problem.state, "reject");
  let duplicateOf: number | null = null;
  let department: string | null = null;
  if (input.reason === "duplicate") {
    if (!input.duplicateOfId) throw new ValidationError("duplicateOfId", "请选择与之重复的问题");
    const original = await db
      .selectFrom("problem")
      .select(["id", "community_id"])
      .where("id", "=", input.duplicateOfId)
      .executeTakeFirst();
    if (!original || original.id === problem.id || original.community_id !== problem.community_id) {
      throw new ValidationError("duplicateOfId", "重复的问题应为本社区的另一条问题");
    }
    duplicateOf = original.id;
  }
  if (input.reason === "not_our_duty") {
    department = trimmed(input.department);
    if (!department) throw new ValidationError("department", "请填写转交的部门");
  }
  const note = trimmed(input.note);
  if (input.reason === "untrue" && !note) throw new ValidationError("note", "请说明不属实的情况");
  const moved = await move(
    db,
    problem,
    "reject",
    { reject_reason: input.reason, duplicate_of_id: duplicateOf, referred_department: department },
    now,
  );
  const why = [
    REJECT_REASON_LABELS[input.reason],
    duplicateOf !== null ? `与问题#${duplicateOf}重复` : null,
    department ? `已转交${department}` : null,
    note,
  ]
    .filter(Boolean)
    .join("；");
  await insertStep(db, {
    problemId: problem.id,
    action: "reject",
    from: problem.state,
    to: moved.to,
    actorId: session.user.id,
    note: why,
    at: now.toISOString(),
  });
  await recordAudit(
    db,
    session,
    {
      action: "problem.reject",
      targetType: "problem",
      targetId: problem.id,
      orgUnitId: problem.community_id,
      before: { state: problem.state },
      after: {
        state: moved.to,
        rejectReason: input.reason,
        duplicateOfId: duplicateOf,
        department,
        reason: note,
      },
    },
    now,
  );
  await tellReporter(
    db,
    problem,
    session.user.id,
    { kind: "problem_rejected", title: "您反映的问题未予受理", body: `原因：${why}`, event: "reject" },
    now,
  );
  return { version: moved.version };
}

export interface SubmitInput {
  id: number;
  version?: number | undefined;
  note: string;
  photos: number[];
}

/** 整改上报: the 责任人 reports it fixed, with 1–9 photos after and a note: 整改中 → 待复查. */
export async function submitRectification(
  db: Db,
  session: AuthSession,
  input: SubmitInput,
  now = new Date(),
) {
  const problem = await loadProblem(db, input.id);
  if (problem.assignee_user_id !== session.user.id) {
    if (!(await canAt(db, session, "problem.handle", problem)))
      throw new ForbiddenError("该问题不在您负责的范围内");
    throw new ForbiddenError("只有该问题的责任人可以上报整改结果");
  }
  assertVersion(problem, input.version);
  problemTransition(problem.state, "submit");
  if (input.photos.length === 0) throw new ValidationError("photos", "请至少上传1张整改后的照片");
  if (input.photos.length > MAX_PHOTOS) throw new ValidationError("photos", `最多上传${MAX_PHOTOS}张照片`);
  const note = input.note.trim();
  if (!note) throw new ValidationError("note", "请填写整改情况");
  const moved = await move(db, problem, "submit", {}, now);
  const stepId = await insertStep(db, {
    problemId: problem.id,
    action: "submit",
    from: problem.state,
    to: moved.to,
    actorId: session.user.id,
    note,
    at: now.toISOString(),
  });
  await attachStepPhotos(db, session, stepId, input.photos);
  await recordAudit(
    db,
    session,
    {
      action: "problem.submit",
      targetType: "problem",
      targetId: problem.id,
      orgUnitId: problem.community_id,
      before: { state: problem.state },
      after: { state: moved.to, note },
    },
    now,
  );
  // Whoever dispatched it last is asked to 复查 (anyone else with the right may do it too).
  const dispatcher = await lastActor(db, problem.id, ["dispatch", "reassign"]);
  await tellStaff(
    db,
    [dispatcher],
    session.user.id,
    problem,
    {
      kind: "problem_review",
      title: "有问题待复查",
      body: "责任人已上报整改结果，请复查。",
      event: `submit:${moved.version}`,
    },
    now,
  );
  return { version: moved.version };
}

export interface ReviewInput {
  id: number;
  version?: number | undefined;
  decision: "approve" | "return";
  note?: string | null | undefined;
}

/** 复查, by someone other than the 责任人: 复查通过 → 已办结, or 退回 → 整改中 with the reason. */
export async function reviewProblem(db: Db, session: AuthSession, input: ReviewInput, now = new Date()) {
  const problem = await problemFor(db, session, input.id, "problem.handle");
  assertVersion(problem, input.version);
  problemTransition(problem.state, input.decision);
  if (problem.assignee_user_id === session.user.id) {
    throw new ForbiddenError("不能复查自己整改的问题，请由责任人以外的工作人员复查");
  }
  const note = trimmed(input.note);
  if (input.decision === "return" && !note) throw new ValidationError("note", "请填写退回原因");
  const at = now.toISOString();
  const moved = await move(
    db,
    problem,
    input.decision,
    input.decision === "approve" ? { closed_at: at } : {},
    now,
  );
  await insertStep(db, {
    problemId: problem.id,
    action: input.decision,
    from: problem.state,
    to: moved.to,
    actorId: session.user.id,
    note,
    at,
  });
  await recordAudit(
    db,
    session,
    {
      action: input.decision === "approve" ? "problem.close" : "problem.return",
      targetType: "problem",
      targetId: problem.id,
      orgUnitId: problem.community_id,
      before: { state: problem.state },
      after: { state: moved.to, ...(note ? { reason: note } : {}) },
    },
    now,
  );
  if (input.decision === "approve") {
    await tellReporter(
      db,
      problem,
      session.user.id,
      {
        kind: "problem_done",
        title: "您反映的问题已办结",
        body: "问题已整改完毕，欢迎查看整改前后的照片并评价。",
        event: `close:${moved.version}`,
      },
      now,
    );
  } else {
    await tellStaff(
      db,
      [problem.assignee_user_id],
      session.user.id,
      problem,
      {
        kind: "problem_returned",
        title: "整改结果被退回",
        body: `退回原因：${note}`,
        event: `return:${moved.version}`,
      },
      now,
    );
  }
  return { version: moved.version };
}
