import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { attachFiles, filesOf, type PhotoRef } from "../files/files-service.js";
import { problemScope, type ProblemScope } from "./problem-scope.js";
import { MAX_PHOTOS } from "./rules.js";

// A problem's photos hang on its timeline steps (files of owner_type 'problem_step'): the 上报 step
// carries the photos before, each 整改上报 step the photos after.

/** Attaches the actor's uploads to a step, in the procedure's transaction (refused on the field `photos`). */
export async function attachStepPhotos(
  db: Db,
  session: AuthSession,
  stepId: number,
  fileIds: readonly number[],
) {
  if (fileIds.length === 0) return [];
  return attachFiles(db, {
    fileIds,
    ownerType: "problem_step",
    ownerId: stepId,
    actorUserId: session.user.id,
    max: MAX_PHOTOS,
  });
}

export function photosOfSteps(db: Db, stepIds: readonly number[]): Promise<Map<number, PhotoRef[]>> {
  return filesOf(db, "problem_step", stepIds);
}

/**
 * The before and after photos of each problem: before from its 上报 step, after from its latest
 * 整改上报 (what the 复查 accepted, or is looking at).
 */
export async function beforeAfterPhotos(db: Db, problemIds: readonly number[]) {
  const out = new Map<number, { before: PhotoRef[]; after: PhotoRef[] }>();
  const ids = [...new Set(problemIds)];
  for (const id of ids) out.set(id, { before: [], after: [] });
  if (ids.length === 0) return out;
  const steps = await db
    .selectFrom("problem_step")
    .select(["id", "problem_id", "action"])
    .where("problem_id", "in", ids)
    .where("action", "in", ["report", "submit"])
    .orderBy("problem_id")
    .orderBy("id")
    .execute();
  // The first 上报 and the last 整改上报 of each problem.
  const beforeStep = new Map<number, number>();
  const afterStep = new Map<number, number>();
  for (const s of steps) {
    if (s.action === "report" && !beforeStep.has(s.problem_id)) beforeStep.set(s.problem_id, s.id);
    if (s.action === "submit") afterStep.set(s.problem_id, s.id);
  }
  const photos = await photosOfSteps(db, [...beforeStep.values(), ...afterStep.values()]);
  for (const id of ids) {
    const before = beforeStep.get(id);
    const after = afterStep.get(id);
    out.set(id, {
      before: before === undefined ? [] : (photos.get(before) ?? []),
      after: after === undefined ? [] : (photos.get(after) ?? []),
    });
  }
  return out;
}

function inProblemScope(scope: ProblemScope, p: { community_id: number; courtyard_id: number }) {
  return (
    scope === "all" || scope.communities.includes(p.community_id) || scope.courtyards.includes(p.courtyard_id)
  );
}

/**
 * The file-access rule of 'problem_step' (registered in src/file-access.ts): which steps' photos the
 * session may see. Anyone, logged in or not, those of a problem an admin published (solved, on the
 * portal's feed); the reporter and the 责任人 those of their problem; staff those of the problems they reach.
 */
export async function problemStepsVisibleTo(
  db: Db,
  session: AuthSession | null,
  stepIds: number[],
): Promise<Set<number>> {
  if (stepIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("problem_step")
    .innerJoin("problem", "problem.id", "problem_step.problem_id")
    .select([
      "problem_step.id",
      "problem.community_id",
      "problem.courtyard_id",
      "problem.reporter_user_id",
      "problem.assignee_user_id",
      "problem.published",
      "problem.state",
    ])
    .where("problem_step.id", "in", stepIds)
    .execute();
  const visible = new Set<number>();
  let scope: ProblemScope | undefined;
  for (const r of rows) {
    if (r.published === 1 && r.state === "closed") visible.add(r.id);
    else if (
      session !== null &&
      (r.reporter_user_id === session.user.id || r.assignee_user_id === session.user.id)
    )
      visible.add(r.id);
    else if (session !== null) {
      scope ??= await problemScope(db, session, "problem.handle");
      if (inProblemScope(scope, r)) visible.add(r.id);
    }
  }
  return visible;
}
