import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { permissionScope } from "../auth/authorize.js";
import { chinaToday } from "../time.js";
import { isMinor, skillsOf } from "./volunteer-roster.js";
import { PERSON_COLUMNS, personOf, preferredTeamOf, withPreferredTeam } from "./volunteer-selects.js";

export interface ReviewQueueQuery {
  communityId?: number | undefined;
  page: number;
  pageSize: number;
}

/** The 社区 in the caller's volunteer.manage scope (a street's scope also holds every 网格, 楼院 and 楼栋). */
async function managedCommunities(db: Db, session: AuthSession): Promise<"all" | number[]> {
  const scope = await permissionScope(db, session, "volunteer.manage");
  if (scope === "all" || scope.length === 0) return scope;
  const rows = await db
    .selectFrom("org_unit")
    .select("id")
    .where("id", "in", scope)
    .where("kind", "=", "community")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * 志愿者审核: the 待审核 registrations of the 社区 the caller manages, oldest first, with what the
 * reviewer needs to decide: the person, 楼院 and 社区, 服务技能 and 服务时间, the preferred 志愿服务队,
 * and whether they are a minor (with the guardian's consent).
 */
export async function reviewQueue(db: Db, session: AuthSession, q: ReviewQueueQuery, now = new Date()) {
  const communities = await managedCommunities(db, session);
  let base = db.selectFrom("volunteer").where("volunteer.status", "=", "pending");
  if (communities !== "all")
    base = base.where("volunteer.community_id", "in", communities.length > 0 ? communities : [-1]);
  if (q.communityId) base = base.where("volunteer.community_id", "=", q.communityId);
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .$call(withPreferredTeam)
    .innerJoin("org_unit as community", "community.id", "volunteer.community_id")
    .leftJoin("org_unit as courtyard", "courtyard.id", "volunteer.courtyard_id")
    .leftJoin("org_unit as grid", "grid.id", "courtyard.parent_id")
    .select([
      "volunteer.id",
      ...PERSON_COLUMNS,
      "volunteer.guardian_consent",
      "volunteer.submitted_at",
      "community.id as community_id",
      "community.name as community_name",
      "courtyard.id as courtyard_id",
      "courtyard.name as courtyard_name",
      "grid.name as grid_name",
    ])
    .orderBy("volunteer.submitted_at", "asc")
    .orderBy("volunteer.id", "asc")
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const skills = await skillsOf(
    db,
    rows.map((r) => r.id),
  );
  const today = chinaToday(now);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      ...personOf(r, skills.get(r.id) ?? [], today),
      isMinor: isMinor(r.birth_date, today),
      guardianConsent: r.guardian_consent === 1,
      // Only those who manage the 社区 see this queue: the mobile is theirs to call.
      mobile: r.mobile,
      community: { id: r.community_id, name: r.community_name },
      gridName: r.grid_name,
      courtyard:
        r.courtyard_id === null || r.courtyard_name === null
          ? null
          : { id: r.courtyard_id, name: r.courtyard_name },
      preferredTeam: preferredTeamOf(r),
      submittedAt: r.submitted_at,
    })),
  };
}
