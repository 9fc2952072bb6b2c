import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import { recordAudit } from "../audit/audit-service.js";
import { attachStepPhotos } from "./problem-photos.js";
import { assertVersion, canAt, loadProblem, problemFor } from "./problem-scope.js";
import { insertStep, lastActor, move, tellReporter, tellStaff, trimmed } from "./problem-steps.js";
import { MAX_PHOTOS, REJECT_REASON_LABELS, problemTransition, type RejectReason } from "./rules.js";
import { rectifyEntriesOfProblem } from "../board/board-problems.js";

// What follows 派遣: 不予受理, 整改上报 by the 责任人, 复查 by someone else. Each checks the caller,
// the version they saw and the transition table before it writes anything, then writes the guarded
// update, one timeline step, the audit row and the notices, in the procedure's transaction.

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
    // A 黑榜 entry made from this problem now shows 已整改 (the board's own rule, in this transaction).
    await rectifyEntriesOfProblem(db, problem.id, session.user.id, now);
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
