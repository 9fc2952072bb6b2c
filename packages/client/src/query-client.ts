import { MutationCache, QueryCache, QueryClient, matchQuery, type QueryKey } from "@tanstack/query-core";
import { errorCode, shouldRetry } from "./api.js";

export interface AppQueryClientOptions {
  /**
   * The key of the app's session query (auth.me, or what wraps it). When any other query, or any
   * mutation, answers UNAUTHORIZED (the session ended elsewhere: a logout in another tab, a password
   * change on another phone), this query is marked stale and fetched again where it is shown, so the
   * app's login guard sees the session is gone. A failure of the session query itself does not set
   * this off, or it would ask again forever.
   */
  sessionKey: QueryKey;
}

/**
 * The one react-query client setup of both apps: when queries are fresh, retried and refetched, and
 * what an UNAUTHORIZED answer does. A change to when lists refresh (on focus, on page show) belongs
 * here, for both apps at once.
 */
export function createQueryClient({ sessionKey }: AppQueryClientOptions): QueryClient {
  const sessionEnded = (error: unknown) => {
    if (errorCode(error) === "UNAUTHORIZED") void client.invalidateQueries({ queryKey: sessionKey });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!matchQuery({ queryKey: sessionKey }, query)) sessionEnded(error);
      },
    }),
    mutationCache: new MutationCache({ onError: sessionEnded }),
    defaultOptions: {
      queries: {
        // Lists stay as loaded for 30 s; a mutation invalidates what it changed.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: shouldRetry,
      },
      // A mutation is never sent twice by itself: the person decides whether to try again.
      mutations: { retry: false },
    },
  });
  return client;
}
