import type { Db } from "../db/open-database.js";

// What other features show for activities and sign-ups (the 操作日志 names the subject of each row).

export async function activityTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("activity")
    .select(["id", "title"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** Whose sign-up for which activity each sign-up is. */
export async function signupParties(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { volunteerId: number; activityId: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("activity_signup")
    .select(["id", "volunteer_id", "activity_id"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { volunteerId: r.volunteer_id, activityId: r.activity_id }]));
}
