import { z } from "zod";
import { authedProcedure, permission } from "../trpc.js";
import { myDigest } from "./task-digest.js";

// The daily digest (每日任务提醒) on request: what the caller's would say today. Spread into taskRouter.

const handles = authedProcedure.use(permission("task.handle"));

export const taskDigestOutput = z.object({
  /** the China day, YYYY-MM-DD */
  day: z.string(),
  dueToday: z.number(),
  overdue: z.number(),
  pendingAcceptance: z.number(),
  /** 督办单 on their tasks awaiting their answer (反馈) */
  supervisions: z.number(),
  /** "今日到期 2 项、已逾期 1 项、待验收 3 项"; null when there is nothing to tell */
  text: z.string().nullable(),
  /** when today's digest reached the caller's inbox; null: not (yet) sent */
  sentAt: z.string().nullable(),
});

export const taskDigestProcedures = {
  /** The caller's own digest of today, computed now (read-only; the server sends it once a day). */
  digest: handles.output(taskDigestOutput).query(({ ctx }) => myDigest(ctx.db, ctx.session)),
};
