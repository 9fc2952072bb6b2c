import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Offload, OffloadTask } from "@chuangcheng/domain";

/**
 * A small pool of worker threads for the domain's CPU-heavy tasks (packages/domain/src/offload.ts):
 * Excel parsing, .docx and PDF building run there while the event loop keeps serving requests. Jobs
 * queue when every worker is busy; a worker that dies is replaced and its job fails with the error.
 */
export interface WorkerPool extends Offload {
  /** workers, busy ones, and jobs waiting */
  stats(): { size: number; busy: number; queued: number };
  close(): Promise<void>;
}

interface Pending {
  task: string;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: (Pending & { id: number }) | null;
}

/** The default pool size: one worker per core but one, at least one (a 2-core machine: 1). */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** The scripts a pool's threads run: build.mjs bundles each into dist/ beside main.js. */
export type WorkerEntry = "offload-worker" | "sqlite-reader-worker";

/**
 * A new worker: the built dist/<entry>.js beside this file; from source (tsx, vitest) a small
 * bootstrap that registers tsx's loader in the thread, then imports <entry>.ts.
 */
function startWorker(entry: WorkerEntry, workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL(`./${entry}.js`, here), { workerData });
  const tsx = pathToFileURL(createRequire(here).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  const source = new URL(`./${entry}.ts`, here).href;
  const boot = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(source)}); })().catch((err) => { throw err; });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Uint8Array back from a worker as the Buffer the domain's callers expect. */
function asBuffer(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

/** Nice value of the offload threads by default: they give way to requests, yet run whenever a core is idle. */
export const DEFAULT_OFFLOAD_NICE = 10;

/** `nice`: the threads' priority (0 normal … 19 lowest, Linux; see thread-priority.ts). */
export function createWorkerPool(size = defaultPoolSize(), nice = DEFAULT_OFFLOAD_NICE): WorkerPool {
  const pool = createThreadPool("offload-worker", size, { nice });
  return {
    run: (task: OffloadTask, ...args: unknown[]) => pool.call(task, args),
    stats: pool.stats,
    close: pool.close,
  } as WorkerPool;
}

/** Threads running `entry`, each answering one `{ id, task, args }` message at a time. */
export interface ThreadPool {
  call(task: string, args: unknown[]): Promise<unknown>;
  stats(): { size: number; busy: number; queued: number };
  close(lastTask?: string): Promise<void>;
}

export function createThreadPool(entry: WorkerEntry, size: number, workerData?: unknown): ThreadPool {
  const label = entry.replace(/-worker$/, "");
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = { ...queue.shift()!, id: nextId++ };
      slot.job = job;
      // Busy: keep the process alive until the answer comes; idle (below): let it exit.
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task, args: job.args });
    }
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: startWorker(entry, workerData), job: null };
    slot.worker.on(
      "message",
      (msg: {
        id: number;
        ok: boolean;
        result?: unknown;
        message?: string;
        name?: string;
        code?: string;
      }) => {
        const job = slot.job;
        if (!job || job.id !== msg.id) return;
        slot.job = null;
        if (msg.ok) job.resolve(asBuffer(msg.result));
        else
          job.reject(
            Object.assign(new Error(msg.message ?? `${label} task failed`), {
              name: msg.name ?? "Error",
              ...(msg.code ? { code: msg.code } : {}),
            }),
          );
        dispatch();
      },
    );
    // An uncaught failure ends the thread: its job fails, a fresh worker takes its place.
    slot.worker.on("error", (err) => {
      slot.job?.reject(err);
      slot.job = null;
    });
    slot.worker.on("exit", () => {
      const at = slots.indexOf(slot);
      if (at === -1) return;
      slot.job?.reject(new Error(`${label} worker exited`));
      if (closed) return;
      slots[at] = spawn();
      dispatch();
    });
    // An idle pool does not keep the process alive.
    slot.worker.unref();
    return slot;
  };

  for (let i = 0; i < Math.max(1, size); i++) slots.push(spawn());

  return {
    call: (task, args) =>
      new Promise((resolve, reject) => {
        if (closed) return reject(new Error(`${label} pool closed`));
        queue.push({ task, args, resolve, reject });
        dispatch();
      }),
    stats: () => ({ size: slots.length, busy: slots.filter((s) => s.job).length, queued: queue.length }),
    async close(lastTask?: string) {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error(`${label} pool closed`));
      await Promise.all(
        slots.splice(0).map(async (s) => {
          // Each thread first finishes its job, then runs `lastTask` (a reader closes its connection),
          // each waited for 2 s at most.
          const answered = () =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, 2000);
              s.worker.once("message", () => {
                clearTimeout(timer);
                resolve();
              });
            });
          if (lastTask) {
            if (s.job) await answered();
            const closed = answered();
            s.worker.postMessage({ id: 0, task: lastTask, args: [] });
            await closed;
          }
          await s.worker.terminate();
        }),
      );
    },
  };
}
