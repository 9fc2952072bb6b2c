import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Db } from "../db/open-database.js";
import type { Database } from "../db/database.js";
import type { AuthSession } from "../context.js";
import type { VolunteerStatus } from "../db/database.js";
import { byName, nullsLow } from "../db/ordering.js";
import { likeIgnoringCase, startsWith, startsWithDigits } from "../db/text-match.js";
import { NotFoundError } from "../errors.js";
import { assertCan, permissionScope } from "../auth/authorize.js";
import { maskMobile } from "../auth/rules.js";
import { recordAudit } from "../audit/audit-service.js";
import { decryptField, type DataKeys } from "../secrets/data-keys.js";
import { chinaToday } from "../time.js";
import { ageOn } from "./id-number.js";
import { starLevel } from "./star-level.js";
import { PERSON_COLUMNS, personOf, preferredTeamOf, withPreferredTeam } from "./volunteer-selects.js";
import type { PoliticalStatus, Skill } from "./rules.js";
import { minutesToHours } from "../activity/rules.js";

export interface RosterQuery {
  id?: number | undefined;
  /** 姓名 (contains), 手机号 (prefix) or 手机尾号 (4 digits): see searchCondition */
  search?: string | undefined;
  name?: string | undefined;
  mobile?: string | undefined;
  skill?: Skill | undefined;
  teamId?: number | undefined;
  courtyardId?: number | undefined;
  gridId?: number | undefined;
  communityId?: number | undefined;
  status?: VolunteerStatus | undefined;
  politicalStatus?: PoliticalStatus | undefined;
  sort: "submittedAt" | "registeredAt" | "hours" | "name";
  order: "asc" | "desc";
  page: number;
  pageSize: number;
}

const SORT_COLUMN = {
  submittedAt: "volunteer.submitted_at",
  registeredAt: "volunteer.registered_at",
  hours: "volunteer.confirmed_minutes",
  name: "volunteer.name",
} as const;

/** What the roster sorts by: names in pinyin order on both databases (db/ordering.ts); NULLs via nullsLow. */
function sortExpression(db: Db, sort: RosterQuery["sort"]): Expression<unknown> {
  const column = sql.ref<string | null>(SORT_COLUMN[sort]);
  return sort === "name" ? byName(db, column) : column;
}

/**
 * The search box as people use it: digits are a mobile, and exactly four of them are its last four
 * (手机尾号, "尾号1234" is how a number is asked for at the counter); more or fewer digits are its
 * first digits. Anything else is part of a name. Each form has its index (see the migration
 * 2026-12-03T0000-volunteer-mobile-search); the name is searched within the caller's 社区.
 */
export function searchCondition(
  db: Db,
  eb: ExpressionBuilder<Database, "volunteer">,
  search: string,
): Expression<SqlBool> {
  if (/^\d{4}$/.test(search))
    return eb(sql<string>`substr(${eb.ref("volunteer.mobile")}, 8, 4)`, "=", search);
  if (/^\d+$/.test(search)) {
    return startsWithDigits(eb.ref("volunteer.mobile"), search);
  }
  return likeIgnoringCase(db, eb.ref("volunteer.name"), `%${search}%`);
}

/** The roster of the 社区 the caller may read, filtered, sorted and paged. */
export async function searchRoster(db: Db, session: AuthSession, q: RosterQuery, now = new Date()) {
  const readable = await permissionScope(db, session, "volunteer.read");
  const manageable = await permissionScope(db, session, "volunteer.manage");
  let base = db.selectFrom("volunteer");
  if (readable !== "all") {
    // A 社区's readers see all of it; a grid worker (whose grant is a 网格) sees the 楼院 of the 网格.
    // Whole 社区 filter on community_id alone, so the (community_id, name) index serves the search.
    const { communities, courtyards } = await splitScope(db, readable);
    if (courtyards.length === 0) {
      base = base.where("volunteer.community_id", "in", communities.length > 0 ? communities : [-1]);
    } else if (communities.length === 0) {
      base = base.where("volunteer.courtyard_id", "in", courtyards);
    } else {
      base = base.where((eb) =>
        eb.or([
          eb("volunteer.community_id", "in", communities),
          eb("volunteer.courtyard_id", "in", courtyards),
        ]),
      );
    }
  }
  if (q.id) base = base.where("volunteer.id", "=", q.id);
  // LIKE's wildcards are no part of a name or a mobile: dropped rather than escaped, as every database reads that alike.
  const search = q.search?.replace(/[%_\\]/g, "");
  if (search) base = base.where((eb) => searchCondition(db, eb, search));
  if (q.communityId) base = base.where("volunteer.community_id", "=", q.communityId);
  // A range instead of LIKE (text-match.ts): SQLite serves it from the name index; PostgreSQL matches alike whatever its collation.
  if (q.name) base = base.where(startsWith(db, sql.ref("volunteer.name"), q.name));
  if (q.mobile) base = base.where(startsWith(db, sql.ref("volunteer.mobile"), q.mobile));
  if (q.status) base = base.where("volunteer.status", "=", q.status);
  if (q.politicalStatus) base = base.where("volunteer.political_status", "=", q.politicalStatus);
  if (q.courtyardId) base = base.where("volunteer.courtyard_id", "=", q.courtyardId);
  if (q.gridId) {
    const gridId = q.gridId;
    base = base.where("volunteer.courtyard_id", "in", (eb) =>
      eb.selectFrom("org_unit").select("org_unit.id").where("org_unit.parent_id", "=", gridId),
    );
  }
  if (q.skill) {
    const skill = q.skill;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("volunteer_skill")
          .select("volunteer_skill.volunteer_id")
          .whereRef("volunteer_skill.volunteer_id", "=", "volunteer.id")
          .where("volunteer_skill.skill", "=", skill),
      ),
    );
  }
  if (q.teamId) {
    const teamId = q.teamId;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("team_member")
          .select("team_member.volunteer_id")
          .whereRef("team_member.volunteer_id", "=", "volunteer.id")
          .where("team_member.team_id", "=", teamId),
      ),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  // Nothing on this page (no match, or a page past the last): a name that matches nobody costs one
  // scan of the 社区's names, not two.
  if (Number(total.n) <= (q.page - 1) * q.pageSize) return { total: Number(total.n), items: [] };
  // Page first, on the volunteer table alone; the joins then run for one page, not every match.
  const pageIds = base
    .select("volunteer.id")
    .orderBy(sortExpression(db, q.sort), nullsLow(q.order))
    .orderBy("volunteer.id", q.order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const rows = await db
    .selectFrom("volunteer")
    .where("volunteer.id", "in", pageIds)
    .leftJoin("org_unit as courtyard", "courtyard.id", "volunteer.courtyard_id")
    .leftJoin("org_unit as grid", "grid.id", "courtyard.parent_id")
    .select([
      "volunteer.id",
      ...PERSON_COLUMNS,
      "volunteer.community_id",
      "volunteer.status",
      "volunteer.reject_reason",
      "volunteer.submitted_at",
      "volunteer.registered_at",
      "volunteer.confirmed_minutes",
      "courtyard.name as courtyard_name",
      "grid.name as grid_name",
    ])
    .orderBy(sortExpression(db, q.sort), nullsLow(q.order))
    .orderBy("volunteer.id", q.order)
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
      // Full numbers only to those who manage the volunteer's 社区; grid workers see them masked.
      mobile:
        r.mobile === null
          ? null
          : manageable === "all" || manageable.includes(r.community_id)
            ? r.mobile
            : maskMobile(r.mobile),
      courtyardName: r.courtyard_name,
      gridName: r.grid_name,
      status: r.status,
      rejectReason: r.reject_reason,
      submittedAt: r.submitted_at,
      registeredAt: r.registered_at,
      hours: minutesToHours(r.confirmed_minutes),
    })),
  };
}

/** Under 18 on `today` (China date): registered only with a guardian's consent. */
export function isMinor(birthDate: string | null, today: string): boolean {
  return birthDate !== null && ageOn(birthDate, today) < 18;
}

/** A scope's whole 社区, and the 楼院 in it that lie outside those 社区 (a grid worker's). */
async function splitScope(db: Db, unitIds: number[]) {
  if (unitIds.length === 0) return { communities: [], courtyards: [] };
  const units = await db
    .selectFrom("org_unit")
    .select(["id", "kind", "parent_id"])
    .where("id", "in", unitIds)
    .where("kind", "in", ["community", "grid", "courtyard"])
    .execute();
  const communities = units.filter((u) => u.kind === "community").map((u) => u.id);
  const grids = new Set(
    units.filter((u) => u.kind === "grid" && !communities.includes(u.parent_id ?? -1)).map((u) => u.id),
  );
  const courtyards = units
    .filter((u) => u.kind === "courtyard" && grids.has(u.parent_id ?? -1))
    .map((u) => u.id);
  return { communities, courtyards };
}

export async function skillsOf(db: Db, ids: number[]): Promise<Map<number, Skill[]>> {
  const map = new Map<number, Skill[]>();
  if (ids.length === 0) return map;
  // By code, as the primary key returns them on SQLite; PostgreSQL promises no order without one.
  const rows = await db
    .selectFrom("volunteer_skill")
    .selectAll()
    .where("volunteer_id", "in", ids)
    .orderBy("volunteer_id")
    .orderBy("skill")
    .execute();
  for (const r of rows) map.set(r.volunteer_id, [...(map.get(r.volunteer_id) ?? []), r.skill]);
  return map;
}

/** The activities a volunteer signed up for, with their hours, and the teams they are in. */
export async function historyOf(db: Db, volunteerId: number) {
  const signups = await db
    .selectFrom("activity_signup")
    .innerJoin("activity", "activity.id", "activity_signup.activity_id")
    .select([
      "activity.id as activityId",
      "activity.title",
      "activity.kind",
      "activity.starts_at",
      "activity.status as activity_status",
      "activity_signup.status",
      "activity_signup.check_in_at",
      "activity_signup.hours_status",
      "activity_signup.minutes",
      "activity_signup.confirmed_minutes",
    ])
    .where("activity_signup.volunteer_id", "=", volunteerId)
    .orderBy("activity.starts_at", "desc")
    .orderBy("activity.id", "desc")
    .limit(200)
    .execute();
  const teams = await db
    .selectFrom("team_member")
    .innerJoin("team", "team.id", "team_member.team_id")
    .select(["team.id", "team.name", "team.leader_volunteer_id"])
    .where("team_member.volunteer_id", "=", volunteerId)
    .orderBy("team.id")
    .execute();
  return {
    activities: signups.map((s) => ({
      activityId: s.activityId,
      title: s.title,
      kind: s.kind,
      startsAt: s.starts_at,
      activityStatus: s.activity_status,
      signupStatus: s.status,
      checkInAt: s.check_in_at,
      hoursStatus: s.hours_status,
      hours: minutesToHours(s.confirmed_minutes ?? s.minutes ?? 0),
    })),
    teams: teams.map((t) => ({ id: t.id, name: t.name, isLeader: t.leader_volunteer_id === volunteerId })),
  };
}

/** One volunteer for the roster's drawer: the row plus history, teams and the preferred team. */
export async function volunteerDetail(db: Db, session: AuthSession, id: number, now = new Date()) {
  const row = await db
    .selectFrom("volunteer")
    .$call(withPreferredTeam)
    .select([
      "volunteer.id",
      "volunteer.community_id",
      "volunteer.courtyard_id",
      "volunteer.birth_date",
      "volunteer.guardian_consent",
    ])
    .where("volunteer.id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("志愿者不存在");
  // The 楼院 when known, so a grid worker may open the volunteers of their 网格 (as in the roster).
  await assertCan(db, session, "volunteer.read", row.courtyard_id ?? row.community_id);
  const page = await searchRoster(
    db,
    session,
    { id, sort: "submittedAt", order: "desc", page: 1, pageSize: 1 },
    now,
  );
  const item = page.items.find((i) => i.id === id);
  if (!item) throw new NotFoundError("志愿者不存在");
  return {
    ...item,
    star: starLevel(item.hours),
    ...(await historyOf(db, id)),
    preferredTeam: preferredTeamOf(row),
    isMinor: isMinor(row.birth_date, chinaToday(now)),
    guardianConsent: row.guardian_consent === 1,
  };
}

/** Shows a full 身份证号 to an admin of the volunteer's 社区, and records that it was shown. */
export async function revealIdNumber(
  db: Db,
  keys: DataKeys,
  session: AuthSession,
  id: number,
  now = new Date(),
) {
  const row = await db
    .selectFrom("volunteer")
    .select(["id", "community_id", "id_number_enc"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("志愿者不存在");
  await assertCan(db, session, "volunteer.manage", row.community_id);
  if (!row.id_number_enc) throw new NotFoundError("该志愿者已注销，身份证号已删除");
  await recordAudit(
    db,
    session,
    { action: "volunteer.reveal_id", targetType: "volunteer", targetId: row.id, orgUnitId: row.community_id },
    now,
  );
  return { idNumber: decryptField(keys, row.id_number_enc) };
}
