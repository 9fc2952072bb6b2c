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
}

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
  return {
    noteWrite(userId) {
      lastWrite.set(userId, ++seq);
    },
    get<T>(key: string, viewer: number | null, compute: () => Promise<T>): Promise<T> {
      const t = now();
      const entry = entries.get(key);
      if (entry && t - entry.at < ttl && (viewer === null || (lastWrite.get(viewer) ?? 0) <= entry.seq)) {
        hits++;
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
