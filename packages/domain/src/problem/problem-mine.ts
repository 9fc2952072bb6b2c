import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { NotFoundError } from "../errors.js";
import { chinaToday } from "../time.js";
import { labelLookup } from "./problem-categories.js";
import { beforeAfterPhotos } from "./problem-photos.js";
import { isOverdue, type ProblemStepAction } from "./rules.js";
import type { Paging } from "./problem-list.js";

// 我的随手拍: what a resident reported, as the portal shows it to them. Staff appear as 社区工作人员,
// never by name; the internal back-and-forth (改派, a 退回's reason) stays in the console.

/** Steps the reporter follows, and whether their note is meant for the reporter. */
const SHOWN: Partial<Record<ProblemStepAction, { note: boolean }>> = {
  report: { note: false },
  dispatch: { note: false },
  reject: { note: true },
  submit: { note: true },
  return: { note: false },
  approve: { note: true },
  rate: { note: true },
  reopen: { note: false },
};

async function ownRows(db: Db, session: AuthSession, ids: number[] | null, paging: Paging | null) {
  let q = db
    .selectFrom("problem")
    .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
    .leftJoin("org_unit as building", "building.id", "problem.building_id")
    .select([
      "problem.id",
      "problem.version",
      "problem.community_id",
      "problem.courtyard_id",
      "courtyard.name as courtyard_name",
      "building.name as building_name",
      "problem.place",
      "problem.description",
      "problem.category",
      "problem.source",
      "problem.state",
      "problem.deadline",
      "problem.created_at",
      "problem.closed_at",
      "problem.reject_reason",
      "problem.referred_department",
      "problem.rating",
      "problem.rating_comment",
      "problem.reopened_once",
    ])
    .where("problem.reporter_user_id", "=", session.user.id);
  if (ids) q = q.where("problem.id", "in", ids);
  q = q.orderBy("problem.created_at", "desc").orderBy("problem.id", "desc");
  if (paging) q = q.limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize);
  const rows = await q.execute();
  const labelOf = await labelLookup(
    db,
    rows.map((r) => r.community_id),
  );
  const photos = await beforeAfterPhotos(
    db,
    rows.map((r) => r.id),
  );
  const today = chinaToday();
  return rows.map((r) => {
    const p = photos.get(r.id)!;
    return {
      id: r.id,
      version: r.version,
      courtyardId: r.courtyard_id,
      courtyardName: r.courtyard_name,
      buildingName: r.building_name,
      place: r.place,
      description: r.description,
      category: r.category,
      categoryLabel: labelOf(r.community_id, r.category),
      source: r.source,
      state: r.state,
      deadline: r.deadline,
      overdue: isOverdue(r, today),
      createdAt: r.created_at,
      closedAt: r.closed_at,
      rejectReason: r.reject_reason,
      referredDepartment: r.referred_department,
      rating: r.rating,
      ratingComment: r.rating_comment,
      /** rating is open: 办结 and not yet rated */
      canRate: r.state === "closed" && r.rating === null,
      reopenedOnce: r.reopened_once === 1,
      beforePhotos: p.before,
      // The photos after are shown once the 复查 accepted them.
      afterPhotos: r.state === "closed" ? p.after : [],
    };
  });
}

/** 我的随手拍: the caller's own reports (any source they filed), newest first. */
export async function myProblems(db: Db, session: AuthSession, paging: Paging) {
  const total = await db
    .selectFrom("problem")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("reporter_user_id", "=", session.user.id)
    .executeTakeFirstOrThrow();
  const items = await ownRows(db, session, null, paging);
  return {
    total: Number(total.n),
    items: items.map(({ beforePhotos, afterPhotos, ...rest }) => ({
      ...rest,
      thumb: beforePhotos[0] ?? null,
      hasAfter: afterPhotos.length > 0,
    })),
  };
}

/** One of the caller's own reports with its progress; anyone else's is "not found". */
export async function myProblemDetail(db: Db, session: AuthSession, id: number) {
  const [row] = await ownRows(db, session, [id], null);
  if (!row) throw new NotFoundError("问题不存在");
  const steps = await db
    .selectFrom("problem_step")
    .select(["id", "action", "to_state", "actor_user_id", "note", "deadline", "rating", "created_at"])
    .where("problem_id", "=", id)
    .orderBy("id")
    .execute();
  return {
    ...row,
    steps: steps.flatMap((s) => {
      const shown = SHOWN[s.action];
      if (!shown) return [];
      return [
        {
          id: s.id,
          action: s.action,
          toState: s.to_state,
          actor: s.actor_user_id === session.user.id ? ("me" as const) : ("staff" as const),
          note: shown.note ? s.note : null,
          deadline: s.action === "dispatch" ? s.deadline : null,
          rating: s.rating,
          createdAt: s.created_at,
        },
      ];
    }),
  };
}
