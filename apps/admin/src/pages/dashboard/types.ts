import type { inferOutput } from "@trpc/tanstack-react-query";
import type { useTRPC } from "../../lib/trpc";

type Api = ReturnType<typeof useTRPC>;
export type CommunityDashboard = inferOutput<Api["report"]["communityDashboard"]>;
export type StreetDashboard = inferOutput<Api["report"]["streetDashboard"]>;
export type CommunityFigures = StreetDashboard["communities"][number];
export type OverdueTask = StreetDashboard["overdueTasks"][number];
