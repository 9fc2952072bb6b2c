import type { inferOutput } from "@trpc/tanstack-react-query";
import type { useTRPC } from "../../lib/trpc";

type Api = ReturnType<typeof useTRPC>;
export type CampaignRow = inferOutput<Api["campaign"]["list"]>[number];
export type CampaignDetail = inferOutput<Api["campaign"]["detail"]>;
export type ChecklistItem = inferOutput<Api["campaign"]["checklist"]>[number];
export type Leader = CampaignDetail["leaders"][number];
