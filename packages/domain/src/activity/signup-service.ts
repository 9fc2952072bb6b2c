import { sql } from "kysely";
import type { Db } from "../db/open-database.js";
import { lockForTransaction } from "../db/locks.js";
import type { AuthSession } from "../context.js";
import type { SignupStatus } from "../db/database.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { cancelSignup } from "./rules.js";

// Sign-ups: taking a place in an activity and giving it back. Only this file moves activity.signed_count.

/** The caller's volunteer record, which must be 已注册 to sign up or scan a check-in code. */
export async function myRegisteredVolunteer(db: Db, session: AuthSession) {
  const v = await db
    .selectFrom("volunteer")
    .select(["id", "community_id", "status"])
    .where("user_id", "=", session.user.id)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
  if (!v || v.status !== "registered")
    throw new ValidationError("activityId", "请先完成志愿者注册并通过审核");
  return v;
}

/**
 * Takes a place. The place is claimed by one conditional UPDATE (signed_count < capacity), which is
 * atomic in SQLite and PostgreSQL alike, so concurrent sign-ups never exceed capacity.
 */
export async function signUp(db: Db, session: AuthSession, activityId: number, now = new Date()) {
  const volunteer = await myRegisteredVolunteer(db, session);
  const activity = await db
    .selectFrom("activity")
    .selectAll()
    .where("id", "=", activityId)
    .executeTakeFirst();
  if (!activity || activity.status !== "published") throw new NotFoundError("活动不存在或已取消");
  if (activity.community_id !== volunteer.community_id)
    throw new ValidationError("activityId", "只能报名本社区的活动");
  if (now.toISOString() >= activity.starts_at)
    throw new ValidationError("activityId", "活动已开始，不能报名");
  // A double tap: the second sign-up waits for the first and then finds it (PostgreSQL; SQLite runs one at a time).
  await lockForTransaction(db, "signup", `${activity.id}:${volunteer.id}`);
  const existing = await db
    .selectFrom("activity_signup")
    .select(["id", "status"])
    .where("activity_id", "=", activity.id)
    .where("volunteer_id", "=", volunteer.id)
    .executeTakeFirst();
  if (existing?.status === "signed") throw new ValidationError("activityId", "您已报名该活动");
  const claimed = await db
    .updateTable("activity")
    .set({ signed_count: sql`signed_count + 1` })
    .where("id", "=", activity.id)
    .where("signed_count", "<", sql<number>`capacity`)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) throw new ConflictError("名额已满");
  if (existing) {
    await db
      .updateTable("activity_signup")
      .set({ status: "signed", signed_at: now.toISOString(), cancelled_at: null })
      .where("id", "=", existing.id)
      .execute();
    return { signupId: existing.id };
  }
  const row = await db
    .insertInto("activity_signup")
    .values({
      activity_id: activity.id,
      volunteer_id: volunteer.id,
      status: "signed",
      signed_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { signupId: row.id };
}

/** Cancels a signed sign-up (the transition function decides whether it may be) and gives its place back. */
async function releasePlace(
  db: Db,
  signup: { id: number; activityId: number; status: SignupStatus; startsAt: string },
  now: Date,
) {
  const status = cancelSignup(signup.status, signup.startsAt, now);
  await db
    .updateTable("activity_signup")
    .set({ status, cancelled_at: now.toISOString() })
    .where("id", "=", signup.id)
    .execute();
  await db
    .updateTable("activity")
    .set({ signed_count: sql`signed_count - 1` })
    .where("id", "=", signup.activityId)
    .execute();
}

export async function cancelMySignup(db: Db, session: AuthSession, activityId: number, now = new Date()) {
  const volunteer = await myRegisteredVolunteer(db, session);
  // Two cancels at once give the place back once: the second waits, then sees 已取消.
  await lockForTransaction(db, "signup", `${activityId}:${volunteer.id}`);
  const row = await db
    .selectFrom("activity_signup")
    .innerJoin("activity", "activity.id", "activity_signup.activity_id")
    .select(["activity_signup.id", "activity_signup.status", "activity.starts_at"])
    .where("activity_signup.activity_id", "=", activityId)
    .where("activity_signup.volunteer_id", "=", volunteer.id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("您没有报名该活动");
  await releasePlace(db, { id: row.id, activityId, status: row.status, startsAt: row.starts_at }, now);
}

/**
 * Cancels a volunteer's sign-ups for activities that have not started and gives the places back to
 * others; sign-ups of activities that have started keep their check-ins and hours. The volunteer
 * feature calls this when a volunteer withdraws (注销). Returns how many places were released.
 */
export async function releaseUpcomingSignups(db: Db, volunteerId: number, now = new Date()): Promise<number> {
  const upcoming = await db
    .selectFrom("activity_signup")
    .innerJoin("activity", "activity.id", "activity_signup.activity_id")
    .select([
      "activity_signup.id",
      "activity_signup.activity_id as activityId",
      "activity_signup.status",
      "activity.starts_at as startsAt",
    ])
    .where("activity_signup.volunteer_id", "=", volunteerId)
    .where("activity_signup.status", "=", "signed")
    .where("activity.starts_at", ">", now.toISOString())
    .execute();
  for (const signup of upcoming) await releasePlace(db, signup, now);
  return upcoming.length;
}

/** The caller's sign-ups (as a volunteer), keyed by activity. */
export async function mySignups(db: Db, session: AuthSession) {
  return db
    .selectFrom("activity_signup")
    .innerJoin("volunteer", "volunteer.id", "activity_signup.volunteer_id")
    .select([
      "activity_signup.activity_id as activityId",
      "activity_signup.status",
      "activity_signup.check_in_at as checkInAt",
      "activity_signup.check_out_at as checkOutAt",
      "activity_signup.hours_status as hoursStatus",
      "activity_signup.minutes",
      "activity_signup.confirmed_minutes as confirmedMinutes",
    ])
    .where("volunteer.user_id", "=", session.user.id)
    .orderBy("activity_signup.id")
    .execute();
}
