import type { AuthSession } from "./context.js";

/**
 * Answers of heavy aggregates many people open again and again (the street's 数据看板, readiness, the
 * registration ratio), kept a few seconds per caller. What a caller changed themselves is never hidden
 * from them: their next request after any mutation of theirs computes afresh. Others' changes show
 * within `ttlMs`. Callers asking the same thing at once share one computation.
 */
export interface AggregateCache {
  /** `userId` has just changed something (any mutation): their kept answers are stale for them. */
  noteWrite(userId: number): void;
  /** The answer kept for `session` under `key`, or `compute()`'s, kept from now. */
  get<T>(key: string, session: AuthSession, compute: () => Promise<T>): Promise<T>;
  stats(): { entries: number; hits: number; misses: number };
}

interface Entry {
  at: number;
  writes: number;
  value: Promise<unknown>;
}

/** Seconds a street admin may see others' changes late; their own show at once. */
export const AGGREGATE_TTL_MS = 10_000;

export function createAggregateCache(
  opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): AggregateCache {
  const ttl = opts.ttlMs ?? AGGREGATE_TTL_MS;
  const max = opts.maxEntries ?? 2_000;
  const now = opts.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const writes = new Map<number, number>();
  let hits = 0;
  let misses = 0;
  return {
    noteWrite(userId) {
      writes.set(userId, (writes.get(userId) ?? 0) + 1);
    },
    get<T>(key: string, session: AuthSession, compute: () => Promise<T>): Promise<T> {
      // The caller and every role they hold now: a revoked role is a different key, never a kept answer.
      const grants = session.grants.map((g) => `${g.role}@${g.orgUnitId ?? ""}`).join(",");
      const full = `${session.user.id}|${grants}|${key}`;
      const mine = writes.get(session.user.id) ?? 0;
      const t = now();
      const entry = entries.get(full);
      if (entry && entry.writes === mine && t - entry.at < ttl) {
        hits++;
        return entry.value as Promise<T>;
      }
      misses++;
      if (entries.size >= max) {
        for (const [k, e] of entries) if (t - e.at >= ttl) entries.delete(k);
        if (entries.size >= max) entries.delete(entries.keys().next().value!);
      }
      // The count read before computing: a write of theirs meanwhile makes this answer stale for them.
      const value = compute();
      entries.set(full, { at: t, writes: mine, value });
      // A failure is not kept: the next request tries again.
      value.catch(() => {
        if (entries.get(full)?.value === value) entries.delete(full);
      });
      return value;
    },
    stats: () => ({ entries: entries.size, hits, misses }),
  };
}
