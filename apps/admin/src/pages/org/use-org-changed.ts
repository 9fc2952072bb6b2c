import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "../../lib/trpc";

/** After any change to the organisation: reload the tree, what depends on it, and the audit log. */
export function useOrgChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.org.tree.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.auth.users.search.pathKey() }),
        // 常住人口 and the units' names feed the volunteer pages (ratio, roster, activities).
        queryClient.invalidateQueries({ queryKey: trpc.volunteer.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
      ]),
    [queryClient, trpc],
  );
}
