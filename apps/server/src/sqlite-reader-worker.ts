import { parentPort, workerData } from "node:worker_threads";
// Only the reader, not the domain's index: each of the threads would load Kysely, pg, exceljs, docx,
// sharp and every router, about 75 MB of memory per thread, for nothing.
import { openSqliteReader } from "@chuangcheng/domain/sqlite-reader";

// A reader thread of sqlite-readers.ts: one read-only connection to the database file, answering one
// select at a time with its rows, or with the error (its SQLite code kept, so callers can tell a busy
// database from a wrong statement).

interface Job {
  id: number;
  task: "all";
  args: [sql: string, parameters: unknown[]];
}

const port = parentPort;
if (!port) throw new Error("sqlite-reader-worker.ts runs only as a worker thread");
const { file } = workerData as { file: string };
// Opened at the first read: the server creates the file (and turns WAL on) just after starting the pool.
let reader: ReturnType<typeof openSqliteReader> | null = null;

port.on("message", ({ id, task, args }: Job | { id: number; task: "close"; args: [] }) => {
  if (task === "close") {
    reader?.close();
    reader = null;
    port.postMessage({ id, ok: true, result: null });
    return;
  }
  const [sql, parameters] = args;
  try {
    reader ??= openSqliteReader(file);
    port.postMessage({ id, ok: true, result: reader.all(sql, parameters) });
  } catch (err) {
    const e = err instanceof Error ? (err as Error & { code?: unknown }) : null;
    port.postMessage({
      id,
      ok: false,
      message: e ? e.message : String(err),
      name: e ? e.name : "Error",
      code: typeof e?.code === "string" ? e.code : undefined,
    });
  }
});
