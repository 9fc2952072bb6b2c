import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import { can, communityOf } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { enabledCategory } from "./problem-categories.js";
import { attachStepPhotos } from "./problem-photos.js";
import { insertStep, trimmed } from "./problem-steps.js";
import { MAX_PHOTOS, type ProblemCategory, type ProblemSource } from "./rules.js";

// Filing a problem: 随手拍 by a resident in their own 社区, 巡查 by a grid worker in their 网格, 督查 and
// 转办 by the 社区's admins. Each starts 待受理 with a 上报 step carrying the photos before.

export interface ProblemFields {
  courtyardId: number;
  buildingId?: number | null | undefined;
  place?: string | null | undefined;
  description: string;
  category: ProblemCategory;
  photos: number[];
}

export interface StaffProblemInput extends ProblemFields {
  source: Exclude<ProblemSource, "snapshot">;
  referralOrigin?: string | null | undefined;
}

/** The 楼院 (and 楼栋) a problem is filed at, and the 社区 they lie in; wrong kinds are refused by field. */
async function placeOf(db: Db, input: Pick<ProblemFields, "courtyardId" | "buildingId">) {
  const courtyard = await db
    .selectFrom("org_unit")
    .select(["id", "kind"])
    .where("id", "=", input.courtyardId)
    .executeTakeFirst();
  if (!courtyard || courtyard.kind !== "courtyard")
    throw new ValidationError("courtyardId", "请选择问题所在的楼院");
  const communityId = await communityOf(db, courtyard.id);
  if (communityId === null) throw new ValidationError("courtyardId", "该楼院不属于任何社区");
  if (input.buildingId) {
    const building = await db
      .selectFrom("org_unit")
      .select(["kind", "parent_id"])
      .where("id", "=", input.buildingId)
      .executeTakeFirst();
    if (!building || building.kind !== "building" || building.parent_id !== courtyard.id) {
      throw new ValidationError("buildingId", "所选楼栋不在该楼院内");
    }
  }
  return { courtyardId: courtyard.id, communityId };
}

function assertPhotoCount(input: { photos: number[] }, required: boolean) {
  if (required && input.photos.length === 0) throw new ValidationError("photos", "请至少上传1张问题照片");
  if (input.photos.length > MAX_PHOTOS) throw new ValidationError("photos", `最多上传${MAX_PHOTOS}张照片`);
}

async function insertProblem(
  db: Db,
  session: AuthSession,
  input: ProblemFields & { source: ProblemSource; referralOrigin?: string | null | undefined },
  communityId: number,
  now: Date,
) {
  const category = await enabledCategory(db, communityId, input.category);
  const at = now.toISOString();
  const row = await db
    .insertInto("problem")
    .values({
      community_id: communityId,
      courtyard_id: input.courtyardId,
      building_id: input.buildingId ?? null,
      place: trimmed(input.place),
      description: input.description.trim(),
      category: input.category,
      source: input.source,
      referral_origin: input.source === "referral" ? trimmed(input.referralOrigin) : null,
      reporter_user_id: session.user.id,
      state: "pending",
      assignee_user_id: null,
      deadline: null,
      duplicate_of_id: null,
      reject_reason: null,
      referred_department: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      published_at: null,
      created_at: at,
      updated_at: at,
      closed_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const stepId = await insertStep(db, {
    problemId: row.id,
    action: "report",
    from: null,
    to: "pending",
    actorId: session.user.id,
    note: null,
    at,
  });
  await attachStepPhotos(db, session, stepId, input.photos);
  return { id: row.id, categoryLabel: category.label };
}

/** 随手拍: a resident reports a problem in a 楼院 of their own (registered) 社区, with 1–9 photos. */
export async function reportProblem(db: Db, session: AuthSession, input: ProblemFields, now = new Date()) {
  const own = session.user.communityId;
  if (own === null) throw new ForbiddenError("请先登记您所在的社区，再随手拍");
  const place = await placeOf(db, input);
  if (place.communityId !== own) throw new ValidationError("courtyardId", "只能上报本社区楼院的问题");
  assertPhotoCount(input, true);
  const { id } = await insertProblem(db, session, { ...input, source: "snapshot" }, place.communityId, now);
  return { id };
}

/**
 * 巡查 by a grid worker in a 楼院 of their 网格; 督查 and 转办 (with where it came from, e.g. a 12345
 * 工单号) by the 社区's admins, who may file any of the three. A 转办 may arrive without a photo.
 */
export async function createStaffProblem(
  db: Db,
  session: AuthSession,
  input: StaffProblemInput,
  now = new Date(),
) {
  const place = await placeOf(db, input);
  if (!(await can(db, session, "problem.handle", place.courtyardId))) {
    throw new ForbiddenError("只能在您负责的楼院登记问题");
  }
  if (input.source !== "patrol" && !(await can(db, session, "problem.manage", place.communityId))) {
    throw new ValidationError("source", "网格员登记的问题来源应为巡查");
  }
  assertPhotoCount(input, input.source !== "referral");
  const { id, categoryLabel } = await insertProblem(db, session, input, place.communityId, now);
  await recordAudit(
    db,
    session,
    {
      action: "problem.create",
      targetType: "problem",
      targetId: id,
      orgUnitId: place.communityId,
      after: { category: categoryLabel, source: input.source, courtyardId: place.courtyardId },
    },
    now,
  );
  return { id };
}
