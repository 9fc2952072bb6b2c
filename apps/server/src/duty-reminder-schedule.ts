import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { sendDutyReminders, type Database } from "@chuangcheng/domain";
import { scheduleJob } from "./scheduled-job.js";

/** Hourly: a duty that falls due in the evening is told of that evening, not the next day. */
export const DUTY_REMINDERS_EVERY_MS = 60 * 60 * 1000;

/**
 * Sends the calendar's reminders (sendDutyReminders): duties due soon and duties left undone, each
 * once per rule and period whatever the number of runs. At start, then every `everyMs`; a failure is
 * logged and tried again at the next run. Logs counts only. `now` is for tests.
 */
export function scheduleDutyReminders(
  app: FastifyInstance,
  opts: { db: Kysely<Database>; everyMs?: number; now?: () => Date },
) {
  const job = async () => {
    const sent = await sendDutyReminders(opts.db, opts.now?.() ?? new Date());
    if (sent.due + sent.overdue > 0) app.log.info(sent, "sent reminders of recurring duties");
  };
  return scheduleJob(app, {
    job,
    everyMs: opts.everyMs ?? DUTY_REMINDERS_EVERY_MS,
    failure: "reminders of recurring duties failed",
  });
}
