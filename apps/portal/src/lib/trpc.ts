import { createTRPCContext, type inferOutput } from "@trpc/tanstack-react-query";
import { createQueryClient as createAppQueryClient, type AppRouter } from "@chuangcheng/client";

export { createApiClient, errorCode, type ApiError, type AppRouter } from "@chuangcheng/client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Query key of the session (auth.me, or null when logged out); see lib/session.ts. */
export const SESSION_KEY = ["session"] as const;

/**
 * The portal's query client (see @chuangcheng/client): when any call answers UNAUTHORIZED (the session
 * ended elsewhere, e.g. a password change on another phone), the session is fetched again and the
 * pages that need a login send the resident to the login page.
 */
export function createQueryClient() {
  return createAppQueryClient({ sessionKey: SESSION_KEY });
}

type Api = ReturnType<typeof useTRPC>;
export type Me = inferOutput<Api["auth"]["me"]>;
export type PublicUnit = inferOutput<Api["org"]["publicTree"]>[number];
export type MyVolunteer = NonNullable<inferOutput<Api["volunteer"]["mine"]>>;
/** An imported paper-form record this account may claim (masked), or null. */
export type Claimable = inferOutput<Api["volunteer"]["claimable"]>;
/** An activity as the resident sees it: with their own sign-up, if any. */
export type ResidentActivity = inferOutput<Api["activity"]["detail"]>;
export type Team = inferOutput<Api["volunteer"]["teams"]["list"]>[number];
/** A notice in the resident's inbox (消息). */
export type Notice = inferOutput<Api["notification"]["list"]>["items"][number];
/** 随手拍 (problems) as the resident sees them: their own reports and the 社区's published solved ones. */
export type MyProblem = inferOutput<Api["problem"]["mine"]>["items"][number];
export type MyProblemDetail = inferOutput<Api["problem"]["myDetail"]>;
export type ProblemCategoryOption = inferOutput<Api["problem"]["categories"]>[number];
export type SolvedProblem = inferOutput<Api["problem"]["publicFeed"]>["items"][number];
