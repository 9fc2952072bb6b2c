import { sql } from "kysely";
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
