import type { inferOutput } from "@trpc/tanstack-react-query";
import type { useTRPC } from "../../lib/trpc";

type Api = ReturnType<typeof useTRPC>;
export type AssessmentRow = inferOutput<Api["campaign"]["assessments"]>["rounds"][number];
export type AssessmentDetail = inferOutput<Api["campaign"]["assessment"]>;
