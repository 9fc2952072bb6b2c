import { sql, type Kysely } from "kysely";
import type { Database } from "./database.js";
import { dialectOf, type Db } from "./open-database.js";

/**
 * Makes transactions that check something and then write it (a throttle's count, "already signed
 * up?") run one at a time for the same `scope` and `key`, on every server sharing the database.
 *
 * SQLite needs nothing: better-sqlite3 has one connection and Kysely runs its transactions one after
 * another. PostgreSQL runs them side by side under READ COMMITTED, where two transactions both see
 * "no row yet" and both insert; a transaction-scoped advisory lock on the key makes the second wait
 * until the first commits, then see its row. Released at commit or rollback. The procedures run in a
 * transaction (trpc.ts `transactional`); called outside one, this does nothing.
 */
export async function lockForTransaction(trx: Db, scope: string, key: string | number): Promise<void> {
  // Outside a transaction (a script calling a service directly) a lock would end with its statement.
  if (dialectOf(trx) !== "postgres" || !trx.isTransaction) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`${scope}:${key}`}, 0))`.execute(trx);
}

/**
 * Runs `work` while holding the database-wide lock `name`: servers starting together on one PostgreSQL
 * database take turns (migrations, the first system admin, the demo data), so the second finds what the
 * first created instead of creating it again. The lock is held by one pooled connection for the
 * duration; `work` uses the others. On SQLite one server owns the file: `work` just runs.
 */
export async function whileHoldingLock<T>(
  db: Kysely<Database>,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (dialectOf(db) !== "postgres") return work();
  return db.connection().execute(async (connection) => {
    const key = sql`hashtextextended(${`lock:${name}`}, 0)`;
    await sql`select pg_advisory_lock(${key})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}
