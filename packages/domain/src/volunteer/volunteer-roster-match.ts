import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import { dialectOf, type Db } from "../db/open-database.js";
import type { Database, VolunteerStatus } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { byName, nullsLow } from "../db/ordering.js";
import { likeIgnoringCase, startsWith, startsWithDigits } from "../db/text-match.js";
import { permissionScope } from "../auth/authorize.js";
import type { PoliticalStatus, Skill } from "./rules.js";

// Which volunteers a roster query matches, within what the caller may read, and in which order: the
// query plans of the roster at 50,000 volunteers in one 社区 are decided here (volunteer-roster.test.ts).

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

/**
 * What the roster sorts by: names in pinyin order on both databases (db/ordering.ts); NULLs via nullsLow.
 * `narrowed`: the match is a few rows that an index of their own finds (a name, a mobile, 尾号, a
 * status other than 已注册), to be sorted. SQLite, which keeps no statistics here, would rather walk
 * the whole 社区 in the order of the (community_id, submitted_at) index and test each row: at 50,000,
 * 31 ms against 1.2 for a 尾号, 26 against 1.2 for 待审核. Its unary + keeps the value and hides the
 * index from the ORDER BY.
 */
export function sortExpression(db: Db, sort: RosterQuery["sort"], narrowed = false): Expression<unknown> {
  const column = sql.ref<string | null>(SORT_COLUMN[sort]);
  if (sort === "name") return byName(db, column);
  return narrowed && dialectOf(db) === "sqlite" ? sql`+${column}` : column;
}

/** The 社区 a caller reads whole, and the 楼院 of a grid worker's 网格 outside those (splitScope). */
type ReadScope = { communities: number[]; courtyards: number[] };

/**
 * Volunteers in the caller's scope. A whole 社区 by community_id alone, so that the indexes that begin
 * with it serve the search; `community` is that column, or an expression of it that no index serves.
 */
function scopeCondition(
  eb: ExpressionBuilder<Database, "volunteer">,
  { communities, courtyards }: ReadScope,
  community: Expression<number>,
): Expression<SqlBool> {
  const courtyard = sql.ref<number | null>("volunteer.courtyard_id");
  if (courtyards.length === 0) return eb(community, "in", communities.length > 0 ? communities : [-1]);
  if (communities.length === 0) return eb(courtyard, "in", courtyards);
  return eb.or([eb(community, "in", communities), eb(courtyard, "in", courtyards)]);
}

/**
 * The search box as people use it: digits are a mobile, and exactly four of them are its last four
 * (手机尾号, "尾号1234" is how a number is asked for at the counter); more or fewer digits are its
 * first digits. Anything else is part of a name. Each form has its index (see the migration
 * 2026-12-03T0000-volunteer-mobile-search, and 2026-12-16T0000-volunteer-name-grams for a name); the
 * name is looked up within the caller's 社区 (`scope`, null for a caller who reads every 社区).
 */
export function searchCondition(
  db: Db,
  eb: ExpressionBuilder<Database, "volunteer">,
  search: string,
  scope: ReadScope | null = null,
): Expression<SqlBool> {
  if (/^\d{4}$/.test(search))
    return eb(sql<string>`substr(${eb.ref("volunteer.mobile")}, 8, 4)`, "=", search);
  if (isMobileSearch(search)) return startsWithDigits(eb.ref("volunteer.mobile"), search);
  // The volunteers whose name holds the search's first character (one) or first pair (more), by the
  // grams the triggers keep (migration 2026-12-16T0000); the LIKE then checks the whole text. A 社区's
  // 50,000 names were read twice before, once for the count and once for the page: 5 + 10 ms alone.
  let named = eb
    .selectFrom("volunteer_name_gram")
    .select("volunteer_name_gram.volunteer_id")
    .where("volunteer_name_gram.gram", "=", nameGram(search));
  // Narrowed to the caller's 社区 when that is all they read; a grid worker's 楼院 by the row's scope.
  if (scope && scope.courtyards.length === 0) {
    const communities = scope.communities.length > 0 ? scope.communities : [-1];
    named = named.where("volunteer_name_gram.community_id", "in", communities);
  }
  return eb.and([
    eb("volunteer.id", "in", named),
    likeIgnoringCase(db, sql.ref("volunteer.name"), `%${search}%`),
  ]);
}

/** Digits are a mobile, whole or in part; anything else is part of a name. */
function isMobileSearch(search: string): boolean {
  return /^\d+$/.test(search);
}

/**
 * The gram of the name table that a search within names looks up: its first character, or its first
 * two, ASCII letters lowered as the triggers lower them. By code point, as substr counts on both
 * databases (𠮷 is one character, two UTF-16 units).
 */
export function nameGram(search: string): string {
  return Array.from(search.replace(/[A-Z]/g, (c) => c.toLowerCase()))
    .slice(0, 2)
    .join("");
}

/**
 * The volunteers the caller may read that match `q`, and the ids of the page asked for, in its order:
 * the page first, on the volunteer table alone, so that the joins run for one page, not every match.
 * Apart from searchRoster for the test of its query plan.
 */
export async function rosterPage(db: Db, session: AuthSession, q: RosterQuery) {
  const readable = await permissionScope(db, session, "volunteer.read");
  // A 社区's readers see all of it; a grid worker (whose grant is a 网格) sees the 楼院 of the 网格.
  const scope = readable === "all" ? null : await splitScope(db, readable);
  // LIKE's wildcards are no part of a name or a mobile: dropped rather than escaped, as every
  // database reads that alike.
  const search = q.search?.replace(/[%_\\]/g, "");
  // A search within names finds its volunteers by their ids (searchCondition). SQLite, with no
  // statistics, would rather walk the 社区 by an index on community_id and test every row against
  // the ids: at 50,000, 10 ms against 0.3 for 建国. Its unary + hides the column from the indexes.
  const byName =
    search !== undefined && search !== "" && !isMobileSearch(search) && dialectOf(db) === "sqlite";
  const community = byName ? sql<number>`+volunteer.community_id` : sql.ref<number>("volunteer.community_id");
  let base = db.selectFrom("volunteer");
  if (scope) base = base.where((eb) => scopeCondition(eb, scope, community));
  if (q.id) base = base.where("volunteer.id", "=", q.id);
  if (search) base = base.where((eb) => searchCondition(db, eb, search, scope));
  const communityId = q.communityId;
  if (communityId) base = base.where((eb) => eb(community, "=", communityId));
  // A range instead of LIKE (text-match.ts): SQLite serves it from the name index; PostgreSQL
  // matches alike whatever its collation.
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
  // 待审核 and the other states but 已注册 hold few of a 社区's volunteers: the status index finds them.
  const narrowed = Boolean(search || q.name || q.mobile || q.id || (q.status && q.status !== "registered"));
  const pageIds = base
    .select("volunteer.id")
    .orderBy(sortExpression(db, q.sort, narrowed), nullsLow(q.order))
    .orderBy("volunteer.id", q.order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { match: base, pageIds };
}

/** A scope's whole 社区, and the 楼院 in it that lie outside those 社区 (a grid worker's). */
async function splitScope(db: Db, unitIds: number[]): Promise<ReadScope> {
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
