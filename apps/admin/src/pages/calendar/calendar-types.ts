import type { inferOutput } from "@trpc/tanstack-react-query";
import type { useTRPC } from "../../lib/trpc";

type Api = ReturnType<typeof useTRPC>;
export type DutyCalendar = inferOutput<Api["campaign"]["calendar"]>;
export type DutyRule = DutyCalendar["rules"][number];
export type DutyCellData = DutyRule["cells"][number];
export type DutyRecordData = DutyCellData["records"][number];
