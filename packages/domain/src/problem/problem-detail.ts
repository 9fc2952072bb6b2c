import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { maskMobile } from "../auth/rules.js";
import { chinaToday } from "../time.js";
import { canAt, problemFor } from "./problem-scope.js";
import { problemRows } from "./problem-list.js";
import { beforeAfterPhotos, photosOfSteps } from "./problem-photos.js";
import { problemNextActions } from "./rules.js";

// One problem as the console's detail drawer shows it: the row, who reported it, its timeline with the
// photos of each step, and the actions the caller may take now.

export async function problemDetail(db: Db, session: AuthSession, id: number, now = new Date()) {
  const problem = await problemFor(db, session, id, "problem.handle");
  const [row] = await problemRows(db, [problem.id], chinaToday(now));
  const manages = await canAt(db, session, "problem.manage", problem);
  const handles = await canAt(db, session, "problem.handle", problem);
  const reporter =
    problem.reporter_user_id === null
      ? null
      : await db
          .selectFrom("user")
          .select(["name", "mobile", "deleted_at"])
          .where("id", "=", problem.reporter_user_id)
          .executeTakeFirst();
  const duplicateOf =
    problem.duplicate_of_id === null
      ? null
      : await db
          .selectFrom("problem")
          .select(["id", "description", "state"])
          .where("id", "=", problem.duplicate_of_id)
          .executeTakeFirst();
  const steps = await db
    .selectFrom("problem_step")
    .leftJoin("user as actor", "actor.id", "problem_step.actor_user_id")
    .leftJoin("user as assignee", "assignee.id", "problem_step.assignee_user_id")
    .select([
      "problem_step.id",
      "problem_step.action",
      "problem_step.from_state",
      "problem_step.to_state",
      "problem_step.note",
      "problem_step.deadline",
      "problem_step.rating",
      "problem_step.created_at",
      "problem_step.actor_user_id",
      "actor.name as actor_name",
      "actor.deleted_at as actor_deleted_at",
      "assignee.name as assignee_name",
      "assignee.deleted_at as assignee_deleted_at",
    ])
    .where("problem_step.problem_id", "=", problem.id)
    .orderBy("problem_step.id")
    .execute();
  const stepPhotos = await photosOfSteps(
    db,
    steps.map((s) => s.id),
  );
  const photos = (await beforeAfterPhotos(db, [problem.id])).get(problem.id)!;
  const nameOf = (name: string | null, deletedAt: string | null) =>
    name === null ? null : deletedAt === null ? name : "（已注销）";
  // Who sent in a 随手拍 is told to those who manage the 社区 (to call back), not to the grid worker
  // sent to fix it: a resident reporting a neighbour's 飞线充电 should not fear being known for it.
  const hideReporter = problem.source === "snapshot" && !manages;
  const actorOf = (s: {
    actor_user_id: number | null;
    actor_name: string | null;
    actor_deleted_at: string | null;
  }) =>
    hideReporter && s.actor_user_id !== null && s.actor_user_id === problem.reporter_user_id
      ? "居民"
      : nameOf(s.actor_name, s.actor_deleted_at);
  return {
    ...row!,
    referralOrigin: problem.referral_origin,
    // Staff see which colleague filed a 巡查; a resident's name and number only those who manage the 社区.
    reporter:
      hideReporter || reporter === undefined || reporter === null || reporter.deleted_at !== null
        ? null
        : { name: reporter.name, mobile: manages ? reporter.mobile : maskMobile(reporter.mobile) },
    duplicateOf: duplicateOf
      ? { id: duplicateOf.id, description: duplicateOf.description, state: duplicateOf.state }
      : null,
    rejectReason: problem.reject_reason,
    referredDepartment: problem.referred_department,
    rating: problem.rating,
    ratingComment: problem.rating_comment,
    ratedAt: problem.rated_at,
    reopenedOnce: problem.reopened_once === 1,
    publishedAt: problem.published_at,
    beforePhotos: photos.before,
    afterPhotos: photos.after,
    steps: steps.map((s) => ({
      id: s.id,
      action: s.action,
      fromState: s.from_state,
      toState: s.to_state,
      actorName: actorOf(s),
      note: s.note,
      assigneeName: nameOf(s.assignee_name, s.assignee_deleted_at),
      deadline: s.deadline,
      rating: s.rating,
      createdAt: s.created_at,
      photos: stepPhotos.get(s.id) ?? [],
    })),
    nextActions: problemNextActions(
      { state: problem.state, assigneeUserId: problem.assignee_user_id },
      { userId: session.user.id, manages, handles },
    ),
    canPublish: manages && problem.state === "closed",
  };
}
