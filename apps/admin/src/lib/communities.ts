import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import type { OrgKind } from "@chuangcheng/domain/rules";
import { unitPath } from "./org-tree";
import { useTRPC, type OrgUnit } from "./trpc";

/** The units below `id` (not `id` itself), optionally only those of one kind. */
export function descendantsOf(units: readonly OrgUnit[], id: number, kind?: OrgKind): OrgUnit[] {
  const children = new Map<number, OrgUnit[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  }
  const out: OrgUnit[] = [];
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const u = stack.shift()!;
    out.push(u);
    stack.push(...(children.get(u.id) ?? []));
  }
  return kind ? out.filter((u) => u.kind === kind) : out;
}

/**
 * The 社区 in the user's org tree. `managed` are those the user administers (社区管理员 or above): the
 * ones whose volunteers, ratio, teams and activities they may manage. A grid worker sees their 社区 in
 * the tree but administers none. The server checks every call again.
 */
export function useCommunities() {
  const trpc = useTRPC();
  const tree = useQuery(trpc.org.tree.queryOptions());
  return useMemo(() => {
    const units = tree.data ?? [];
    const all = units.filter((u) => u.kind === "community");
    const managed = all.filter((u) => u.canManage);
    const option = (u: OrgUnit) => ({ value: u.id, label: unitPath(units, u.id) });
    return {
      units,
      all,
      managed,
      allOptions: all.map(option),
      managedOptions: managed.map(option),
      isPending: tree.isPending,
      error: tree.error,
    };
  }, [tree.data, tree.isPending, tree.error]);
}
