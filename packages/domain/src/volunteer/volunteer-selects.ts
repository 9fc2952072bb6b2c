import type { SelectQueryBuilder } from "kysely";
import type { Database, Volunteer } from "../db/database.js";
import { fromJson } from "../db/json.js";
import { ageOn } from "./id-number.js";
import type { Skill } from "./rules.js";

// Pieces of the volunteer queries that the roster (and its drawer), the review queue and the
// resident's own card share.

/** What a registration says about the person (the 身份证号 masked), as each of those lists shows it. */
export const PERSON_COLUMNS = [
  "volunteer.name",
  "volunteer.gender",
  "volunteer.birth_date",
  "volunteer.id_number_masked",
  "volunteer.mobile",
  "volunteer.political_status",
  "volunteer.service_times",
] as const;

/**
 * The person as the roster and the review queue show them, from a row with PERSON_COLUMNS: the age on
 * `today` (China date), the 身份证号 masked. The mobile is for each list to show as its readers may see it.
 */
export function personOf(
  row: Pick<
    Volunteer,
    "name" | "gender" | "birth_date" | "id_number_masked" | "political_status" | "service_times"
  >,
  skills: Skill[],
  today: string,
) {
  return {
    name: row.name,
    gender: row.gender,
    age: row.birth_date ? ageOn(row.birth_date, today) : null,
    idNumber: row.id_number_masked,
    politicalStatus: row.political_status,
    skills,
    serviceTimes: fromJson(row.service_times),
  };
}

/**
 * The volunteer's preferred 志愿服务队, selected as team_id and team_name (null when none). Only a team
 * of the volunteer's own 社区 counts: a 楼院 moved to another 社区 leaves the old team behind.
 */
export function withPreferredTeam<O>(qb: SelectQueryBuilder<Database, "volunteer", O>) {
  return qb
    .leftJoin("team", (join) =>
      join
        .onRef("team.id", "=", "volunteer.preferred_team_id")
        .onRef("team.community_id", "=", "volunteer.community_id"),
    )
    .select(["team.id as team_id", "team.name as team_name"]);
}

/** The preferred team of a row read withPreferredTeam, as the outputs give it. */
export function preferredTeamOf(row: { team_id: number | null; team_name: string | null }) {
  return row.team_id === null || row.team_name === null ? null : { id: row.team_id, name: row.team_name };
}
