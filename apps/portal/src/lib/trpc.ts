import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, isTRPCClientError, type TRPCClientErrorLike } from "@trpc/client";
import { createTRPCContext, type inferOutput } from "@trpc/tanstack-react-query";
// Type only: the domain's runtime pulls in Node code (database, crypto) and must never reach the browser.
// Browser-safe rules and labels come from "@chuangcheng/domain/rules".
import type { AppRouter } from "@chuangcheng/domain";

export type { AppRouter };
export type ApiError = TRPCClientErrorLike<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        // The session is an httpOnly cookie that the server sets on this origin.
        fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
      }),
    ],
  });
}

/** The tRPC error code of a failed call ("UNAUTHORIZED", "BAD_REQUEST" …), or null for other failures. */
export function errorCode(error: unknown): string | null {
  return isTRPCClientError<AppRouter>(error) ? (error.data?.code ?? null) : null;
}

/** Query key of the session (auth.me, or null when logged out); see lib/session.ts. */
export const SESSION_KEY = ["session"] as const;

const NO_RETRY = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "CONFLICT", "TOO_MANY_REQUESTS"]);

/**
 * One query client for the app. When any call answers UNAUTHORIZED (the session ended elsewhere,
 * e.g. a password change on another phone), the session is fetched again and the pages that need
 * a login send the resident to the login page.
 */
export function createQueryClient() {
  const onError = (error: unknown) => {
    if (errorCode(error) === "UNAUTHORIZED") void client.invalidateQueries({ queryKey: SESSION_KEY });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !NO_RETRY.has(errorCode(error) ?? "") && count < 2,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

type Api = ReturnType<typeof useTRPC>;
export type Me = inferOutput<Api["auth"]["me"]>;
export type PublicUnit = inferOutput<Api["org"]["publicTree"]>[number];
export type MyVolunteer = NonNullable<inferOutput<Api["volunteer"]["mine"]>>;
/** An activity as the resident sees it: with their own sign-up, if any. */
export type ResidentActivity = inferOutput<Api["activity"]["detail"]>;
export type Team = inferOutput<Api["volunteer"]["teams"]["list"]>[number];
