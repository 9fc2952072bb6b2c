import { sql } from "kysely";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { NotFoundError } from "../errors.js";
import { assertCan, permissionScope } from "../auth/authorize.js";
import { maskMobile } from "../auth/rules.js";
import { recordAudit } from "../audit/audit-service.js";
import { decryptField, type DataKeys } from "../secrets/data-keys.js";
import { chinaToday } from "../time.js";
import { ageOn } from "./id-number.js";
import { starLevel } from "./star-level.js";
import { PERSON_COLUMNS, personOf, preferredTeamOf, withPreferredTeam } from "./volunteer-selects.js";
import type { Skill } from "./rules.js";
import { minutesToHours } from "../activity/rules.js";
import { nullsLow } from "../db/ordering.js";
import { rosterPage, sortExpression, type RosterQuery } from "./volunteer-roster-match.js";

/** The roster of the 社区 the caller may read, filtered, sorted and paged. */
export async function searchRoster(db: Db, session: AuthSession, q: RosterQuery, now = new Date()) {
  const [{ match, pageIds }, manageable] = await Promise.all([
    rosterPage(db, session, q),
    permissionScope(db, session, "volunteer.manage"),
  ]);
  // The count and the page at once, the skills within the page's statement: outside a transaction
  // each statement may be a round trip to a reader thread, and under load each trip waits its turn on
  // the event loop. Two trips side by side, not four in a row. (A count beside each row, as a window
  // over the match, would make it one; but it reads the whole match where the page by an indexed
  // column stops at its 20th row: 76 against 2.5 ms at 50,000 volunteers.)
  const [counted, rows] = await Promise.all([
    match.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    db
      .selectFrom("volunteer")
      .where("volunteer.id", "in", pageIds)
      .leftJoin("org_unit as courtyard", "courtyard.id", "volunteer.courtyard_id")
      .leftJoin("org_unit as grid", "grid.id", "courtyard.parent_id")
      .select((eb) => [
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
        // By code, as skillsOf orders them; string_agg is in both databases (SQLite since 3.44).
        eb
          .selectFrom("volunteer_skill")
          .select(
            sql<string | null>`string_agg(volunteer_skill.skill, ',' order by volunteer_skill.skill)`.as("s"),
          )
          .whereRef("volunteer_skill.volunteer_id", "=", "volunteer.id")
          .as("skills"),
      ])
      .orderBy(sortExpression(db, q.sort), nullsLow(q.order))
      .orderBy("volunteer.id", q.order)
      .execute(),
  ]);
  const total = Number(counted.n);
  const today = chinaToday(now);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      ...personOf(r, r.skills === null ? [] : (r.skills.split(",") as Skill[]), today),
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
