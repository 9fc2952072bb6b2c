import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { digestDue, sendTaskDigests, type Database } from "@chuangcheng/domain";
import { scheduleJob } from "./scheduled-job.js";

/** Hourly: the day's digests go out within the hour after 08:00 China time (or after a start later in the day). */
export const TASK_DIGEST_EVERY_MS = 60 * 60 * 1000;

/**
 * Sends the day's 每日任务提醒 (sendTaskDigests) from 08:00 China time: at start, then every
 * `everyMs`; before 08:00 a run does nothing. Each person gets the day's digest once whatever the
 * number of runs or restarts (the inbox keeps one per person and day). A failure is logged and tried
 * again at the next run. Logs counts only. `now` is for tests.
 */
export function scheduleTaskDigests(
  app: FastifyInstance,
  opts: { db: Kysely<Database>; everyMs?: number; now?: () => Date },
) {
  const job = async () => {
    const now = opts.now?.() ?? new Date();
    if (!digestDue(now)) return;
    const sent = await sendTaskDigests(opts.db, now);
    if (sent.sent > 0) app.log.info(sent, "sent the daily task digests");
  };
  return scheduleJob(app, {
    job,
    everyMs: opts.everyMs ?? TASK_DIGEST_EVERY_MS,
    failure: "daily task digests failed",
  });
}
