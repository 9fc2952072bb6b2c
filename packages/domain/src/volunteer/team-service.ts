import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { minutesToHours } from "../activity/rules.js";

/**
 * 志愿服务队 of a 社区, with member counts and leader names. Public to the 社区's residents. Archived
 * teams (归档) are left out unless asked for: pickers and lists show the active ones.
 */
export async function listTeams(db: Db, communityId: number, opts: { includeArchived?: boolean | undefined } = {}) {
  let query = db
    .selectFrom("team")
    .leftJoin("volunteer as leader", "leader.id", "team.leader_volunteer_id")
    .select([
      "team.id",
      "team.name",
      "team.description",
      "team.leader_volunteer_id",
      "team.archived_at",
      "leader.name as leader_name",
      (eb) =>
        eb
          .selectFrom("team_member")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("team_member.team_id", "=", "team.id")
          .as("members"),
    ])
    .where("team.community_id", "=", communityId);
  if (!opts.includeArchived) query = query.where("team.archived_at", "is", null);
  const rows = await query.orderBy("team.id").execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    leaderId: r.leader_volunteer_id,
    leaderName: r.leader_name,
    members: Number(r.members ?? 0),
    archivedAt: r.archived_at,
  }));
}

async function teamInScope(db: Db, session: AuthSession, teamId: number) {
  const team = await db.selectFrom("team").selectAll().where("id", "=", teamId).executeTakeFirst();
  if (!team) throw new NotFoundError("志愿服务队不存在");
  await assertCan(db, session, "volunteer.manage", team.community_id);
  return team;
}

async function registeredVolunteerOf(db: Db, communityId: number, volunteerId: number, field: string) {
  const v = await db
    .selectFrom("volunteer")
    .select(["id", "community_id", "status", "name"])
    .where("id", "=", volunteerId)
    .executeTakeFirst();
  if (!v || v.community_id !== communityId || v.status !== "registered") {
    throw new ValidationError(field, "请选择本社区已注册的志愿者");
  }
  return v;
}

async function assertUniqueTeamName(db: Db, communityId: number, name: string, exceptId?: number) {
  let q = db.selectFrom("team").select(["id", "archived_at"]).where("community_id", "=", communityId).where("name", "=", name);
  if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
  const same = await q.executeTakeFirst();
  if (same) throw new ValidationError("name", `本社区已有“${name}”${same.archived_at ? "（已归档，可恢复使用）" : ""}`);
}

export async function createTeam(
  db: Db,
  session: AuthSession,
  input: { communityId: number; name: string; description?: string | null | undefined },
  now = new Date(),
) {
  const community = await getUnitOrThrow(db, input.communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  await assertCan(db, session, "volunteer.manage", community.id);
  await assertUniqueTeamName(db, community.id, input.name);
  const team = await db
    .insertInto("team")
    .values({
      community_id: community.id,
      name: input.name,
      description: input.description ?? null,
      leader_volunteer_id: null,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(db, session, {
    action: "team.create",
    targetType: "team",
    targetId: team.id,
    orgUnitId: community.id,
    after: { name: input.name },
  }, now);
  return { id: team.id };
}

export async function updateTeam(
  db: Db,
  session: AuthSession,
  input: { id: number; name?: string | undefined; description?: string | null | undefined; leaderId?: number | null | undefined },
  now = new Date(),
) {
  const team = await teamInScope(db, session, input.id);
  if (input.name !== undefined && input.name !== team.name) await assertUniqueTeamName(db, team.community_id, input.name, team.id);
  if (input.leaderId) {
    await registeredVolunteerOf(db, team.community_id, input.leaderId, "leaderId");
    // A leader is a member.
    await db
      .insertInto("team_member")
      .values({ team_id: team.id, volunteer_id: input.leaderId, joined_at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.leaderId !== undefined ? { leader_volunteer_id: input.leaderId } : {}),
  };
  if (Object.keys(changes).length === 0) return;
  await db.updateTable("team").set(changes).where("id", "=", team.id).execute();
  await recordAudit(db, session, {
    action: "team.update",
    targetType: "team",
    targetId: team.id,
    orgUnitId: team.community_id,
    before: { name: team.name, description: team.description, leaderId: team.leader_volunteer_id },
    // The same keys as `before`, so the audit page can compare them.
    after: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.leaderId !== undefined ? { leaderId: input.leaderId } : {}),
    },
  }, now);
}

export async function setTeamMember(
  db: Db,
  session: AuthSession,
  input: { teamId: number; volunteerId: number; member: boolean },
  now = new Date(),
) {
  const team = await teamInScope(db, session, input.teamId);
  if (input.member) {
    if (team.archived_at) throw new ValidationError("teamId", "该服务队已归档，不能添加队员，请先恢复");
    await registeredVolunteerOf(db, team.community_id, input.volunteerId, "volunteerId");
    await db
      .insertInto("team_member")
      .values({ team_id: team.id, volunteer_id: input.volunteerId, joined_at: now.toISOString() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  } else {
    await db.deleteFrom("team_member").where("team_id", "=", team.id).where("volunteer_id", "=", input.volunteerId).execute();
    if (team.leader_volunteer_id === input.volunteerId) {
      await db.updateTable("team").set({ leader_volunteer_id: null }).where("id", "=", team.id).execute();
    }
  }
  await recordAudit(db, session, {
    action: input.member ? "team.add_member" : "team.remove_member",
    targetType: "team",
    targetId: team.id,
    orgUnitId: team.community_id,
    after: { volunteerId: input.volunteerId },
  }, now);
}

export async function teamMembers(db: Db, session: AuthSession, teamId: number) {
  const team = await db.selectFrom("team").select(["id", "community_id"]).where("id", "=", teamId).executeTakeFirst();
  if (!team) throw new NotFoundError("志愿服务队不存在");
  await assertCan(db, session, "volunteer.read", team.community_id);
  const rows = await db
    .selectFrom("team_member")
    .innerJoin("volunteer", "volunteer.id", "team_member.volunteer_id")
    .select(["volunteer.id", "volunteer.name", "volunteer.confirmed_minutes", "team_member.joined_at"])
    .where("team_member.team_id", "=", team.id)
    .orderBy("team_member.joined_at")
    .orderBy("team_member.volunteer_id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name ?? "（已注销）", hours: minutesToHours(r.confirmed_minutes), joinedAt: r.joined_at }));
}

/**
 * 归档 (archived: true) or 恢复 (false). An archived team leaves the pickers (registration, activities,
 * 安排入队) and the lists, and takes no new members; its members, its activities and the hours served stay.
 */
export async function archiveTeam(db: Db, session: AuthSession, input: { id: number; archived: boolean }, now = new Date()) {
  const team = await teamInScope(db, session, input.id);
  if ((team.archived_at !== null) === input.archived) {
    throw new ConflictError(input.archived ? "该服务队已归档" : "该服务队未归档");
  }
  const archivedAt = input.archived ? now.toISOString() : null;
  await db.updateTable("team").set({ archived_at: archivedAt }).where("id", "=", team.id).execute();
  await recordAudit(db, session, {
    action: input.archived ? "team.archive" : "team.restore",
    targetType: "team",
    targetId: team.id,
    orgUnitId: team.community_id,
    before: { archived: team.archived_at !== null },
    after: { archived: input.archived },
  }, now);
}

/**
 * 删除: only a team nobody belongs to and no activity ever named, so that no history is lost; otherwise
 * the refusal says why and points to 归档. Registrations that chose it as their preferred team lose the choice.
 */
export async function deleteTeam(db: Db, session: AuthSession, id: number, now = new Date()) {
  const team = await teamInScope(db, session, id);
  const members = await db
    .selectFrom("team_member")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("team_id", "=", team.id)
    .executeTakeFirstOrThrow();
  if (Number(members.n) > 0) {
    throw new ConflictError(`“${team.name}”还有${Number(members.n)}名队员，不能删除。可以改为归档：不再出现在列表中，记录保留`);
  }
  const activities = await db
    .selectFrom("activity")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("team_id", "=", team.id)
    .executeTakeFirstOrThrow();
  if (Number(activities.n) > 0) {
    throw new ConflictError(`“${team.name}”组织过${Number(activities.n)}次活动，删除会丢失这些记录。可以改为归档：不再出现在列表中，记录保留`);
  }
  await db.updateTable("volunteer").set({ preferred_team_id: null }).where("preferred_team_id", "=", team.id).execute();
  await db.deleteFrom("team").where("id", "=", team.id).execute();
  await recordAudit(db, session, {
    action: "team.delete",
    targetType: "team",
    targetId: team.id,
    orgUnitId: team.community_id,
    before: { name: team.name },
  }, now);
}
