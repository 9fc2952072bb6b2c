import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import {
  eraseExpiredBoardEntries,
  removeUnattachedFiles,
  type Database,
  type FileStorage,
} from "@chuangcheng/domain";
import { scheduleJob } from "./scheduled-job.js";

/** How often the 黑榜's retention period is enforced: a day late at most matters little, a missed run not at all. */
export const BOARD_RETENTION_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Erases the personal data of 黑榜 entries past their 社区's retention period (eraseExpiredBoardEntries):
 * once at start, then every `everyMs` (6 hours). The photos it takes off go with their bytes at once
 * (the hourly files cleanup would take them within the hour). Logs counts only, never what was erased;
 * a failure is logged and tried again at the next run. The timer does not keep the process alive, and
 * closing the server waits for a run in progress. `now` is for tests.
 */
export function scheduleBoardRetention(
  app: FastifyInstance,
  opts: { db: Kysely<Database>; storage?: FileStorage | null; everyMs?: number; now?: () => Date },
) {
  const job = async () => {
    const now = opts.now?.() ?? new Date();
    const counts = await eraseExpiredBoardEntries(opts.db, now);
    if (counts.entries === 0) return;
    const removed =
      counts.photos > 0 && opts.storage ? await removeUnattachedFiles(opts.db, opts.storage, now) : null;
    app.log.info(
      { ...counts, ...(removed ? { filesRemoved: removed.files } : {}) },
      "erased the personal data of 黑榜 entries past their retention period",
    );
  };
  return scheduleJob(app, {
    job,
    everyMs: opts.everyMs ?? BOARD_RETENTION_EVERY_MS,
    failure: "黑榜 retention erasure failed",
  });
}
