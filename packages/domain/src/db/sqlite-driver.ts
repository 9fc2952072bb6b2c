import type SQLite from "better-sqlite3";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type OperationNode,
  type QueryCompiler,
  type QueryResult,
} from "kysely";
import { pace } from "../pace.js";
import { asObjects, readRows, type RowArrays } from "./sqlite-rows.js";

/**
 * Where a SQLite database's reads can run besides its one connection: read-only connections to the
 * same file on other threads (the server's worker threads). WAL lets them read while the writer writes,
 * each statement seeing what was committed when it began.
 */
export interface SqliteReaders {
  /** The rows, and how long the statement ran on its reader (not the wait for one), in ms. */
  all(sql: string, parameters: readonly unknown[]): Promise<RowArrays & { ms: number }>;
}

/**
 * What the database has had written, table by table, so that a cache can tell whether what it holds
 * may be stale. `version(tables)` changes whenever one of `tables` may have changed: a write through
 * this process (counted when the statement runs and again when its transaction ends, so an answer read
 * while the transaction was open is not kept), or any commit by another process on the file
 * (SQLite's data_version). It counts the table a statement names, not the tables its triggers write
 * (the tallies): a cache of those keys on the table the trigger watches.
 */
export interface WriteWatch {
  version(tables: readonly string[]): string;
  /**
   * The same version, read after the caller asked: every caller that asks before the event loop's
   * next check phase shares one data_version read, made there, after all of them arrived. A commit
   * finished before any of them asked is seen by each, as with a read of its own. The read costs two
   * file-lock system calls, about 10 µs of the event loop under load; shared, auth.me went from 70 to
   * 44 µs of server CPU per request (`npm run bench -- http`). Under load one poll of the sockets
   * brings several requests; alone, a request waits only for the end of its turn of the loop. What asks
   * on every request asks this.
   */
  versionSoon(tables: readonly string[]): Promise<string>;
}

const watches = new WeakMap<object, WriteWatch>();

/** The write watch of a SQLite database this module opened; null on PostgreSQL or inside a transaction. */
export function writeWatchOf(db: Kysely<unknown> | object): WriteWatch | null {
  return watches.get(db) ?? null;
}

/** Lets `db` answer writeWatchOf with the watch of the driver it was made with. */
export function registerWriteWatch(db: object, dialect: RoutingSqliteDialect): void {
  watches.set(db, dialect.watch);
}

/**
 * Kysely's SQLite dialect with better-sqlite3's one connection for writes and transactions, and reads
 * outside a transaction on `readers` when there are any. Kysely's own SQLite driver queues every query
 * behind the one connection (a read waits for another request's whole transaction); here only writes
 * and transactions take turns, and a read can neither see nor join someone's open transaction.
 */
export class RoutingSqliteDialect implements Dialect {
  readonly watch: WriteWatch;
  readonly #driver: RoutingSqliteDriver;

  /** `inlineMs`: see INLINE_MS (a test sets it far from any machine's timing). */
  constructor(database: SQLite.Database, readers: SqliteReaders | null, inlineMs = INLINE_MS) {
    this.#driver = new RoutingSqliteDriver(database, readers, inlineMs);
    const driver = this.#driver;
    this.watch = {
      version: (tables) => driver.version(tables),
      versionSoon: (tables) => driver.versionSoon(tables),
    };
  }
  createDriver(): Driver {
    return this.#driver;
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new ParallelSqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

/** Kysely serialises every query when the adapter says it has one connection; the driver does it instead. */
class ParallelSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/** One at a time, in arrival order. */
class Turns {
  #tail: Promise<void> = Promise.resolve();
  /** turns taken or waited for and not yet given back */
  #pending = 0;
  /** Nobody holds the connection or waits for it: a statement run now, synchronously, is alone on it. */
  get free(): boolean {
    return this.#pending === 0;
  }
  take(): Promise<() => void> {
    let release!: () => void;
    this.#pending++;
    const mine = new Promise<void>(
      (resolve) =>
        (release = () => {
          this.#pending--;
          resolve();
        }),
    );
    const before = this.#tail;
    this.#tail = before.then(() => mine);
    return before.then(() => release);
  }
}

/**
 * A read whose statement usually runs in less than this stays on the event loop when the connection
 * is free: a message to a reader and back costs more than such a read, and it would queue behind the
 * slow ones. A slower one, or any read while a transaction is open, goes to the readers.
 */
const INLINE_MS = 1;
/** Statements whose cost is remembered (by SQL text); past this the memory starts again. */
const COSTS_KEPT = 2_000;

const ALL = "*";

/** The tables a statement writes, or ALL for one whose target this cannot name (raw SQL, DDL). */
function tablesWritten(node: OperationNode): string[] {
  const nameOf = (n: OperationNode | undefined): string => {
    if (!n) return ALL;
    if (n.kind === "AliasNode") return nameOf((n as unknown as { node: OperationNode }).node);
    if (n.kind === "TableNode")
      return (n as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
    return ALL;
  };
  switch (node.kind) {
    case "InsertQueryNode":
      return [nameOf((node as unknown as { into?: OperationNode }).into)];
    case "UpdateQueryNode":
      return [nameOf((node as unknown as { table?: OperationNode }).table)];
    case "DeleteQueryNode":
      return (node as unknown as { from: { froms: OperationNode[] } }).from.froms.map(nameOf);
    default:
      return [ALL];
  }
}

function isRead(query: CompiledQuery): boolean {
  if (query.query.kind === "SelectQueryNode") return true;
  // sql`select …` written by hand: a select cannot write here (the one function SQLite has is pure).
  return query.query.kind === "RawNode" && /^\s*select\s/i.test(query.sql);
}

class RoutingSqliteDriver implements Driver {
  readonly #db: SQLite.Database;
  readonly #readers: SqliteReaders | null;
  readonly #inlineMs: number;
  readonly #turns = new Turns();
  readonly #writes = new Map<string, number>();
  readonly #costs = new Map<string, number>();
  readonly #dataVersion: SQLite.Statement;
  /** the data_version read the callers of versionSoon share, until it is made */
  #sharedDataVersion: Promise<number> | null = null;

  constructor(db: SQLite.Database, readers: SqliteReaders | null, inlineMs: number) {
    this.#db = db;
    this.#readers = readers;
    this.#inlineMs = inlineMs;
    // Asked on every request that holds a session: prepared once.
    this.#dataVersion = db.prepare("pragma data_version").pluck();
  }

  version(tables: readonly string[]): string {
    // data_version: changes when another connection (a CLI, a second process) commits to the file.
    return this.#compose(this.#dataVersion.get() as number, tables);
  }

  versionSoon(tables: readonly string[]): Promise<string> {
    this.#sharedDataVersion ??= new Promise((resolve, reject) =>
      setImmediate(() => {
        // Cleared first: whoever asks from now on, even while this read is handed out, gets a new one.
        this.#sharedDataVersion = null;
        // A failed read (a closed database) fails every caller that shares it, not the process.
        try {
          resolve(this.#dataVersion.get() as number);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
    // This process's own counts as they are when the caller resumes: never older than the read.
    return this.#sharedDataVersion.then((dataVersion) => this.#compose(dataVersion, tables));
  }

  #compose(dataVersion: number, tables: readonly string[]): string {
    let v = `${dataVersion}:${this.#writes.get(ALL) ?? 0}`;
    for (const t of tables) v += `:${this.#writes.get(t) ?? 0}`;
    return v;
  }

  wrote(tables: Iterable<string>) {
    for (const t of tables) this.#writes.set(t, (this.#writes.get(t) ?? 0) + 1);
  }

  /**
   * Runs a statement on the one connection: the caller holds its turn (or its transaction does). A
   * write is counted even when it fails (a failed statement may have written before it stopped), and
   * an insert … returning is a write though SQLite answers it with rows.
   */
  run(query: CompiledQuery, touched: Set<string> | null, control = false): QueryResult<unknown> {
    const statement = this.#db.prepare(query.sql);
    const tables = control || isRead(query) ? [] : tablesWritten(query.query);
    try {
      if (statement.reader) return { rows: readRows(statement, query.parameters) };
      const { changes, lastInsertRowid } = statement.run(query.parameters as unknown[]);
      return {
        insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
        numAffectedRows: changes != null ? BigInt(changes) : undefined,
        rows: [],
      };
    } finally {
      if (tables.length > 0) {
        this.wrote(tables);
        if (touched) for (const t of tables) touched.add(t);
      }
    }
  }

  /**
   * A read outside a transaction: here at once when its statement is cheap and the connection free,
   * else on a reader. Each run's time teaches the next (a moving average per statement), so a statement
   * that turns out slow here goes to the readers from then on. null: not a read, or no readers.
   */
  async readElsewhere(query: CompiledQuery): Promise<QueryResult<unknown> | null> {
    if (!this.#readers || !isRead(query)) return null;
    const cost = this.#costs.get(query.sql);
    if (cost !== undefined && cost < this.#inlineMs && this.#turns.free) {
      const started = performance.now();
      const rows = readRows(this.#db.prepare(query.sql), query.parameters);
      this.#learn(query.sql, performance.now() - started);
      return { rows };
    }
    const { ms, ...read } = await this.#readers.all(query.sql, query.parameters);
    this.#learn(query.sql, ms);
    return { rows: asObjects(read) };
  }

  #learn(sql: string, ms: number) {
    const before = this.#costs.get(sql);
    if (before === undefined && this.#costs.size >= COSTS_KEPT) this.#costs.clear();
    this.#costs.set(sql, before === undefined ? ms : before * 0.7 + ms * 0.3);
  }

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  async takeTurn() {
    return this.#turns.take();
  }

  async beginTransaction(connection: DatabaseConnection) {
    const conn = connection as RoutedConnection;
    conn.release = await this.#turns.take();
    conn.touched = new Set();
    try {
      this.run(CompiledQuery.raw("begin"), null, true);
    } catch (error) {
      conn.end(this);
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection) {
    // A failed commit (SQLITE_BUSY from another process) leaves the transaction open: Kysely rolls it
    // back next, and the turn passes on only then, so the rollback cannot land in someone else's.
    this.run(CompiledQuery.raw("commit"), null, true);
    (connection as RoutedConnection).end(this);
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    const conn = connection as RoutedConnection;
    if (!conn.release) return;
    try {
      if (this.#db.inTransaction) this.run(CompiledQuery.raw("rollback"), null, true);
    } finally {
      conn.end(this);
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    await connection.executeQuery(savepointQuery("savepoint", name, compile));
  }
  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ) {
    await connection.executeQuery(savepointQuery("rollback to", name, compile));
  }
  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ) {
    await connection.executeQuery(savepointQuery("release", name, compile));
  }

  async releaseConnection() {}

  async destroy() {
    this.#db.close();
  }
}

function savepointQuery(
  command: string,
  name: string,
  _compile: QueryCompiler["compileQuery"],
): CompiledQuery {
  // Kysely names savepoints itself (identifiers it made); quoting keeps any name literal.
  return CompiledQuery.raw(`${command} "${name.replaceAll('"', '""')}"`);
}

/**
 * What Kysely holds while it runs queries: inside a transaction, the one connection (its turn taken at
 * begin, given back at commit or rollback); outside, a read goes to the readers and a write waits for
 * its turn on the one connection.
 */
class RoutedConnection implements DatabaseConnection {
  readonly #driver: RoutingSqliteDriver;
  release: (() => void) | null = null;
  touched: Set<string> | null = null;

  constructor(driver: RoutingSqliteDriver) {
    this.#driver = driver;
  }

  /** The transaction is over: counted again (what was read meanwhile is stale), and the turn passes on. */
  end(driver: RoutingSqliteDriver) {
    if (this.touched) driver.wrote(this.touched);
    this.touched = null;
    const release = this.release;
    this.release = null;
    release?.();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // A transaction of thousands of statements (an import) would otherwise hold the event loop to the end.
    await pace();
    if (this.release) return this.#driver.run(query, this.touched) as QueryResult<R>;
    const elsewhere = await this.#driver.readElsewhere(query);
    if (elsewhere) return elsewhere as QueryResult<R>;
    const release = await this.#driver.takeTurn();
    try {
      return this.#driver.run(query, null) as QueryResult<R>;
    } finally {
      release();
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Rows one at a time from the one connection, holding its turn until the last (as Kysely's driver does).
    const release = this.release ? null : await this.#driver.takeTurn();
    try {
      const rows = (this.#driver.run(query, this.touched) as QueryResult<R>).rows;
      for (const row of rows) yield { rows: [row] };
    } finally {
      release?.();
    }
  }
}
