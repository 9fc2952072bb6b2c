import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { maskMobile } from "../auth/rules.js";
import { fromJson } from "../db/json.js";
import { inServiceRecord, minutesToHours } from "../activity/rules.js";
import { historyOf, skillsOf } from "./volunteer-roster.js";
import { starLevel } from "./star-level.js";
import { PERSON_COLUMNS } from "./volunteer-selects.js";

/** The resident's own registration and volunteer card, or null when they have none (or withdrew). */
export async function myVolunteer(db: Db, session: AuthSession) {
  const row = await db
    .selectFrom("volunteer")
    .leftJoin("org_unit as courtyard", "courtyard.id", "volunteer.courtyard_id")
    .innerJoin("org_unit as community", "community.id", "volunteer.community_id")
    .select([
      "volunteer.id",
      "volunteer.status",
      "volunteer.reject_reason",
      ...PERSON_COLUMNS,
      "volunteer.preferred_team_id",
      "volunteer.courtyard_id",
      "volunteer.submitted_at",
      "volunteer.registered_at",
      "volunteer.confirmed_minutes",
      "courtyard.name as courtyard_name",
      "community.name as community_name",
      "community.id as community_id",
    ])
    .where("volunteer.user_id", "=", session.user.id)
    .where("volunteer.status", "!=", "withdrawn")
    .executeTakeFirst();
  if (!row) return null;
  const hours = minutesToHours(row.confirmed_minutes);
  const history = await historyOf(db, row.id);
  return {
    id: row.id,
    status: row.status,
    rejectReason: row.reject_reason,
    name: row.name ?? "",
    gender: row.gender,
    birthDate: row.birth_date,
    idNumber: row.id_number_masked ?? "",
    mobile: row.mobile ? maskMobile(row.mobile) : "",
    politicalStatus: row.political_status,
    skills: (await skillsOf(db, [row.id])).get(row.id) ?? [],
    serviceTimes: fromJson(row.service_times),
    preferredTeamId: row.preferred_team_id,
    courtyardId: row.courtyard_id,
    courtyardName: row.courtyard_name,
    communityId: row.community_id,
    communityName: row.community_name,
    submittedAt: row.submitted_at,
    registeredAt: row.registered_at,
    hours,
    star: starLevel(hours),
    teams: history.teams,
    // The card's 服务记录: what was or will be served, not the sign-ups that came to nothing.
    activities: history.activities.filter(inServiceRecord),
  };
}
