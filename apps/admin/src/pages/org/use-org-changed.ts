import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "../../lib/trpc";

/** After any change to the organisation: reload the tree (and the audit log, which now has a new row). */
export function useOrgChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.org.tree.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.auth.users.search.pathKey() }),
      ]),
    [queryClient, trpc],
  );
}
