import { checkedOnce } from "../checked-once.js";
import { authedProcedure, keptForCaller, permission } from "../trpc.js";
import { communityDashboard, streetDashboard } from "./dashboard-service.js";
import {
  communityDashboardInput,
  communityDashboardOutput,
  streetDashboardInput,
  streetDashboardOutput,
} from "./dashboard-schemas.js";

/** 数据看板: spread into the report router (report-router.ts). */
export const dashboardProcedures = {
  /** One 社区's figures: tasks by state and 督办 colour, overdue list, problems, volunteers, activities, readiness. */
  communityDashboard: authedProcedure
    .use(permission("console.access"))
    .input(communityDashboardInput)
    .output(checkedOnce(communityDashboardOutput))
    .query(({ ctx, input }) =>
      keptForCaller(ctx, "report.communityDashboard", input, () =>
        communityDashboard(ctx.db, ctx.session, input),
      ),
    ),
  /** A 街道's 社区 side by side (the ranking's figures), for the street's staff. */
  streetDashboard: authedProcedure
    .use(permission("console.access"))
    .input(streetDashboardInput)
    .output(checkedOnce(streetDashboardOutput))
    .query(({ ctx, input }) =>
      keptForCaller(ctx, "report.streetDashboard", input, () => streetDashboard(ctx.db, ctx.session, input)),
    ),
};
