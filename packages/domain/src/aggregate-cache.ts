/**
 * Answers of heavy aggregates many people open again and again (the street's 数据看板, readiness, the
 * registration ratio, a 社区's public figures), kept a few seconds. What a viewer changed themselves is
 * never hidden from them: an answer computed before their latest mutation does not serve them again,
 * whoever else it still serves. Others' changes show within `ttlMs`. Viewers asking the same thing at
 * once share one computation.
 */
export interface AggregateCache {
  /** `userId` has just changed something (any mutation): what was computed before is stale for them. */
  noteWrite(userId: number): void;
  /**
   * The answer kept under `key` if it is fresh for `viewer` (a user id; null for an anonymous visitor),
   * else `compute()`'s, kept from now for everyone asking under `key`.
   */
  get<T>(key: string, viewer: number | null, compute: () => Promise<T>): Promise<T>;
  stats(): { entries: number; hits: number; misses: number };
}

interface Entry {
  at: number;
  /** the write count when the computation began: fresh for a viewer whose last write came before */
  seq: number;
  value: Promise<unknown>;
  /** a fresh computation started ahead of expiry (REFRESH_AHEAD), not yet in its place */
  refreshing?: boolean;
}

/**
 * Past this share of its time to live, a kept answer still asked for is computed again in the
 * background while it goes on serving. A street's 数据看板 opened all morning is then never computed
 * while someone waits for it, and nobody is served an answer older than the time to live.
 */
const REFRESH_AHEAD = 0.7;

/** How late anyone may see others' changes; their own show at once. */
export const AGGREGATE_TTL_MS = 10_000;

export function createAggregateCache(
  opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): AggregateCache {
  const ttl = opts.ttlMs ?? AGGREGATE_TTL_MS;
  const max = opts.maxEntries ?? 2_000;
  const now = opts.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const lastWrite = new Map<number, number>();
  let seq = 0;
  let hits = 0;
  let misses = 0;
  /** Computes `entry` again; the answer takes its place when ready, unless a newer one did first. */
  const refresh = (key: string, entry: Entry, t: number, compute: () => Promise<unknown>) => {
    entry.refreshing = true;
    const began = seq;
    compute().then(
      (fresh) => {
        if (entries.get(key) === entry)
          entries.set(key, { at: t, seq: began, value: Promise.resolve(fresh) });
      },
      // A failed refresh keeps the answer until it expires; the request after that tries again.
      () => (entry.refreshing = false),
    );
  };
  return {
    noteWrite(userId) {
      lastWrite.set(userId, ++seq);
    },
    get<T>(key: string, viewer: number | null, compute: () => Promise<T>): Promise<T> {
      const t = now();
      const entry = entries.get(key);
      if (entry && t - entry.at < ttl && (viewer === null || (lastWrite.get(viewer) ?? 0) <= entry.seq)) {
        hits++;
        if (t - entry.at >= ttl * REFRESH_AHEAD && !entry.refreshing) refresh(key, entry, t, compute);
        return entry.value as Promise<T>;
      }
      misses++;
      if (entries.size >= max) {
        for (const [k, e] of entries) if (t - e.at >= ttl) entries.delete(k);
        if (entries.size >= max) entries.delete(entries.keys().next().value!);
      }
      // seq read before computing: a write of the viewer's meanwhile makes this answer stale for them.
      const value = compute();
      entries.set(key, { at: t, seq, value });
      // A failure is not kept: the next request tries again.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    stats: () => ({ entries: entries.size, hits, misses }),
  };
}
