import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { maskMobile } from "../auth/rules.js";
import { can } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { signToken, verifyToken, type DataKeys } from "../secrets/data-keys.js";
import { activityInScope } from "./activity-service.js";
import { addConfirmedMinutes } from "../volunteer/volunteer-service.js";
import { myRegisteredVolunteer } from "./signup-service.js";
import {
  QR_TOKEN_TTL_MS,
  RESCAN_GAP_MS,
  activityMaxMinutes,
  checkInWindow,
  checkOutWindow,
  hoursTransition,
  serviceMinutes,
} from "./rules.js";

/** The organiser's roster of an activity: who signed up, when they came and went, and their hours. */
export async function activityRoster(db: Db, session: AuthSession, activityId: number) {
  const activity = await activityInScope(db, session, activityId, "activity.checkin");
  const seesMobiles = await can(db, session, "volunteer.manage", activity.community_id);
  const rows = await db
    .selectFrom("activity_signup")
    .innerJoin("volunteer", "volunteer.id", "activity_signup.volunteer_id")
    .select([
      "activity_signup.id",
      "volunteer.id as volunteerId",
      "volunteer.name",
      "volunteer.mobile",
      "activity_signup.status",
      "activity_signup.signed_at",
      "activity_signup.check_in_at",
      "activity_signup.check_out_at",
      "activity_signup.minutes",
      "activity_signup.hours_status",
      "activity_signup.confirmed_minutes",
      "activity_signup.adjust_reason",
    ])
    .where("activity_signup.activity_id", "=", activity.id)
    .orderBy("activity_signup.signed_at")
    .orderBy("activity_signup.id")
    .execute();
  return rows.map((r) => ({
    signupId: r.id,
    volunteerId: r.volunteerId,
    name: r.name ?? "（已注销）",
    // The 社区's admins may call a no-show; a grid worker checking people in sees the number masked.
    mobile: r.mobile ? (seesMobiles ? r.mobile : maskMobile(r.mobile)) : "",
    status: r.status,
    signedAt: r.signed_at,
    checkInAt: r.check_in_at,
    checkOutAt: r.check_out_at,
    minutes: r.minutes,
    hoursStatus: r.hours_status,
    confirmedMinutes: r.confirmed_minutes,
    adjustReason: r.adjust_reason,
  }));
}

async function attend(db: Db, signupId: number, kind: "in" | "out", now: Date) {
  const row = await db
    .selectFrom("activity_signup")
    .innerJoin("activity", "activity.id", "activity_signup.activity_id")
    .select([
      "activity_signup.id",
      "activity_signup.status",
      "activity_signup.check_in_at",
      "activity_signup.check_out_at",
      "activity_signup.hours_status",
      "activity.starts_at",
      "activity.ends_at",
      "activity.status as activity_status",
    ])
    .where("activity_signup.id", "=", signupId)
    .executeTakeFirst();
  if (!row || row.status !== "signed") throw new NotFoundError("报名记录不存在或已取消");
  if (row.activity_status !== "published") throw new ValidationError("activityId", "活动已取消");
  const times = { startsAt: row.starts_at, endsAt: row.ends_at };
  if (kind === "in") {
    if (row.check_in_at) throw new ConflictError("已签到");
    if (checkInWindow(times, now).state !== "open") {
      throw new ValidationError("activityId", "不在签到时间内（活动开始前1小时至结束）");
    }
    await db.updateTable("activity_signup").set({ check_in_at: now.toISOString() }).where("id", "=", row.id).execute();
    return { checkInAt: now.toISOString(), minutes: null };
  }
  if (!row.check_in_at) throw new ValidationError("activityId", "尚未签到，不能签退");
  if (checkOutWindow(times, now).state === "after") throw new ValidationError("activityId", "已超过签退时间，请联系组织者补录");
  const hoursStatus = hoursTransition(row.hours_status, "checkout");
  const minutes = serviceMinutes(row.check_in_at, now.toISOString(), row.starts_at, row.ends_at);
  await db
    .updateTable("activity_signup")
    .set({ check_out_at: now.toISOString(), minutes, hours_status: hoursStatus })
    .where("id", "=", row.id)
    .execute();
  return { checkInAt: row.check_in_at, minutes };
}

/** Check-in or check-out by the organiser from the roster. */
export async function organiserAttend(
  db: Db,
  session: AuthSession,
  input: { signupId: number; kind: "in" | "out" },
  now = new Date(),
) {
  const signup = await db.selectFrom("activity_signup").select("activity_id").where("id", "=", input.signupId).executeTakeFirst();
  if (!signup) throw new NotFoundError("报名记录不存在");
  await activityInScope(db, session, signup.activity_id, "activity.checkin");
  return attend(db, input.signupId, input.kind, now);
}

/** The activity's QR code token: signed, and valid for a few minutes. */
export async function qrToken(db: Db, keys: DataKeys, session: AuthSession, activityId: number, now = new Date()) {
  const activity = await activityInScope(db, session, activityId, "activity.checkin");
  const expiresAt = new Date(now.getTime() + QR_TOKEN_TTL_MS);
  return { token: signToken(keys, { a: activity.id }, expiresAt), expiresAt: expiresAt.toISOString() };
}

/** A volunteer scanned the QR code: check in, or out if already in. */
export async function scanQr(db: Db, keys: DataKeys, session: AuthSession, token: string, now = new Date()) {
  const payload = verifyToken(keys, token, now);
  if (!payload || typeof payload.a !== "number") throw new ValidationError("token", "二维码无效或已过期，请重新扫码");
  const volunteer = await myRegisteredVolunteer(db, session);
  const signup = await db
    .selectFrom("activity_signup")
    .select(["id", "check_in_at"])
    .where("activity_id", "=", payload.a)
    .where("volunteer_id", "=", volunteer.id)
    .where("status", "=", "signed")
    .executeTakeFirst();
  if (!signup) throw new ValidationError("token", "您没有报名该活动");
  const kind: "in" | "out" = signup.check_in_at ? "out" : "in";
  // A second scan straight after the first is a double tap, not a check-out.
  if (signup.check_in_at && now.getTime() - Date.parse(signup.check_in_at) < RESCAN_GAP_MS) {
    throw new ValidationError("token", "您已签到，活动结束时再扫码签退");
  }
  return { activityId: payload.a, kind, ...(await attend(db, signup.id, kind, now)) };
}

/** The organiser confirms hours, or adjusts them with a reason; only confirmed hours count. */
export async function confirmHours(
  db: Db,
  session: AuthSession,
  input: { signupIds: number[]; minutes?: number | undefined; reason?: string | undefined },
  now = new Date(),
) {
  const adjusting = input.minutes !== undefined;
  if (adjusting && !input.reason?.trim()) throw new ValidationError("reason", "调整时长需填写原因");
  if (adjusting && input.signupIds.length !== 1) throw new ValidationError("signupIds", "调整时长一次只能调整一人");
  for (const signupId of input.signupIds) {
    const row = await db
      .selectFrom("activity_signup")
      .select(["id", "activity_id", "volunteer_id", "status", "check_in_at", "minutes", "hours_status", "confirmed_minutes"])
      .where("id", "=", signupId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError("报名记录不存在");
    const activity = await activityInScope(db, session, row.activity_id, "activity.manage");
    if (row.status !== "signed") throw new ConflictError("该报名已取消，不能确认时长");
    const hoursStatus = hoursTransition(row.hours_status, adjusting ? "adjust" : "confirm", row.check_in_at);
    const minutes = adjusting ? input.minutes! : (row.minutes ?? 0);
    const maxMinutes = activityMaxMinutes(activity.starts_at, activity.ends_at);
    if (minutes > maxMinutes) throw new ValidationError("minutes", `时长不能超过活动时长（${maxMinutes}分钟）`);
    const delta = minutes - (row.confirmed_minutes ?? 0);
    await db
      .updateTable("activity_signup")
      .set({
        hours_status: hoursStatus,
        confirmed_minutes: minutes,
        adjust_reason: adjusting ? input.reason!.trim() : null,
        confirmed_by: session.user.id,
        confirmed_at: now.toISOString(),
      })
      .where("id", "=", row.id)
      .execute();
    await addConfirmedMinutes(db, row.volunteer_id, delta);
    await recordAudit(db, session, {
      action: adjusting ? "activity.adjust_hours" : "activity.confirm_hours",
      targetType: "activity_signup",
      targetId: row.id,
      orgUnitId: activity.community_id,
      before: { hoursStatus: row.hours_status, minutes: row.confirmed_minutes ?? row.minutes },
      after: { hoursStatus, minutes, ...(adjusting ? { reason: input.reason } : {}) },
    }, now);
  }
  return { count: input.signupIds.length };
}
