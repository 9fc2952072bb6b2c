import type { Db } from "../db/open-database.js";

// Figures other features show about activities (the console's 工作台).

const inScope = (communityIds: "all" | readonly number[]) =>
  communityIds === "all" || communityIds.length > 0;

/**
 * Published activities of the given 社区 taking place between `from` and `to` (any overlap), earliest
 * first, with how many are signed up and how many have checked in.
 */
export async function activitiesBetween(
  db: Db,
  communityIds: "all" | readonly number[],
  from: string,
  to: string,
) {
  if (!inScope(communityIds)) return [];
  let q = db
    .selectFrom("activity")
    .innerJoin("org_unit as community", "community.id", "activity.community_id")
    .leftJoin("org_unit as place", "place.id", "activity.place_unit_id")
    .select([
      "activity.id",
      "activity.title",
      "activity.kind",
      "activity.starts_at",
      "activity.ends_at",
      "activity.capacity",
      "activity.signed_count",
      "activity.place_text",
      "place.name as place_name",
      "community.name as community_name",
      (eb) =>
        eb
          .selectFrom("activity_signup")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("activity_signup.activity_id", "=", "activity.id")
          .where("activity_signup.status", "=", "signed")
          .where("activity_signup.check_in_at", "is not", null)
          .as("checked_in"),
    ])
    .where("activity.status", "=", "published")
    .where("activity.starts_at", "<", to)
    .where("activity.ends_at", ">", from);
  if (communityIds !== "all") q = q.where("activity.community_id", "in", [...communityIds]);
  // id decides between activities starting at the same time (PostgreSQL returns ties in any order).
  const rows = await q.orderBy("activity.starts_at").orderBy("activity.id").limit(50).execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place_text ?? r.place_name ?? "",
    communityName: r.community_name,
    capacity: r.capacity,
    signedCount: r.signed_count,
    checkedIn: Number(r.checked_in ?? 0),
  }));
}

/**
 * Hours waiting for the organiser's confirmation (签退 done, 待确认) in the given 社区: the number of
 * people, and the activities they are in (most recent first, the first `limit`).
 */
export async function pendingHours(db: Db, communityIds: "all" | readonly number[], limit = 10) {
  if (!inScope(communityIds)) return { total: 0, activities: [] };
  let q = db
    .selectFrom("activity_signup")
    .innerJoin("activity", "activity.id", "activity_signup.activity_id")
    .select(["activity.id", "activity.title", "activity.starts_at", (eb) => eb.fn.countAll<number>().as("n")])
    .where("activity_signup.status", "=", "signed")
    .where("activity_signup.hours_status", "=", "pending")
    .where("activity.status", "=", "published");
  if (communityIds !== "all") q = q.where("activity.community_id", "in", [...communityIds]);
  const rows = await q
    .groupBy(["activity.id", "activity.title", "activity.starts_at"])
    .orderBy("activity.starts_at", "desc")
    .orderBy("activity.id", "desc")
    .execute();
  return {
    total: rows.reduce((sum, r) => sum + Number(r.n), 0),
    activities: rows
      .slice(0, limit)
      .map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at, count: Number(r.n) })),
  };
}
