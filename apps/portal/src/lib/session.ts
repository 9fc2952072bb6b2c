import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { SESSION_KEY, errorCode, useTRPCClient, type Me } from "./trpc";

type ApiClient = ReturnType<typeof useTRPCClient>;

/**
 * The logged-in resident (auth.me), or null when nobody is logged in. UNAUTHORIZED is an answer
 * here, not a failure: the query resolves to null so every page can tell "logged out" from "loading".
 */
function sessionOptions(client: ApiClient) {
  return queryOptions<Me | null>({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await client.auth.me.query(undefined, { signal });
      } catch (error) {
        if (errorCode(error) === "UNAUTHORIZED") return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSession() {
  return useQuery(sessionOptions(useTRPCClient()));
}

/** After login or registration (the server has set the cookie): load the session before moving on. */
export function useRefreshSession() {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.fetchQuery({ ...sessionOptions(client), staleTime: 0 }),
    [client, queryClient],
  );
}

/** After logout: forget the resident and everything loaded on their behalf. */
export function useForgetSession() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    queryClient.setQueryData<Me | null>(SESSION_KEY, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  }, [queryClient]);
}

/** Only same-app paths: an open redirect through ?next= must not be possible. */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return null;
  if (next.startsWith("/login") || next.startsWith("/register")) return null;
  return next;
}
