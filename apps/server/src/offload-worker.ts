import { parentPort, workerData } from "node:worker_threads";
// The tasks alone, not the domain's index with its routers, Kysely and pg (sqlite-reader-worker.ts).
import { OFFLOAD_TASKS, type OffloadTask } from "@chuangcheng/domain/offload";
import { niceThisThread } from "./thread-priority.js";
import { useNativeZipCrc } from "./zip-crc.js";

// A worker thread of the pool (worker-pool.ts): runs the domain's CPU-heavy tasks (offload.ts) by name,
// one message at a time, and answers with the result or the error's message. Buffers go back as
// transferred bytes, not copied.

interface Job {
  id: number;
  task: OffloadTask;
  args: unknown[];
}

const port = parentPort;
if (!port) throw new Error("offload-worker.ts runs only as a worker thread");
// Background work: it gives way to the threads that answer requests (OFFLOAD_NICE).
niceThisThread((workerData as { nice?: number } | undefined)?.nice ?? 0);
// The spreadsheets exceljs zips here: their CRC-32 by zlib (zip-crc.ts).
useNativeZipCrc();

port.on("message", async ({ id, task, args }: Job) => {
  try {
    const run = OFFLOAD_TASKS[task] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    if (!run) throw new Error(`no such offload task: ${String(task)}`);
    const result = await run(...args);
    const transfer =
      result instanceof Uint8Array && result.byteLength > 0 ? [result.buffer as ArrayBuffer] : [];
    port.postMessage({ id, ok: true, result }, transfer);
  } catch (err) {
    port.postMessage({
      id,
      ok: false,
      message: err instanceof Error ? err.message : String(err),
      name: err instanceof Error ? err.name : "Error",
    });
  }
});
