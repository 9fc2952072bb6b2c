import { createTRPCContext, type inferOutput } from "@trpc/tanstack-react-query";
import { createQueryClient as createAppQueryClient, type AppRouter } from "@chuangcheng/client";

export { createApiClient, errorCode, type ApiError, type AppRouter } from "@chuangcheng/client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * The console's query client (see @chuangcheng/client): when any call answers UNAUTHORIZED, auth.me is
 * fetched again, and the console layout sees it fail and sends the user to the login page.
 */
export function createQueryClient() {
  // tRPC's key of auth.me: [path, { type }]; the path alone matches it.
  return createAppQueryClient({ sessionKey: [["auth", "me"]] });
}

type Api = ReturnType<typeof useTRPC>;
export type Me = inferOutput<Api["auth"]["me"]>;
export type OrgUnit = inferOutput<Api["org"]["tree"]>[number];
export type UserRow = inferOutput<Api["auth"]["users"]["search"]>["items"][number];
export type AuditRow = inferOutput<Api["audit"]["list"]>["items"][number];
export type VolunteerRow = inferOutput<Api["volunteer"]["roster"]>["items"][number];
export type VolunteerDetail = inferOutput<Api["volunteer"]["detail"]>;
export type RatioResult = inferOutput<Api["volunteer"]["ratio"]>;
export type ImportPreview = inferOutput<Api["volunteer"]["importPreview"]>;
export type ImportResult = inferOutput<Api["volunteer"]["importConfirm"]>;
export type TeamRow = inferOutput<Api["volunteer"]["teams"]["list"]>[number];
export type TeamMember = inferOutput<Api["volunteer"]["teams"]["members"]>[number];
export type ActivityRow = inferOutput<Api["activity"]["list"]>["items"][number];
export type ActivityDetail = inferOutput<Api["activity"]["detail"]>;
export type SignupRow = inferOutput<Api["activity"]["roster"]>[number];
export type Workbench = inferOutput<Api["report"]["workbench"]>;
export type Notice = inferOutput<Api["notification"]["list"]>["items"][number];
