import { auditRouter } from "./audit/audit-router.js";
import { authRouter } from "./auth/auth-router.js";
import { orgRouter } from "./org/org-router.js";
import { createCallerFactory, router } from "./trpc.js";

/** One router per feature. A new feature adds one line here. */
export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
