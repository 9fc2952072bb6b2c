import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { ROLE_LABELS, type Role } from "@chuangcheng/domain/rules";
import { descendantsOf, useCommunities } from "./communities";
import { useTRPC } from "./trpc";

const STAFF_ROLES: Role[] = ["grid_worker", "community_admin"];

/**
 * The 社区's grid workers and admins, who may answer for a checklist item or a duty (责任人): from
 * 用户与角色's search (admins only: auth.users.search), those with a grant at the 社区 or one of its
 * 网格. The server checks the choice again (只能交给本社区的工作人员).
 */
export function useCommunityStaff(communityId: number) {
  const trpc = useTRPC();
  const { units } = useCommunities();
  const workers = useQuery(
    trpc.auth.users.search.queryOptions({ role: "grid_worker", page: 1, pageSize: 100 }),
  );
  const admins = useQuery(
    trpc.auth.users.search.queryOptions({ role: "community_admin", page: 1, pageSize: 100 }),
  );
  const options = useMemo(() => {
    const inside = new Set([communityId, ...descendantsOf(units, communityId).map((u) => u.id)]);
    const seen = new Set<number>();
    const out: Array<{ value: number; label: string }> = [];
    for (const u of [...(admins.data?.items ?? []), ...(workers.data?.items ?? [])]) {
      const grant = u.grants.find(
        (g) => STAFF_ROLES.includes(g.role) && g.unitId !== null && inside.has(g.unitId),
      );
      if (!grant || seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ value: u.id, label: `${u.name}（${ROLE_LABELS[grant.role]} · ${grant.unitName}）` });
    }
    return out;
  }, [units, communityId, admins.data, workers.data]);
  return { options, loading: workers.isPending || admins.isPending };
}
