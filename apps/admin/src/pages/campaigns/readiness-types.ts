import type { inferOutput } from "@trpc/tanstack-react-query";
import type { useTRPC } from "../../lib/trpc";

type Api = ReturnType<typeof useTRPC>;
export type CampaignReadiness = inferOutput<Api["campaign"]["readiness"]>;
export type CommunityReadiness = CampaignReadiness["communities"][number];

/** A share's band: the colour of a cell or bar (≥ 80 % ready, ≥ 50 %, below). */
export type ShareBand = "high" | "mid" | "low";
export const shareBand = (percent: number): ShareBand =>
  percent >= 80 ? "high" : percent >= 50 ? "mid" : "low";
export const BAND_COLORS: Record<ShareBand, string> = {
  high: "#389e0d",
  mid: "#d48806",
  low: "#cf1322",
};
