import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import { roleHas, type Permission } from "./rules.js";

/** The unit and all its ancestors, nearest first. Empty when the unit does not exist. */
export async function ancestorIds(db: Db, unitId: number): Promise<number[]> {
  const rows = await db
    .withRecursive("anc(id, parent_id, depth)", (qc) =>
      qc
        .selectFrom("org_unit")
        .select(["id", "parent_id", (eb) => eb.lit(0).as("depth")])
        .where("id", "=", unitId)
        .unionAll(
          qc
            .selectFrom("org_unit as u")
            .innerJoin("anc", "anc.parent_id", "u.id")
            .select(["u.id", "u.parent_id", (eb) => eb("anc.depth", "+", 1).as("depth")]),
        ),
    )
    .selectFrom("anc")
    .select("id")
    .orderBy("depth")
    .execute();
  return rows.map((r) => r.id);
}

/** The given units and everything below them. */
export async function descendantIds(db: Db, rootIds: readonly number[]): Promise<number[]> {
  if (rootIds.length === 0) return [];
  const rows = await db
    .withRecursive("sub(id)", (qc) =>
      qc
        .selectFrom("org_unit")
        .select("id")
        .where("id", "in", [...rootIds])
        .union(qc.selectFrom("org_unit as u").innerJoin("sub", "sub.id", "u.parent_id").select("u.id")),
    )
    .selectFrom("sub")
    .select("id")
    .execute();
  return rows.map((r) => r.id);
}

export function isSystemAdmin(session: AuthSession): boolean {
  return session.grants.some((g) => g.role === "system_admin");
}

/** Where the caller holds `perm`: "all" for a system admin, else the units of those grants. */
export function permissionRoots(session: AuthSession, perm: Permission): "all" | number[] {
  if (session.grants.some((g) => g.role === "system_admin" && roleHas(g.role, perm))) return "all";
  const roots = session.grants
    .filter((g) => g.orgUnitId !== null && roleHas(g.role, perm))
    .map((g) => g.orgUnitId!);
  return [...new Set(roots)];
}

/** Every unit where the caller holds `perm` (grants apply to all below them). */
export async function permissionScope(
  db: Db,
  session: AuthSession,
  perm: Permission,
): Promise<"all" | number[]> {
  const roots = permissionRoots(session, perm);
  return roots === "all" ? "all" : descendantIds(db, roots);
}

export async function can(
  db: Db,
  session: AuthSession,
  perm: Permission,
  unitId: number | null,
): Promise<boolean> {
  const roots = permissionRoots(session, perm);
  if (roots === "all") return true;
  if (unitId === null || roots.length === 0) return false;
  const chain = await ancestorIds(db, unitId);
  return chain.some((id) => roots.includes(id));
}

/** Throws ForbiddenError unless the caller holds `perm` at `unitId` (null: at the top, system admins only). */
export async function assertCan(
  db: Db,
  session: AuthSession,
  perm: Permission,
  unitId: number | null,
): Promise<void> {
  if (!(await can(db, session, perm, unitId))) throw new ForbiddenError();
}

export async function getUnitOrThrow(db: Db, unitId: number) {
  const unit = await db.selectFrom("org_unit").selectAll().where("id", "=", unitId).executeTakeFirst();
  if (!unit) throw new NotFoundError("组织单位不存在");
  return unit;
}

/** The 社区 a unit belongs to (itself, for a 社区); null above the 社区 level. */
export async function communityOf(db: Db, unitId: number): Promise<number | null> {
  const chain = await ancestorIds(db, unitId);
  if (chain.length === 0) return null;
  const row = await db
    .selectFrom("org_unit")
    .select("id")
    .where("id", "in", chain)
    .where("kind", "=", "community")
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Whether grants holding `perm` reach a unit: at it or above it (its admins, the street's), or below
 * it (a grid worker of one of its 网格 for the 社区). A system admin reaches every unit.
 */
export async function reaches(
  db: Db,
  who: Pick<AuthSession, "grants">,
  perm: Permission,
  unitId: number,
): Promise<boolean> {
  const grants = who.grants.filter((g) => roleHas(g.role, perm));
  if (grants.some((g) => g.role === "system_admin")) return true;
  const roots = grants.map((g) => g.orgUnitId).filter((id): id is number => id !== null);
  if (roots.length === 0) return false;
  const above = await ancestorIds(db, unitId);
  for (const root of roots) {
    if (above.includes(root) || (await ancestorIds(db, root)).includes(unitId)) return true;
  }
  return false;
}

/**
 * The name of a live account whose roles holding `perm` reach the unit (see `reaches`): someone a
 * thing of that unit may be given to. Null when there is no such account (deleted included) or its
 * roles do not reach the unit.
 */
export async function staffReaching(
  db: Db,
  userId: number,
  perm: Permission,
  unitId: number,
): Promise<{ found: false } | { found: true; name: string; reaches: boolean }> {
  const user = await db
    .selectFrom("user")
    .select(["id", "name"])
    .where("id", "=", userId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!user) return { found: false };
  const grants = await db
    .selectFrom("role_grant")
    .select(["role", "org_unit_id"])
    .where("user_id", "=", user.id)
    .execute();
  const who = { grants: grants.map((g) => ({ role: g.role, orgUnitId: g.org_unit_id })) };
  return {
    found: true,
    name: user.name,
    reaches: await reaches(db, who as Pick<AuthSession, "grants">, perm, unitId),
  };
}
