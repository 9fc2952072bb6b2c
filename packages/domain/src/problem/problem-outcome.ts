import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { recordAudit } from "../audit/audit-service.js";
import { loadProblem, problemFor } from "./problem-scope.js";
import { guardedUpdate, insertStep, lastActor, move, tellStaff, trimmed } from "./problem-steps.js";
import { ratingOutcome, type ProblemRating } from "./rules.js";

// After 办结: the reporter's rating (不满意 sends it back to 待复查, once) and the admin's choice to
// show it in the portal's feed of solved problems.

export interface RateInput {
  id: number;
  rating: ProblemRating;
  comment?: string | null | undefined;
}

/**
 * The reporter rates a 办结 problem. 不满意 sends it back to 待复查, once (reopened_once): it leaves the
 * portal's feed, and once closed again the reporter may rate the new outcome. The rating stays in the
 * timeline either way.
 */
export async function rateProblem(db: Db, session: AuthSession, input: RateInput, now = new Date()) {
  const problem = await loadProblem(db, input.id);
  if (problem.reporter_user_id !== session.user.id) throw new NotFoundError("问题不存在");
  if (problem.state !== "closed") throw new ConflictError("问题办结后才能评价");
  if (problem.rating !== null) throw new ConflictError("您已评价过该问题");
  const comment = trimmed(input.comment);
  const at = now.toISOString();
  const step = { problemId: problem.id, actorId: session.user.id, note: comment, at };
  if (ratingOutcome(input.rating, problem.reopened_once === 1) === "keep") {
    const version = await guardedUpdate(
      db,
      problem,
      { rating: input.rating, rating_comment: comment, rated_at: at },
      now,
    );
    await insertStep(db, {
      ...step,
      action: "rate",
      from: problem.state,
      to: problem.state,
      rating: input.rating,
    });
    return { state: problem.state, reopened: false, version };
  }
  const moved = await move(
    db,
    problem,
    "reopen",
    {
      rating: null,
      rating_comment: null,
      rated_at: null,
      reopened_once: 1,
      closed_at: null,
      published: 0,
      published_at: null,
    },
    now,
  );
  await insertStep(db, {
    ...step,
    action: "rate",
    from: problem.state,
    to: problem.state,
    rating: input.rating,
  });
  await insertStep(db, { ...step, action: "reopen", from: problem.state, to: moved.to });
  const reviewer = await lastActor(db, problem.id, ["approve"]);
  await tellStaff(
    db,
    [reviewer],
    session.user.id,
    problem,
    {
      kind: "problem_review",
      title: "居民对整改结果不满意",
      body: "该问题已回到待复查，请重新复查。",
      event: `reopen:${moved.version}`,
    },
    now,
  );
  return { state: moved.to, reopened: true, version: moved.version };
}

/** Shows (or takes off) a 办结 problem in the portal's feed of solved problems; admins of its 社区. */
export async function setPublished(
  db: Db,
  session: AuthSession,
  input: { id: number; published: boolean },
  now = new Date(),
) {
  const problem = await problemFor(db, session, input.id, "problem.manage");
  if (input.published && problem.state !== "closed") throw new ConflictError("只有已办结的问题可以公开展示");
  if ((problem.published === 1) === input.published) return { published: input.published };
  await db
    .updateTable("problem")
    .set({ published: input.published ? 1 : 0, published_at: input.published ? now.toISOString() : null })
    .where("id", "=", problem.id)
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: input.published ? "problem.publish" : "problem.unpublish",
      targetType: "problem",
      targetId: problem.id,
      orgUnitId: problem.community_id,
      before: { published: problem.published === 1 },
      after: { published: input.published },
    },
    now,
  );
  return { published: input.published };
}
