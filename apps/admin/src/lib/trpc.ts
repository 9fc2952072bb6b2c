import { QueryCache, QueryClient, MutationCache } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, isTRPCClientError, type TRPCClientErrorLike } from "@trpc/client";
import { createTRPCContext, type inferOutput } from "@trpc/tanstack-react-query";
// Type only: the domain's runtime pulls in Node code (database, crypto) and must never reach the browser.
import type { AppRouter } from "@chuangcheng/domain";

export type { AppRouter };
export type ApiError = TRPCClientErrorLike<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        // The session is an httpOnly cookie on this origin.
        fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
      }),
    ],
  });
}

/** The tRPC error code of a failed call ("UNAUTHORIZED", "BAD_REQUEST" …), or null for other failures. */
export function errorCode(error: unknown): string | null {
  return isTRPCClientError<AppRouter>(error) ? (error.data?.code ?? null) : null;
}

const NO_RETRY = new Set([
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_REQUEST",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
]);

/**
 * One query client for the app. When any call answers UNAUTHORIZED (the session ended), auth.me is
 * refetched: the console layout sees it fail and sends the user to the login page.
 */
export function createQueryClient() {
  const onError = (error: unknown) => {
    if (errorCode(error) === "UNAUTHORIZED") {
      void client.invalidateQueries({ queryKey: [["auth", "me"]] });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        const path = query.queryKey[0];
        if (!(Array.isArray(path) && path.join(".") === "auth.me")) onError(error);
      },
    }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !NO_RETRY.has(errorCode(error) ?? "") && count < 2,
      },
    },
  });
  return client;
}

type Api = ReturnType<typeof useTRPC>;
export type Me = inferOutput<Api["auth"]["me"]>;
export type OrgUnit = inferOutput<Api["org"]["tree"]>[number];
export type UserRow = inferOutput<Api["auth"]["users"]["search"]>["items"][number];
export type AuditRow = inferOutput<Api["audit"]["list"]>["items"][number];
export type VolunteerRow = inferOutput<Api["volunteer"]["roster"]>["items"][number];
export type VolunteerDetail = inferOutput<Api["volunteer"]["detail"]>;
export type RatioResult = inferOutput<Api["volunteer"]["ratio"]>;
export type ImportResult = inferOutput<Api["volunteer"]["import"]>;
export type TeamRow = inferOutput<Api["volunteer"]["teams"]["list"]>[number];
export type TeamMember = inferOutput<Api["volunteer"]["teams"]["members"]>[number];
export type ActivityRow = inferOutput<Api["activity"]["list"]>["items"][number];
export type ActivityDetail = inferOutput<Api["activity"]["detail"]>;
export type SignupRow = inferOutput<Api["activity"]["roster"]>[number];
