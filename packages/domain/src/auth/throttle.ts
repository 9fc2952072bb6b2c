import { createHash } from "node:crypto";
import type { Db } from "../db/open-database.js";
import { ThrottledError } from "../errors.js";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** Keyed by a hash of the mobile, so throttling works the same for registered and unknown numbers. */
export function mobileKey(mobile: string): string {
  return createHash("sha256").update(`login:${mobile}`).digest("hex");
}

/** Refuses a login once a mobile has failed MAX_FAILURES times within the window. */
export async function assertNotThrottled(db: Db, mobile: string, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const failures = await db
    .selectFrom("login_failure")
    .select("at")
    .where("mobile_key", "=", mobileKey(mobile))
    .where("at", ">", since)
    .orderBy("at", "desc")
    .limit(MAX_FAILURES)
    .execute();
  if (failures.length < MAX_FAILURES) return;
  // Locked until the oldest of the last MAX_FAILURES failures leaves the window.
  const oldest = failures[failures.length - 1]!.at;
  const waitMs = Date.parse(oldest) + FAILURE_WINDOW_MS - now.getTime();
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  throw new ThrottledError(`登录失败次数过多，请${minutes}分钟后再试`);
}

export async function recordFailure(db: Db, mobile: string, now = new Date()): Promise<void> {
  await db
    .insertInto("login_failure")
    .values({ mobile_key: mobileKey(mobile), at: now.toISOString() })
    .execute();
  // Old rows carry no information once out of the window; keep the table small.
  const stale = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
  await db.deleteFrom("login_failure").where("at", "<", stale).execute();
}

export async function clearFailures(db: Db, mobile: string): Promise<void> {
  await db.deleteFrom("login_failure").where("mobile_key", "=", mobileKey(mobile)).execute();
}
