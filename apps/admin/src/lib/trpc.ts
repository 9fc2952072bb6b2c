import { QueryCache, QueryClient, MutationCache } from "@tanstack/react-query";
import { createTRPCContext, type inferOutput } from "@trpc/tanstack-react-query";
import { errorCode, shouldRetry, type AppRouter } from "@chuangcheng/client";

export { createApiClient, errorCode, type ApiError, type AppRouter } from "@chuangcheng/client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

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
        retry: shouldRetry,
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
