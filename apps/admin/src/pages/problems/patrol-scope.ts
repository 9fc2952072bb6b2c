import type { Role } from "@chuangcheng/domain/rules";
import { descendantsOf } from "../../lib/communities";
import type { OrgUnit } from "../../lib/trpc";

/**
 * The 楼院 a staff member may file a 巡查 in: those under their staff grants (a grid worker's 网格, an
 * admin's 社区 or 街道), in tree order, each once. A resident grant gives none. The server checks again.
 */
export function patrolCourtyards(
  units: readonly OrgUnit[],
  grants: readonly { role: Role; unitId: number | null }[],
): OrgUnit[] {
  const seen = new Set<number>();
  const out: OrgUnit[] = [];
  for (const g of grants) {
    if (g.role === "resident") continue;
    const roots =
      g.unitId === null ? units.filter((u) => u.parentId === null) : units.filter((u) => u.id === g.unitId);
    for (const root of roots) {
      const found = root.kind === "courtyard" ? [root] : descendantsOf(units, root.id, "courtyard");
      for (const c of found) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        out.push(c);
      }
    }
  }
  return out;
}

/** The 社区 a unit belongs to (itself if it is one), or undefined above the 社区 level. */
export function communityOf(units: readonly OrgUnit[], id: number): OrgUnit | undefined {
  const byId = new Map(units.map((u) => [u.id, u]));
  let current = byId.get(id);
  while (current && current.kind !== "community") {
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return current;
}
