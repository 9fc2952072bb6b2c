import type { Db } from "../db/open-database.js";
import type { ActivityKind } from "../db/database.js";
import { fromJson, toJson } from "../db/json.js";
import type { Skill } from "../volunteer/rules.js";
import type { AuthSession } from "../context.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { assertCan, communityOf, getUnitOrThrow, permissionRoots, permissionScope } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";

export interface ActivityInput {
  communityId: number;
  kind: ActivityKind;
  title: string;
  teamId?: number | null | undefined;
  startsAt: string;
  endsAt: string;
  placeUnitId?: number | null | undefined;
  placeText?: string | null | undefined;
  capacity: number;
  skills: Skill[];
  description?: string | null | undefined;
}

async function checkActivity(db: Db, input: ActivityInput, currentTeamId: number | null = null) {
  if (input.endsAt <= input.startsAt) throw new ValidationError("endsAt", "结束时间应晚于开始时间");
  if (input.teamId) {
    const team = await db.selectFrom("team").select(["community_id", "archived_at"]).where("id", "=", input.teamId).executeTakeFirst();
    if (!team || team.community_id !== input.communityId) throw new ValidationError("teamId", "所选志愿服务队不属于该社区");
    // An activity keeps the team it had when that team is archived later; a new choice must be active.
    if (team.archived_at && input.teamId !== currentTeamId) throw new ValidationError("teamId", "所选志愿服务队已归档，请重新选择");
  }
  if (input.placeUnitId) {
    if ((await communityOf(db, input.placeUnitId)) !== input.communityId) {
      throw new ValidationError("placeUnitId", "活动地点应在本社区内");
    }
  }
  if (!input.placeUnitId && !input.placeText?.trim()) throw new ValidationError("placeText", "请填写活动地点");
}

const columns = (input: ActivityInput) => ({
  kind: input.kind,
  title: input.title,
  team_id: input.teamId ?? null,
  starts_at: input.startsAt,
  ends_at: input.endsAt,
  place_unit_id: input.placeUnitId ?? null,
  place_text: input.placeText?.trim() || null,
  capacity: input.capacity,
  skills: toJson([...new Set(input.skills)]),
  description: input.description ?? null,
});

export async function createActivity(db: Db, session: AuthSession, input: ActivityInput, now = new Date()) {
  const community = await getUnitOrThrow(db, input.communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  await assertCan(db, session, "activity.manage", community.id);
  await checkActivity(db, input);
  const row = await db
    .insertInto("activity")
    .values({
      ...columns(input),
      community_id: community.id,
      status: "published",
      created_by: session.user.id,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(db, session, {
    action: "activity.create",
    targetType: "activity",
    targetId: row.id,
    orgUnitId: community.id,
    after: { title: input.title, startsAt: input.startsAt, capacity: input.capacity },
  }, now);
  return { id: row.id };
}

/**
 * The units whose activities the caller may check people in at: everything at or below their grants,
 * and the 社区 of a 网格 they work in (grid workers help at their 社区's activities). "all" for a
 * system admin. Activities belong to a 社区, so only the 社区 ids in the list matter.
 */
export async function checkinScope(db: Db, session: AuthSession): Promise<"all" | number[]> {
  const scope = await permissionScope(db, session, "activity.checkin");
  const roots = permissionRoots(session, "activity.checkin");
  if (scope === "all" || roots === "all") return "all";
  const up = await Promise.all(roots.map((id) => communityOf(db, id)));
  return [...new Set([...scope, ...up.filter((id): id is number => id !== null)])];
}

export async function activityInScope(db: Db, session: AuthSession, id: number, perm: "activity.manage" | "activity.checkin") {
  const activity = await db.selectFrom("activity").selectAll().where("id", "=", id).executeTakeFirst();
  if (!activity) throw new NotFoundError("活动不存在");
  if (perm === "activity.checkin") {
    const scope = await checkinScope(db, session);
    if (scope !== "all" && !scope.includes(activity.community_id)) throw new ForbiddenError();
  } else {
    await assertCan(db, session, perm, activity.community_id);
  }
  return activity;
}

export async function updateActivity(
  db: Db,
  session: AuthSession,
  input: Omit<ActivityInput, "communityId"> & { id: number },
  now = new Date(),
) {
  const activity = await activityInScope(db, session, input.id, "activity.manage");
  if (activity.status === "cancelled") throw new ValidationError("id", "活动已取消，不能修改");
  const full = { ...input, communityId: activity.community_id };
  await checkActivity(db, full, activity.team_id);
  if (input.capacity < activity.signed_count) {
    throw new ValidationError("capacity", `已有${activity.signed_count}人报名，名额不能少于已报名人数`);
  }
  await db.updateTable("activity").set(columns(full)).where("id", "=", activity.id).execute();
  await recordAudit(db, session, {
    action: "activity.update",
    targetType: "activity",
    targetId: activity.id,
    orgUnitId: activity.community_id,
    before: { title: activity.title, startsAt: activity.starts_at, endsAt: activity.ends_at, capacity: activity.capacity },
    after: { title: input.title, startsAt: input.startsAt, endsAt: input.endsAt, capacity: input.capacity },
  }, now);
}

export async function cancelActivity(db: Db, session: AuthSession, id: number, now = new Date()) {
  const activity = await activityInScope(db, session, id, "activity.manage");
  if (activity.status === "cancelled") throw new ValidationError("id", "活动已取消");
  await db.updateTable("activity").set({ status: "cancelled" }).where("id", "=", activity.id).execute();
  await recordAudit(db, session, {
    action: "activity.cancel",
    targetType: "activity",
    targetId: activity.id,
    orgUnitId: activity.community_id,
    before: { status: activity.status },
    after: { status: "cancelled" },
  }, now);
}

function activitySelect(db: Db) {
  return db
    .selectFrom("activity")
    .leftJoin("org_unit as place", "place.id", "activity.place_unit_id")
    .leftJoin("team", "team.id", "activity.team_id")
    .innerJoin("org_unit as community", "community.id", "activity.community_id")
    .select([
      "activity.id",
      "activity.community_id",
      "community.name as community_name",
      "activity.kind",
      "activity.title",
      "activity.team_id",
      "team.name as team_name",
      "activity.starts_at",
      "activity.ends_at",
      "activity.place_unit_id",
      "place.name as place_unit_name",
      "activity.place_text",
      "activity.capacity",
      "activity.signed_count",
      "activity.skills",
      "activity.description",
      "activity.status",
    ]);
}

type ActivityRow = Awaited<ReturnType<ReturnType<typeof activitySelect>["executeTakeFirstOrThrow"]>>;

export function toActivity(r: ActivityRow) {
  return {
    id: r.id,
    communityId: r.community_id,
    communityName: r.community_name,
    kind: r.kind,
    title: r.title,
    teamId: r.team_id,
    teamName: r.team_name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    placeUnitId: r.place_unit_id,
    place: r.place_text ?? r.place_unit_name ?? "",
    capacity: r.capacity,
    signedCount: r.signed_count,
    skills: fromJson(r.skills),
    description: r.description,
    status: r.status,
  };
}

/** Published activities of a 社区 that have not ended: what residents see, logged in or not. */
export async function upcomingActivities(db: Db, communityId: number, now = new Date()) {
  const rows = await activitySelect(db)
    .where("activity.community_id", "=", communityId)
    .where("activity.status", "=", "published")
    .where("activity.ends_at", ">", now.toISOString())
    .orderBy("activity.starts_at")
    .orderBy("activity.id")
    .limit(100)
    .execute();
  return rows.map(toActivity);
}

export async function getActivity(db: Db, id: number) {
  const row = await activitySelect(db).where("activity.id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("活动不存在");
  return toActivity(row);
}

/** The console's list: activities of the 社区 the caller organises, newest first. */
export async function listActivities(
  db: Db,
  session: AuthSession,
  q: { communityId?: number | undefined; page: number; pageSize: number },
) {
  const scope = await checkinScope(db, session);
  let base = activitySelect(db);
  if (scope !== "all") base = base.where("activity.community_id", "in", scope.length > 0 ? scope : [-1]);
  if (q.communityId) base = base.where("activity.community_id", "=", q.communityId);
  // id decides ties, so that no activity falls between two pages.
  const rows = await base
    .orderBy("activity.starts_at", "desc")
    .orderBy("activity.id", "desc")
    .limit(q.pageSize + 1)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.slice(0, q.pageSize).map(toActivity), hasMore: rows.length > q.pageSize };
}
