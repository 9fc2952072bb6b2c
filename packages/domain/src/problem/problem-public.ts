import type { Db } from "../db/open-database.js";
import { NotFoundError } from "../errors.js";
import { chinaToday } from "../time.js";
import { labelLookup } from "./problem-categories.js";
import { beforeAfterPhotos } from "./problem-photos.js";
import { onTimeRate } from "./rules.js";
import { closedOnTimeCount } from "./problem-counts.js";
import type { Paging } from "./problem-list.js";

// What the portal's home shows of a 社区's problems, to anyone: this month's figures and the solved
// problems an admin chose to publish, before and after. Nothing of who reported them or who fixed them.

async function assertCommunity(db: Db, communityId: number) {
  const unit = await db
    .selectFrom("org_unit")
    .select("kind")
    .where("id", "=", communityId)
    .executeTakeFirst();
  if (!unit || unit.kind !== "community") throw new NotFoundError("社区不存在");
}

/** The China calendar month of `now` as an ISO UTC range [from, to). */
function chinaMonth(now: Date) {
  const today = chinaToday(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
  return {
    month: today.slice(0, 7),
    from: new Date(`${today.slice(0, 7)}-01T00:00:00+08:00`).toISOString(),
    to: new Date(`${next}-01T00:00:00+08:00`).toISOString(),
  };
}

/**
 * This month (China time): 受理 (problems filed), 办结 (closed this month) and 按期办结率 (of those,
 * closed by the end of their deadline day), null when nothing was closed yet.
 */
export async function monthFigures(db: Db, communityId: number, now = new Date()) {
  await assertCommunity(db, communityId);
  const { month, from, to } = chinaMonth(now);
  const accepted = await db
    .selectFrom("problem")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("community_id", "=", communityId)
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .executeTakeFirstOrThrow();
  const closed = await db
    .selectFrom("problem")
    .select([(eb) => eb.fn.countAll<number | string>().as("n"), (eb) => closedOnTimeCount(eb).as("on_time")])
    .where("community_id", "=", communityId)
    .where("state", "=", "closed")
    .where("closed_at", ">=", from)
    .where("closed_at", "<", to)
    .executeTakeFirstOrThrow();
  const closedCount = Number(closed.n);
  const onTime = Number(closed.on_time ?? 0);
  return {
    month,
    accepted: Number(accepted.n),
    closed: closedCount,
    onTime,
    onTimeRate: onTimeRate(onTime, closedCount),
  };
}

/** Solved problems an admin published, newest 办结 first, with the photos before and after. */
export async function publishedFeed(db: Db, communityId: number, paging: Paging) {
  await assertCommunity(db, communityId);
  const rows = await db
    .selectFrom("problem")
    .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
    .select([
      "problem.id",
      "problem.category",
      "problem.community_id",
      "courtyard.name as courtyard_name",
      "problem.place",
      "problem.description",
      "problem.created_at",
      "problem.closed_at",
    ])
    .where("problem.community_id", "=", communityId)
    .where("problem.published", "=", 1)
    .where("problem.state", "=", "closed")
    .orderBy("problem.closed_at", "desc")
    .orderBy("problem.id", "desc")
    .limit(paging.pageSize + 1)
    .offset((paging.page - 1) * paging.pageSize)
    .execute();
  const page = rows.slice(0, paging.pageSize);
  const labelOf = await labelLookup(db, [communityId]);
  const photos = await beforeAfterPhotos(
    db,
    page.map((r) => r.id),
  );
  return {
    hasMore: rows.length > paging.pageSize,
    items: page.map((r) => ({
      id: r.id,
      categoryLabel: labelOf(r.community_id, r.category),
      courtyardName: r.courtyard_name,
      place: r.place,
      description: r.description,
      createdAt: r.created_at,
      closedAt: r.closed_at!,
      beforePhotos: photos.get(r.id)!.before,
      afterPhotos: photos.get(r.id)!.after,
    })),
  };
}
