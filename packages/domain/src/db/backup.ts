import SQLite from "better-sqlite3";
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { migrations } from "../migrations/index.js";
import { decryptField, type DataKeys } from "../secrets/data-keys.js";

// Online backup and restore of the SQLite database. A backup is one self-contained file (no -wal),
// checked with integrity_check before it gets its final name; a restore checks the backup, refuses
// while anything holds the target open, and keeps the database it replaces.

export const BACKUP_KEEP_DEFAULT = 14;

/** chuangcheng-YYYYMMDD-HHMMSS.db (local time), "-2", "-3"… if two land in one second. */
const BACKUP_NAME = /^chuangcheng-(\d{8})-(\d{6})(?:-(\d+))?\.db$/;
const SQLITE_HEADER = "SQLite format 3\0";
const MIGRATION_TABLE = "kysely_migration";

/** Why a backup or restore was refused; the message is for operators (Chinese, then English). */
export class BackupError extends Error {}

export interface BackupResult {
  /** absolute path of the new backup */
  file: string;
  bytes: number;
  pages: number;
  /** older backups deleted to keep the last `keep` */
  removed: string[];
}

/**
 * Copies a live database through SQLite's backup API on a connection of its own: safe while the
 * server (another connection or process, WAL mode) keeps writing. Every write committed before the
 * call is in the copy.
 */
export async function backupDatabase(
  dbFile: string,
  opts: { dir: string; keep?: number; now?: Date },
): Promise<BackupResult> {
  const keep = opts.keep ?? BACKUP_KEEP_DEFAULT;
  if (!Number.isInteger(keep) || keep < 1)
    throw new RangeError(`keep must be a whole number ≥ 1, got ${keep}`);
  if (!existsSync(dbFile)) throw new BackupError(`数据库文件不存在 (database not found): ${dbFile}`);
  mkdirSync(opts.dir, { recursive: true });
  const file = freeName(opts.dir, opts.now ?? new Date());
  // Written under a name pruning ignores, renamed once complete: a crash never leaves a half backup
  // that looks like a whole one.
  const partial = `${file}.partial`;
  try {
    const source = new SQLite(dbFile, { fileMustExist: true });
    let pages = 0;
    try {
      source.pragma("busy_timeout = 5000");
      // All pages in one step, so the copy is one read transaction: a consistent snapshot that a
      // steady stream of writes cannot restart (in steps, each write by another connection would
      // start the copy over). Under WAL the server's writers carry on meanwhile.
      const done = await source.backup(partial, {
        progress: ({ totalPages }) => {
          pages = totalPages;
          return 0x7fffffff;
        },
      });
      pages = done.totalPages;
    } finally {
      source.close();
    }
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      // A single file to copy around; the server turns WAL back on when it opens a restored copy.
      copy.pragma("journal_mode = DELETE");
      const check = integrityCheck(copy);
      if (check !== "ok") throw new BackupError(`备份校验失败 (integrity_check): ${check}`);
    } finally {
      copy.close();
    }
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, pages, removed: pruneBackups(opts.dir, keep) };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/** The backups in a folder, oldest first (only files named by backupDatabase). */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const sortKey = (name: string) => {
    const m = BACKUP_NAME.exec(name);
    return m ? `${m[1]}${m[2]}${(m[3] ?? "1").padStart(6, "0")}` : "";
  };
  return readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
    .map((name) => join(dir, name));
}

function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const file of old) rmSync(file);
  return old;
}

function freeName(dir: string, now: Date): string {
  const base = `chuangcheng-${stamp(now)}`;
  for (let n = 1; ; n++) {
    const file = join(dir, n === 1 ? `${base}.db` : `${base}-${n}.db`);
    if (!existsSync(file) && !existsSync(`${file}.partial`)) return file;
  }
}

/** YYYYMMDD-HHMMSS in local time: names sort by time (China has no daylight saving). */
function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getFullYear(), 4)}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export interface RestoreResult {
  /** the database file now holding the backup */
  file: string;
  /** where the replaced database went, or null when there was none */
  safetyCopy: string | null;
  /** the newest migration in the backup (the server applies newer ones when it starts) */
  schemaVersion: string | null;
}

/**
 * Puts a backup in place of `dbFile`. Refuses (BackupError) a file that is not a sound 创城通
 * database, one from a newer version, one whose 身份证号 the given keys cannot read (`keys: null`
 * when no key is available), and a target that another connection holds open: stop the server first.
 * The replaced database is kept beside it as `<name>.before-restore-<time>`.
 */
export function restoreDatabase(
  backupFile: string,
  dbFile: string,
  opts: { keys: DataKeys | null; now?: Date },
): RestoreResult {
  assertSqliteFile(backupFile);
  mkdirSync(dirname(dbFile), { recursive: true });
  // Checked as the copy that will be put in place, so what was verified is what gets restored.
  const incoming = `${dbFile}.restoring`;
  try {
    copyFileSync(backupFile, incoming);
    const schemaVersion = checkBackup(incoming, backupFile, opts.keys);
    fsyncFile(incoming);
    let safetyCopy: string | null = null;
    if (existsSync(dbFile)) {
      releaseTarget(dbFile);
      safetyCopy = `${dbFile}.before-restore-${stamp(opts.now ?? new Date())}`;
      renameSync(dbFile, safetyCopy);
    }
    // Left by a server that crashed; the database they belonged to is gone.
    for (const suffix of ["-wal", "-shm", "-journal"]) rmSync(dbFile + suffix, { force: true });
    renameSync(incoming, dbFile);
    return { file: dbFile, safetyCopy, schemaVersion };
  } finally {
    rmSync(incoming, { force: true });
  }
}

function assertSqliteFile(file: string) {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new BackupError(`备份文件不存在 (no such file): ${file}`);
  const header = Buffer.alloc(16);
  const fd = openSync(file, "r");
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString("latin1") !== SQLITE_HEADER) {
    throw new BackupError(`不是 SQLite 数据库文件 (not an SQLite database): ${file}`);
  }
}

/** Returns the backup's schema version; throws BackupError naming `shownAs` when it will not do. */
function checkBackup(file: string, shownAs: string, keys: DataKeys | null): string | null {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { fileMustExist: true });
    db.pragma("journal_mode = DELETE");
    const check = integrityCheck(db);
    if (check !== "ok") throw new BackupError(`备份文件已损坏 (integrity_check: ${check}): ${shownAs}`);
    if (!hasTable(db, MIGRATION_TABLE)) {
      throw new BackupError(`不是创城通的数据库 (no ${MIGRATION_TABLE} table): ${shownAs}`);
    }
    const applied = db.prepare(`select name from ${MIGRATION_TABLE} order by name`).pluck().all() as string[];
    const unknown = applied.filter((name) => !(name in migrations));
    if (unknown.length > 0) {
      throw new BackupError(
        `备份来自更新的版本, 请先升级程序 (backup from a newer version, migration ${unknown[0]}): ${shownAs}`,
      );
    }
    checkKeys(db, keys);
    return applied.at(-1) ?? null;
  } catch (err) {
    if (err instanceof SQLite.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(err.code)) {
      throw new BackupError(`备份文件已损坏 (${err.code}): ${shownAs}`, { cause: err });
    }
    throw err;
  } finally {
    db?.close();
  }
}

/** Without the key the backup was made with, its 身份证号 cannot be read: refuse rather than find out later. */
function checkKeys(db: SQLite.Database, keys: DataKeys | null) {
  if (!hasTable(db, "volunteer")) return;
  const sample = db
    .prepare("select id_number_enc from volunteer where id_number_enc is not null limit 1")
    .pluck()
    .get() as string | undefined;
  if (sample === undefined) return;
  if (!keys) {
    throw new BackupError(
      "缺少 data.key: 请先放入备份时的 data.key 或设置 DATA_KEY (the backup's key is needed to read it)",
    );
  }
  try {
    decryptField(keys, sample);
  } catch {
    throw new BackupError("data.key 与备份不匹配: 请使用备份时的 data.key (this key cannot read the backup)");
  }
}

/**
 * Makes sure no other connection has the target open, and folds any write-ahead log into the file so
 * the safety copy is complete. Leaving WAL mode needs every other connection gone: SQLITE_BUSY means
 * a server (or another program) is using it.
 */
function releaseTarget(dbFile: string) {
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(dbFile, { fileMustExist: true });
    db.pragma("busy_timeout = 0");
    db.pragma("journal_mode = DELETE");
    db.exec("begin exclusive; rollback");
  } catch (err) {
    if (err instanceof SQLite.SqliteError && err.code.startsWith("SQLITE_BUSY")) {
      throw new BackupError(
        `数据库正在使用中, 先停止服务再恢复 (database in use: stop the server first, then restore): ${dbFile}`,
      );
    }
    // A damaged database is a reason to restore, not a reason to refuse.
    if (!(err instanceof SQLite.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(err.code))) throw err;
  } finally {
    db?.close();
  }
}

function integrityCheck(db: SQLite.Database): string {
  const rows = db.pragma("integrity_check") as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join("; ");
}

function hasTable(db: SQLite.Database, name: string): boolean {
  return db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;
}

function fsyncFile(file: string) {
  const fd = openSync(file, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
