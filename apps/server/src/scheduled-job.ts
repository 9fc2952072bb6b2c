import type { FastifyInstance } from "fastify";

/**
 * Runs `job` once when the server is ready, then every `everyMs`. A run never overlaps the one before
 * (a slow run makes the next tick wait for it); a failure is logged with `failure` and tried again at
 * the next tick. The timer does not keep the process alive, and closing the server waits for a run in
 * progress. Returns `run`, for tests and for callers who want a run now.
 */
export function scheduleJob(
  app: FastifyInstance,
  opts: { job: () => Promise<void>; everyMs: number; failure: string },
) {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= opts
      .job()
      .catch((err: unknown) => app.log.error({ err }, opts.failure))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(run, opts.everyMs);
  timer.unref();
  app.addHook("onReady", async () => {
    void run();
  });
  app.addHook("onClose", async () => {
    clearInterval(timer);
    await running;
  });
  return { run };
}
