import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ancestorIds, assertCan } from "../auth/authorize.js";
import { ROLES, ROLE_PERMISSIONS } from "../auth/rules.js";
import type { Role } from "../db/database.js";

// Whom a task of a unit may be given to (责任人): the people `staffReaching` accepts, listed at once
// so the console can offer them instead of a free search. The server checks the choice again.

const HANDLING_ROLES = ROLES.filter(
  (r) => r !== "system_admin" && ROLE_PERMISSIONS[r].includes("task.handle"),
);

export interface TaskAssignee {
  id: number;
  name: string;
  role: Role;
  unitName: string;
}

/**
 * Staff whose roles holding `task.handle` reach the unit: granted at it or above it, or at a unit
 * below it. Those granted at the unit itself come first, then those below, then those above.
 */
export async function taskAssignees(
  db: Db,
  session: AuthSession,
  input: { unitId: number },
): Promise<TaskAssignee[]> {
  await assertCan(db, session, "task.manage", input.unitId);
  const above = await ancestorIds(db, input.unitId);
  const below = await db
    .withRecursive("sub(id)", (qc) =>
      qc
        .selectFrom("org_unit")
        .select("id")
        .where("parent_id", "=", input.unitId)
        .unionAll(qc.selectFrom("org_unit as u").innerJoin("sub", "sub.id", "u.parent_id").select("u.id")),
    )
    .selectFrom("sub")
    .select("id")
    .execute();
  const rank = new Map<number, number>(above.map((id, depth) => [id, depth === 0 ? 0 : 2]));
  for (const b of below) rank.set(b.id, 1);
  if (rank.size === 0) return [];
  const rows = await db
    .selectFrom("role_grant as g")
    .innerJoin("user as u", "u.id", "g.user_id")
    .innerJoin("org_unit as o", "o.id", "g.org_unit_id")
    .select(["u.id", "u.name", "g.role", "g.org_unit_id", "o.name as unitName"])
    .where("u.deleted_at", "is", null)
    .where("g.role", "in", HANDLING_ROLES)
    .where("g.org_unit_id", "in", [...rank.keys()])
    .execute();
  const nearness = (r: (typeof rows)[number]) => rank.get(r.org_unit_id ?? 0) ?? 3;
  const best = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    const seen = best.get(r.id);
    if (!seen || nearness(r) < nearness(seen)) best.set(r.id, r);
  }
  return [...best.values()]
    .sort((a, b) => nearness(a) - nearness(b) || a.name.localeCompare(b.name, "zh-CN"))
    .map((r) => ({ id: r.id, name: r.name, role: r.role, unitName: r.unitName }));
}
