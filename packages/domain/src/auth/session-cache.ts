import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { writeWatchOf, type WriteWatch } from "../db/sqlite-driver.js";

/** What a session's answer is read from: a write to any of them may change who the caller is. */
const SESSION_TABLES = ["session", "user", "role_grant", "org_unit"] as const;

/** Sessions kept per database; past this the oldest goes (a busy 街道 has a few thousand staff and residents). */
const MAX_ENTRIES = 20_000;

interface Entry {
  version: string;
  session: AuthSession;
  lastSeenMs: number;
  expiresMs: number;
}

export interface SessionCache {
  /**
   * The tables' write version, read after the caller asked (WriteWatch.versionSoon): await it before
   * the query whose answer `put` keeps.
   */
  version(): Promise<string>;
  get(tokenHash: string, version: string, now: Date): AuthSession | null;
  put(tokenHash: string, entry: Entry): void;
}

const caches = new WeakMap<WriteWatch, Map<string, Entry>>();

/**
 * The sessions already resolved on this database, each kept with the write version of the tables it
 * came from. Any write to those tables — a logout, a role granted or revoked, a password changed
 * (which ends the other sessions), a unit renamed — changes the version, so the very next request
 * reads the database again; so does any commit by another process on the file. Only on SQLite, where
 * this process is the one writer it can watch; on PostgreSQL several servers share the database and
 * every request asks it.
 */
export function sessionCacheOf(db: Db): SessionCache | null {
  const watch = writeWatchOf(db);
  if (!watch) return null;
  let entries = caches.get(watch);
  if (!entries) caches.set(watch, (entries = new Map()));
  const map = entries;
  return {
    version: () => watch.versionSoon(SESSION_TABLES),
    get(tokenHash, version, now) {
      const entry = map.get(tokenHash);
      if (!entry) return null;
      const nowMs = now.getTime();
      // Stale, expired, or due for its sliding renewal (a write the query path makes): ask the database.
      if (entry.version !== version || nowMs >= entry.expiresMs || nowMs < entry.lastSeenMs) return null;
      if (nowMs - entry.lastSeenMs > RENEW_AFTER_MS) return null;
      return entry.session;
    },
    put(tokenHash, entry) {
      if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
      map.delete(tokenHash);
      map.set(tokenHash, { ...entry, session: frozen(entry.session) });
    },
  };
}

/** Sliding expiry is renewed at most this often, so reads do not turn into writes. */
export const RENEW_AFTER_MS = 60 * 60 * 1000;

/** One answer serves many requests: none of them may change it for the others. */
function frozen(session: AuthSession): AuthSession {
  Object.freeze(session.user);
  for (const g of session.grants) Object.freeze(g);
  Object.freeze(session.grants);
  return Object.freeze(session);
}
