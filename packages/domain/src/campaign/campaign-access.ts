import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Campaign } from "../db/database.js";
import {
  ancestorIds,
  can,
  descendantIds,
  permissionRoots,
  reaches,
  staffReaching,
} from "../auth/authorize.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";

// Who sees and who edits a campaign. A campaign belongs to a 街道 or a 社区 (its scope). Everyone who
// files evidence in a unit of the scope sees it: the street's staff, and each of its 社区 for a
// street's campaign. The campaign itself (name, period, stage, 领导小组) is edited where it was made;
// a 社区's copy of the checklist by that 社区 (or the street above it). Residents see none of it.

export async function campaignOrThrow(db: Db, id: number): Promise<Campaign> {
  const row = await db.selectFrom("campaign").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("创城活动不存在");
  return row;
}

/** The 社区 that hold a copy of the campaign's checklist: its own 社区, or every 社区 of its 街道. */
export async function copiesOf(db: Db, campaign: Pick<Campaign, "scope_unit_id">): Promise<number[]> {
  const rows = await db
    .selectFrom("org_unit")
    .select("id")
    .where("kind", "=", "community")
    .where((eb) =>
      eb.or([eb("id", "=", campaign.scope_unit_id), eb("parent_id", "=", campaign.scope_unit_id)]),
    )
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The scope units of the campaigns the caller sees: above and below every unit where they may file
 * evidence ("all" for a system admin; [] for a resident).
 */
export async function visibleScopes(db: Db, session: AuthSession): Promise<"all" | number[]> {
  const roots = permissionRoots(session, "campaign.evidence");
  if (roots === "all") return "all";
  const above = (await Promise.all(roots.map((r) => ancestorIds(db, r)))).flat();
  return [...new Set([...above, ...(await descendantIds(db, roots))])];
}

export async function assertSees(db: Db, session: AuthSession, campaign: Campaign): Promise<void> {
  const scopes = await visibleScopes(db, session);
  if (scopes !== "all" && !scopes.includes(campaign.scope_unit_id)) throw new ForbiddenError();
}

/** The campaign itself (name, period, stage, 领导小组): where it was made. */
export async function assertManages(db: Db, session: AuthSession, campaign: Campaign): Promise<void> {
  if (!(await can(db, session, "campaign.manage", campaign.scope_unit_id))) throw new ForbiddenError();
}

/** A 社区's copy of the checklist exists: refused on `field` otherwise. */
export async function assertCopy(db: Db, campaign: Campaign, communityId: number, field = "communityId") {
  if (!(await copiesOf(db, campaign)).includes(communityId)) {
    throw new ValidationError(field, "该社区不在此创城活动的范围内");
  }
}

/**
 * Whether grants of these roles reach the 社区 for evidence: at it or above it (its admins, the
 * street's), or below it (a grid worker of one of its 网格).
 */
export function worksIn(db: Db, who: Pick<AuthSession, "grants">, communityId: number): Promise<boolean> {
  return reaches(db, who, "campaign.evidence", communityId);
}

/** Reads one 社区's copy: its staff, grid workers of its 网格 included, and the street above. */
export async function assertReadsCopy(db: Db, session: AuthSession, campaign: Campaign, communityId: number) {
  await assertCopy(db, campaign, communityId);
  if (!(await worksIn(db, session, communityId))) throw new ForbiddenError();
}

/** Edits one 社区's copy of the checklist: that 社区's admins and the street's. */
export async function assertEditsCopy(db: Db, session: AuthSession, campaign: Campaign, communityId: number) {
  await assertCopy(db, campaign, communityId);
  if (!(await can(db, session, "campaign.manage", communityId))) throw new ForbiddenError();
}

/**
 * The name of a staff account that works in the 社区 (an item's or a duty's 责任人), refused on
 * `field` otherwise: no such account, or one without a role there.
 */
export async function staffNameOrThrow(db: Db, userId: number, communityId: number, field: string) {
  const staff = await staffReaching(db, userId, "campaign.evidence", communityId);
  if (!staff.found) throw new ValidationError(field, "该账号不存在");
  if (!staff.reaches) throw new ValidationError(field, "只能交给本社区的工作人员");
  return staff.name;
}

/**
 * Of rows each in a 社区, the ids whose 社区 the session works in (worksIn, asked once per 社区): the
 * files rules of evidence and duty ticks. Nobody without a session.
 */
export async function idsInCommunitiesWorkedIn(
  db: Db,
  session: AuthSession | null,
  rows: ReadonlyArray<{ id: number; community_id: number }>,
): Promise<Set<number>> {
  const visible = new Set<number>();
  if (session === null) return visible;
  const reads = new Map<number, boolean>();
  for (const r of rows) {
    if (!reads.has(r.community_id)) reads.set(r.community_id, await worksIn(db, session, r.community_id));
    if (reads.get(r.community_id)) visible.add(r.id);
  }
  return visible;
}
