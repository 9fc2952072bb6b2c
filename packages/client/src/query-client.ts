import { MutationCache, QueryCache, QueryClient, matchQuery, type QueryKey } from "@tanstack/query-core";
import { errorCode, shouldRetry } from "./api.js";

/** The routers of the API (the first part of a tRPC path: volunteer.review → volunteer). */
type Feature = string;

/**
 * What a change in one router may show up in: its own lists and details, the routers that show its
 * records (a volunteer's hours come from activities, an activity's roster names volunteers), and the
 * 操作日志. The organisation's names and figures appear everywhere, so a change there refreshes all.
 */
const SHOWN_IN: Readonly<Record<Feature, readonly Feature[] | "all">> = {
  org: "all",
  // A review tells the resident (notify): their bell, if they are in another tab of this browser.
  volunteer: ["volunteer", "activity", "audit", "notification"],
  activity: ["activity", "volunteer", "audit"],
  auth: ["auth", "audit"],
  notification: ["notification"],
};

/** Mutations that change nothing (they are mutations only because their input is large). */
const READ_ONLY_MUTATIONS: ReadonlySet<string> = new Set(["volunteer.importPreview"]);

/** The query-key prefixes a successful mutation makes stale; [] for one that changes nothing. */
export function changedBy(mutationKey: QueryKey | undefined): QueryKey[] {
  const path = Array.isArray(mutationKey?.[0]) ? (mutationKey[0] as unknown[]).map(String) : null;
  if (!path || path.length === 0) return [[]];
  if (READ_ONLY_MUTATIONS.has(path.join("."))) return [];
  const shown = SHOWN_IN[path[0]!] ?? "all";
  // tRPC keys start with the path as an array: [["volunteer"]] matches every volunteer.* query.
  return shown === "all" ? [[]] : shown.map((feature) => [[feature]]);
}

/**
 * Both apps are served from one origin: a change made in one tab (the console approves a volunteer)
 * is told to the others (the portal showing that resident's 待审核), which refetch what it touched.
 */
const CHANGES_CHANNEL = "chuangcheng-changes";

interface ChangesMessage {
  keys: QueryKey[];
}

export interface AppQueryClientOptions {
  /**
   * The key of the app's session query (auth.me, or what wraps it). When any other query, or any
   * mutation, answers UNAUTHORIZED (the session ended elsewhere: a logout in another tab, a password
   * change on another phone), this query is marked stale and fetched again where it is shown, so the
   * app's login guard sees the session is gone. A failure of the session query itself does not set
   * this off, or it would ask again forever.
   */
  sessionKey: QueryKey;
  /**
   * The BroadcastChannel on which tabs of this origin tell each other what they changed; null for
   * none (a test, or a browser without BroadcastChannel).
   */
  changesChannel?: string | null;
}

/**
 * The one react-query client setup of both apps: when queries are fresh, retried and refetched, and
 * what an UNAUTHORIZED answer does, and what a change makes stale, here and in the app's other tabs.
 * A change to when lists refresh (on focus, on page show) belongs here, for both apps at once.
 */
export function createQueryClient({
  sessionKey,
  changesChannel = CHANGES_CHANNEL,
}: AppQueryClientOptions): QueryClient {
  const sessionEnded = (error: unknown) => {
    if (errorCode(error) === "UNAUTHORIZED") void client.invalidateQueries({ queryKey: sessionKey });
  };
  // Marks stale every query under these prefixes and refetches those on screen; the others refetch
  // when shown again.
  const invalidate = (keys: QueryKey[]) => {
    for (const queryKey of keys) void client.invalidateQueries({ queryKey });
  };
  const channel =
    changesChannel !== null && typeof BroadcastChannel !== "undefined"
      ? new BroadcastChannel(changesChannel)
      : null;
  if (channel) {
    channel.onmessage = (event: MessageEvent<ChangesMessage>) => {
      if (Array.isArray(event.data?.keys)) invalidate(event.data.keys);
    };
    // Node (tests) would otherwise keep running for the channel's sake; a browser has no unref.
    (channel as { unref?: () => void }).unref?.();
  }
  const changed = (mutationKey: QueryKey | undefined) => {
    const keys = changedBy(mutationKey);
    if (keys.length === 0) return;
    invalidate(keys);
    channel?.postMessage({ keys } satisfies ChangesMessage);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!matchQuery({ queryKey: sessionKey }, query)) sessionEnded(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: sessionEnded,
      // Every change refreshes what shows it, in this tab and the others, whatever page made it.
      onSuccess: (_data, _variables, _context, mutation) => changed(mutation.options.mutationKey),
    }),
    defaultOptions: {
      queries: {
        // Someone else may have changed a list at any time (a resident applies while the console
        // shows the review queue): what is shown again (a page visited again, the window focused
        // again) is fetched again. The few seconds only spare a second request when several parts
        // of one page mount the same query; the previous data stays on screen while it loads.
        staleTime: 2_000,
        refetchOnMount: true,
        refetchOnWindowFocus: true,
        retry: shouldRetry,
      },
      // A mutation is never sent twice by itself: the person decides whether to try again.
      mutations: { retry: false },
    },
  });
  return client;
}
