import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { ThrottledError } from "../errors.js";
import { lockForTransaction } from "../db/locks.js";
import { blindIndex, type DataKeys } from "../secrets/data-keys.js";

// Password guessing is slowed per (account, client address) and per address, never per account alone:
// failures from a far-away attacker must not lock the real user out of their own account.
//
// - (account, address): the first PAIR_FREE_FAILURES failures cost nothing; after the n-th failure
//   the next attempt waits 2^n seconds (8 s, 16 s, 32 s … capped at 15 minutes). A success from that
//   address clears its count. Failures are remembered for a day.
// - address: ADDRESS_MAX_FAILURES failures within ADDRESS_WINDOW_MS, whichever accounts they were
//   for, block the address until the oldest of them leaves the window.

export const PAIR_FREE_FAILURES = 3;
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** How long a pair's failures count (and when rows are pruned). */
export const PAIR_MEMORY_MS = 24 * 60 * 60 * 1000;
export const ADDRESS_MAX_FAILURES = 20;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;
/** The address of in-process callers, which come without one. */
export const LOCAL_ADDRESS = "local";

/** The wait after a pair's n-th failure. */
export function pairDelayMs(failures: number): number {
  if (failures < PAIR_FREE_FAILURES) return 0;
  return Math.min(2 ** failures * 1000, MAX_DELAY_MS);
}

/** "登录失败次数过多，请8秒后再试" under a minute, whole minutes (rounded up) from there. */
export function waitMessage(prefix: string, waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return seconds < 60
    ? `${prefix}，请${seconds}秒后再试`
    : `${prefix}，请${Math.ceil(seconds / 60)}分钟后再试`;
}

/**
 * What one client is: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a whole /64, so
 * single IPv6 addresses would give an attacker endless fresh "clients"). IPv4-mapped IPv6 is IPv4.
 */
export function addressBucket(address: string | null | undefined): string {
  const a = address?.trim().toLowerCase();
  if (!a) return LOCAL_ADDRESS;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  const bare = a.split("%")[0]!;
  if (isIP(bare) !== 6) return a;
  const [head = "", tail] = bare.split("::");
  const groups = (part: string | undefined) =>
    // A dotted IPv4 tail (64:ff9b::1.2.3.4) fills two groups; it lies past the /64 anyway.
    part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : [];
  const h = groups(head);
  const t = groups(tail);
  const full = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

export interface ThrottleKey {
  pair: string;
  address: string;
}

/** HMAC with the data keys (blind index) for `purpose`; plain SHA-256 for in-process callers without keys. */
export function keyedHash(keys: DataKeys | null, purpose: string, value: string): string {
  return keys
    ? blindIndex(keys, purpose, value)
    : createHash("sha256").update(`${purpose}:${value}`).digest("hex");
}

/**
 * Keyed hashes (HMAC with the data keys) of the pair and the address: a leaked database does not give
 * the mobiles or addresses back, not even by hashing all 2^32 IPv4 addresses. In-process callers
 * without keys get plain SHA-256.
 */
export function throttleKey(
  keys: DataKeys | null,
  mobile: string,
  clientAddress: string | null,
): ThrottleKey {
  const bucket = addressBucket(clientAddress);
  const hash = (purpose: string, value: string) => keyedHash(keys, purpose, value);
  return {
    pair: hash("login-throttle.pair", `${mobile}|${bucket}`),
    address: hash("login-throttle.address", bucket),
  };
}

/** How long the key must still wait (0: it may try now). */
export async function throttleWaitMs(db: Kysely<Database>, key: ThrottleKey, now: Date): Promise<number> {
  const pair = await db
    .selectFrom("login_failure")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("at").as("last")])
    .where("pair_key", "=", key.pair)
    .where("at", ">", new Date(now.getTime() - PAIR_MEMORY_MS).toISOString())
    .executeTakeFirstOrThrow();
  const n = Number(pair.n);
  const pairWait = n > 0 && pair.last ? Date.parse(pair.last) + pairDelayMs(n) - now.getTime() : 0;

  const addressWait = await windowWaitMs(db, key.address, ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_MS, now);
  return Math.max(0, pairWait, addressWait);
}

/** How long until fewer than `limit` rows of `addressKey` stand within the last `windowMs` (0: now). */
async function windowWaitMs(
  db: Kysely<Database>,
  addressKey: string,
  limit: number,
  windowMs: number,
  now: Date,
): Promise<number> {
  const recent = await db
    .selectFrom("login_failure")
    .select("at")
    .where("address_key", "=", addressKey)
    .where("at", ">", new Date(now.getTime() - windowMs).toISOString())
    .orderBy("at", "desc")
    .limit(limit)
    .execute();
  const oldest = recent.length >= limit ? recent[recent.length - 1]! : null;
  return oldest ? Math.max(0, Date.parse(oldest.at) + windowMs - now.getTime()) : 0;
}

/** Rows past the pair memory carry no information; keep the table small. */
async function pruneThrottle(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom("login_failure")
    .where("at", "<", new Date(now.getTime() - PAIR_MEMORY_MS).toISOString())
    .execute();
}

/**
 * Refuses the attempt while the pair or the address must wait; otherwise records it as a failure
 * before the password is checked, so that parallel guesses each count. The check and the record are
 * one transaction: the caller passes the database, not a transaction a failure would roll back.
 */
export async function beginAttempt(
  db: Kysely<Database>,
  key: ThrottleKey,
  now = new Date(),
  prefix = "登录失败次数过多",
): Promise<void> {
  if (db.isTransaction)
    throw new Error("beginAttempt needs the database: a failure must outlive the caller's rollback");
  await db.transaction().execute(async (trx) => {
    // Parallel guesses from one address (every pair of it included) each see the one before.
    await lockForTransaction(trx, "login-throttle", key.address);
    const wait = await throttleWaitMs(trx, key, now);
    if (wait > 0) throw new ThrottledError(waitMessage(prefix, wait));
    await trx
      .insertInto("login_failure")
      .values({ pair_key: key.pair, address_key: key.address, at: now.toISOString() })
      .execute();
    await pruneThrottle(trx, now);
  });
}

/** The right password from this address: its failures (this attempt included) no longer count. */
export async function attemptSucceeded(db: Kysely<Database>, key: ThrottleKey): Promise<void> {
  await db.deleteFrom("login_failure").where("pair_key", "=", key.pair).execute();
}

// Public registration (auth.registerResident) is limited per client address, so that a script cannot
// open accounts by the thousand: `registrationsPerHour` attempts an hour (REGISTRATIONS_PER_HOUR unless the
// deployment sets another, e.g. for a registration drive on the 社区 office's network) and a quarter of
// that within a minute. An attempt is kept in login_failure under a key hashed for this purpose alone,
// so registrations never slow a login, and the table's pruning serves both.

export const REGISTRATIONS_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** How many registrations one address may start within a minute. */
export function registrationBurst(perHour: number): number {
  return Math.max(1, Math.ceil(perHour / 4));
}

/**
 * Counts a registration attempt from the client's address, refusing it while the address is over
 * either limit. In-process callers (no address: scripts, the seed, tests) are not the public and are
 * not limited. Takes the database, like beginAttempt: the attempt counts even when registering fails.
 */
export async function beginRegistration(
  db: Kysely<Database>,
  client: { keys: DataKeys | null; clientAddress: string | null; registrationsPerHour: number },
  now = new Date(),
): Promise<void> {
  if (client.clientAddress === null) return;
  if (db.isTransaction)
    throw new Error("beginRegistration needs the database: an attempt must outlive the caller's rollback");
  const key = keyedHash(client.keys, "register-throttle.address", addressBucket(client.clientAddress));
  await db.transaction().execute(async (trx) => {
    await lockForTransaction(trx, "register-throttle", key);
    const burst = await windowWaitMs(
      trx,
      key,
      registrationBurst(client.registrationsPerHour),
      MINUTE_MS,
      now,
    );
    if (burst > 0) throw new ThrottledError(waitMessage("注册过于频繁", burst));
    const hourly = await windowWaitMs(trx, key, client.registrationsPerHour, HOUR_MS, now);
    if (hourly > 0) throw new ThrottledError(waitMessage("同一网络注册的账号过多", hourly));
    await trx
      .insertInto("login_failure")
      .values({ pair_key: key, address_key: key, at: now.toISOString() })
      .execute();
    await pruneThrottle(trx, now);
  });
}
