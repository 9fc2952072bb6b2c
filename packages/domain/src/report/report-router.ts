import { z } from "zod";
import { authedProcedure, permission, router } from "../trpc.js";
import { ACTIVITY_KINDS } from "../activity/rules.js";
import { workbench } from "./workbench.js";
import { dashboardProcedures } from "./dashboard-router.js";
import { summaryProcedures } from "./summary-router.js";

/** Figures across features for the console, and the 工作总结 (the report feature's one table, summary_draft). */
export const reportRouter = router({
  /** 工作台: 待审核 registrations, today's activities and hours to confirm, in the caller's units. */
  workbench: authedProcedure
    .use(permission("console.access"))
    .output(
      z.object({
        /** Beijing date, YYYY-MM-DD */
        date: z.string(),
        pendingReview: z.number().nullable(),
        today: z.array(
          z.object({
            id: z.number(),
            title: z.string(),
            kind: z.enum(ACTIVITY_KINDS),
            startsAt: z.string(),
            endsAt: z.string(),
            place: z.string(),
            communityName: z.string(),
            capacity: z.number(),
            signedCount: z.number(),
            checkedIn: z.number(),
          }),
        ),
        pendingHours: z
          .object({
            total: z.number(),
            activities: z.array(
              z.object({ id: z.number(), title: z.string(), startsAt: z.string(), count: z.number() }),
            ),
          })
          .nullable(),
      }),
    )
    .query(({ ctx }) => workbench(ctx.db, ctx.session)),
  ...dashboardProcedures,
  ...summaryProcedures,
});
