import { setMaxListeners } from "node:events";
import { monitorEventLoopDelay } from "node:perf_hooks";

// A small load generator of people, not of saturating loops (see mixed-bench.ts for why). Each
// virtual user is one async loop: pick the next action (from its own seeded random sequence), send
// it, record its latency and status, think for a random while, repeat until the phase ends. A
// request still unanswered when the phase ends is recorded with the time it had waited so far, so
// a starved user shows as a huge latency rather than as nothing. Requests go through Node's global
// fetch (undici's keep-alive pool: each user's requests reuse an idle connection, at most one per
// user in flight since a user waits for each answer).

/** A request a virtual user sends. `name` is the row of the figures it counts in. */
export interface Action {
  name: string;
  method?: "GET" | "POST";
  /** path and query, from the server's root */
  path: string;
  body?: string;
  /** called with each answer that arrives within the phase (e.g. to count sign-ups' outcomes) */
  onResponse?: (status: number, body: string) => void;
}

/** A group of like users: how many, how long each thinks between requests, what each sends. */
export interface Population {
  name: string;
  users: number;
  /** think time after each answer, uniform in [min, max] ms */
  thinkMs: readonly [min: number, max: number];
  /** the cookie header of user `user` (0-based within the population) */
  cookie: (user: number) => string;
  /** the user's next action; `rng` is the user's own seeded sequence, `step` counts from 0 */
  next: (rng: () => number, user: number, step: number) => Action;
}

export interface Sample {
  action: string;
  population: string;
  user: number;
  /** ms since the phase began */
  startMs: number;
  /** ms; for an unanswered request the time from its start to the phase's end */
  latencyMs: number;
  /** HTTP status; 0 when unanswered or the connection failed */
  status: number;
  answered: boolean;
  /** the connection failed (not the phase's end) */
  error?: string;
}

export interface LoadResult {
  samples: Sample[];
  /** the phase's length, ms */
  durationMs: number;
  /** the load generator's own event-loop delay (ms): if high, client-side delay inflates latencies */
  clientLoop: { p99Ms: number; maxMs: number; meanMs: number };
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed of its own for each user of each population, from the run's seed. */
function userSeed(seed: number, population: number, user: number): number {
  let h = (seed ^ Math.imul(population + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (user + 1), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) >>> 0;
}

/** The mean think time of a population, ms. */
export const meanThinkMs = (p: Population) => (p.thinkMs[0] + p.thinkMs[1]) / 2;

/**
 * The load the populations offer when every answer is instant: users / mean think time, req/s. The
 * real rate is lower by the time users spend waiting for answers.
 */
export const offeredRps = (p: Population) => p.users / (meanThinkMs(p) / 1000);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Runs the populations against `baseUrl` for `durationMs`. Each user starts after a random offset
 * within its first think time (people do not all tap at the same millisecond), and the same `seed`
 * gives every user the same sequence of actions and think times in every run.
 */
export async function runLoad(
  baseUrl: string,
  populations: readonly Population[],
  opts: { durationMs: number; seed: number },
): Promise<LoadResult> {
  const samples: Sample[] = [];
  const phaseEnd = new AbortController();
  const t0 = performance.now();
  const endAt = t0 + opts.durationMs;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const timer = setTimeout(() => phaseEnd.abort(), opts.durationMs);
  // Every sleeping user listens for the phase's end.
  setMaxListeners(populations.reduce((n, p) => n + p.users, 0) + 10, phaseEnd.signal);

  // Each request has its own AbortController (a shared signal would gather one listener per fetch);
  // the phase's end aborts those still in flight.
  const inFlight = new Set<AbortController>();
  phaseEnd.signal.addEventListener("abort", () => {
    for (const c of inFlight) c.abort();
  });

  const user = async (p: Population, pIndex: number, u: number) => {
    const rng = mulberry32(userSeed(opts.seed, pIndex, u));
    const think = () => p.thinkMs[0] + rng() * (p.thinkMs[1] - p.thinkMs[0]);
    const cookie = p.cookie(u);
    await sleep(rng() * p.thinkMs[1], phaseEnd.signal);
    for (let step = 0; !phaseEnd.signal.aborted && performance.now() < endAt; step++) {
      // Both draws before sending: the sequence does not depend on how the answers came back.
      const action = p.next(rng, u, step);
      const pause = think();
      const start = performance.now();
      const sample: Sample = {
        action: action.name,
        population: p.name,
        user: u,
        startMs: start - t0,
        latencyMs: 0,
        status: 0,
        answered: false,
      };
      const request = new AbortController();
      inFlight.add(request);
      try {
        const res = await fetch(`${baseUrl}${action.path}`, {
          method: action.method ?? "GET",
          headers: {
            cookie,
            ...(action.body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(action.body === undefined ? {} : { body: action.body }),
          signal: request.signal,
        });
        const body = await res.text();
        sample.latencyMs = performance.now() - start;
        sample.status = res.status;
        sample.answered = true;
        action.onResponse?.(res.status, body);
      } catch (error) {
        if (phaseEnd.signal.aborted) {
          // Still waiting when the phase ended: it counts with the time waited so far.
          sample.latencyMs = Math.max(0, endAt - start);
        } else {
          sample.latencyMs = performance.now() - start;
          sample.error =
            error instanceof Error ? (error.cause as Error)?.message || error.message : String(error);
        }
      } finally {
        inFlight.delete(request);
      }
      samples.push(sample);
      await sleep(pause, phaseEnd.signal);
    }
  };

  await Promise.all(
    populations.flatMap((p, pIndex) => Array.from({ length: p.users }, (_, u) => user(p, pIndex, u))),
  );
  clearTimeout(timer);
  loop.disable();
  return {
    samples,
    durationMs: opts.durationMs,
    clientLoop: {
      p99Ms: loop.percentile(99) / 1e6,
      maxMs: loop.max / 1e6,
      meanMs: loop.mean / 1e6,
    },
  };
}

export interface Stats {
  requests: number;
  answered: number;
  /** answered requests per second of the phase */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  /** users that sent at least one such request */
  users: number;
  /** of those, users that got no answer to anything they sent in the whole phase */
  starved: number;
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const userKey = (s: Sample) => `${s.population}#${s.user}`;

/** The users of `all` that got at least one answer during the phase. */
export const answeredUsers = (all: readonly Sample[]) => new Set(all.filter((s) => s.answered).map(userKey));

/**
 * The figures of `samples` (all of one row) over a phase of `durationMs`; `answered` the users that
 * got any answer in the phase (answeredUsers of all samples).
 */
export function stats(samples: readonly Sample[], durationMs: number, answered: Set<string>): Stats {
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const ok = samples.filter((s) => s.answered);
  const users = new Set(samples.map(userKey));
  const round = (ms: number) => (Number.isNaN(ms) ? NaN : Math.round(ms * 10) / 10);
  return {
    requests: samples.length,
    answered: ok.length,
    rps: ok.length / (durationMs / 1000),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? NaN),
    non2xx: ok.filter((s) => s.status < 200 || s.status >= 300).length,
    errors: samples.filter((s) => s.error !== undefined).length,
    users: users.size,
    starved: [...users].filter((u) => !answered.has(u)).length,
  };
}

/** p99 of `samples` in consecutive windows of `windowMs` by start time (ms, rounded; NaN if none). */
export function p99ByWindow(samples: readonly Sample[], durationMs: number, windowMs: number): number[] {
  const windows = Math.ceil(durationMs / windowMs);
  return Array.from({ length: windows }, (_, w) => {
    const inside = samples
      .filter((s) => s.startMs >= w * windowMs && s.startMs < (w + 1) * windowMs)
      .map((s) => s.latencyMs)
      .sort((a, b) => a - b);
    return Math.round(percentile(inside, 99));
  });
}
