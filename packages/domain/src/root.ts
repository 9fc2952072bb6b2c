import { auditRouter } from "./audit/audit-router.js";
import { authRouter } from "./auth/auth-router.js";
import { orgRouter } from "./org/org-router.js";
import { volunteerRouter } from "./volunteer/volunteer-router.js";
import { activityRouter } from "./activity/activity-router.js";
import { reportRouter } from "./report/report-router.js";
import { problemRouter } from "./problem/problem-router.js";
import { boardRouter } from "./board/board-router.js";
import { campaignRouter } from "./campaign/campaign-router.js";
import { notificationRouter } from "./notification/notification-router.js";
import { taskRouter } from "./task/task-router.js";
import { createCallerFactory, router } from "./trpc.js";

/** One router per feature. A new feature adds one line here. */
export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  audit: auditRouter,
  volunteer: volunteerRouter,
  activity: activityRouter,
  report: reportRouter,
  problem: problemRouter,
  board: boardRouter,
  campaign: campaignRouter,
  notification: notificationRouter,
  task: taskRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
