import { checkedOnce } from "../checked-once.js";
import { authedProcedure, keptForReaders, permission } from "../trpc.js";
import { communityFigures, dashboardCommunity, dashboardStreet, streetFigures } from "./dashboard-service.js";
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
    .query(async ({ ctx, input }) => {
      // Checked for each caller; the figures are the same for all who may read them, and shared.
      const unit = await dashboardCommunity(ctx.db, ctx.session, input.communityId);
      const key = { communityId: unit.id, month: input.month ?? null };
      return keptForReaders(ctx, "report.communityDashboard", key, () =>
        communityFigures(ctx.db, unit, input.month),
      );
    }),
  /** A 街道's 社区 side by side (the ranking's figures), for the street's staff. */
  streetDashboard: authedProcedure
    .use(permission("console.access"))
    .input(streetDashboardInput)
    .output(checkedOnce(streetDashboardOutput))
    .query(async ({ ctx, input }) => {
      const street = await dashboardStreet(ctx.db, ctx.session, input.streetId);
      const key = { streetId: street.id, month: input.month ?? null };
      return keptForReaders(ctx, "report.streetDashboard", key, () =>
        streetFigures(ctx.db, street, input.month),
      );
    }),
};
