import type { SqliteReaders } from "@chuangcheng/domain";
import { createThreadPool } from "./worker-pool.js";

/** The read-only SQLite connections on worker threads, as the domain's openDatabase takes them. */
export interface SqliteReaderPool extends SqliteReaders {
  stats(): { size: number; busy: number; queued: number };
  close(): Promise<void>;
}

/**
 * `size` worker threads, each with a read-only connection to `file` (WAL: they read while the one
 * connection on the event loop writes). A read waits in the queue only while every reader is busy;
 * a slow street dashboard holds one reader, not the event loop. More readers than cores still help:
 * the system shares the cores among them, so a short read is not stuck behind a long one.
 */
export function createSqliteReaders(file: string, size: number): SqliteReaderPool {
  const pool = createThreadPool("sqlite-reader-worker", size, { file });
  return {
    all: (sql, parameters) => pool.call("all", [sql, parameters]) as ReturnType<SqliteReaders["all"]>,
    stats: pool.stats,
    // Each reader closes its connection before its thread ends: SQLite removes the write-ahead log only
    // when the last connection closes, and a thread ended without closing would keep one open.
    close: () => pool.close("close"),
  };
}
