import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { ThrottledError, ValidationError } from "../errors.js";
import { FACTORY_PASSWORD, TEST_KEYS, createTestDb, makeUser } from "../testing/index.js";
import { login } from "./auth-service.js";
import {
  ADDRESS_MAX_FAILURES,
  ADDRESS_WINDOW_MS,
  MAX_DELAY_MS,
  PAIR_MEMORY_MS,
  REGISTRATIONS_PER_HOUR,
  addressBucket,
  beginRegistration,
  registrationBurst,
  pairDelayMs,
  throttleKey,
  throttleWaitMs,
  waitMessage,
} from "./throttle.js";

// The login throttle with fixed clocks: per (account, address) growing delays and a per-address cap.

describe("pairDelayMs", () => {
  it("lets three failures pass freely, then doubles from 8 s up to a 15-minute cap", () => {
    expect([0, 1, 2].map(pairDelayMs)).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6, 7, 8, 9].map((n) => pairDelayMs(n) / 1000)).toEqual([8, 16, 32, 64, 128, 256, 512]);
    expect(pairDelayMs(10)).toBe(MAX_DELAY_MS);
    expect(pairDelayMs(50)).toBe(MAX_DELAY_MS);
  });
});

describe("waitMessage", () => {
  it("says seconds under a minute and whole minutes (rounded up) from there", () => {
    expect(waitMessage("登录失败次数过多", 8_000)).toBe("登录失败次数过多，请8秒后再试");
    expect(waitMessage("登录失败次数过多", 1)).toBe("登录失败次数过多，请1秒后再试");
    expect(waitMessage("登录失败次数过多", 59_000)).toBe("登录失败次数过多，请59秒后再试");
    expect(waitMessage("登录失败次数过多", 59_500)).toBe("登录失败次数过多，请1分钟后再试");
    expect(waitMessage("登录失败次数过多", 61_000)).toBe("登录失败次数过多，请2分钟后再试");
    expect(waitMessage("密码错误次数过多", MAX_DELAY_MS)).toBe("密码错误次数过多，请15分钟后再试");
  });
});

describe("addressBucket", () => {
  it("treats a missing address as local and keeps IPv4 as it is", () => {
    expect(addressBucket(null)).toBe("local");
    expect(addressBucket("")).toBe("local");
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("groups IPv6 by /64, so one subscriber's many addresses are one client", () => {
    expect(addressBucket("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:DB8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0db8:0001:0002:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("2001:db8:1:3::1")).not.toBe(addressBucket("2001:db8:1:2::1"));
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });
});

describe("throttleKey", () => {
  it("holds neither the mobile nor the address, and depends on the data key", () => {
    const key = throttleKey(TEST_KEYS, "13700000001", "203.0.113.7");
    for (const hash of [key.pair, key.address]) {
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(throttleKey(null, "13700000001", "203.0.113.7").pair).not.toBe(key.pair);
    expect(throttleKey(TEST_KEYS, "13700000001", "198.51.100.1").pair).not.toBe(key.pair);
    expect(throttleKey(TEST_KEYS, "13700000002", "203.0.113.7").address).toBe(key.address);
  });
});

/** Login failures recorded straight into the table, as if made at `when`. */
function loginFailures(
  db: Kysely<Database>,
  count: number,
  address: string | null,
  when: Date,
  mobile: string,
) {
  const key = throttleKey(TEST_KEYS, mobile, address);
  return db
    .insertInto("login_failure")
    .values(
      Array.from({ length: count }, () => ({
        pair_key: key.pair,
        address_key: key.address,
        at: when.toISOString(),
      })),
    )
    .execute();
}

describe("login throttle", () => {
  const MOBILE = "13700000001";
  const A = "203.0.113.7"; // the attacker, far away
  const B = "198.51.100.20"; // the real user
  const t0 = new Date("2026-12-02T08:00:00.000Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  let db: Kysely<Database>;
  let userId: number;

  beforeEach(async () => {
    db = await createTestDb();
    userId = (await makeUser(db, { mobile: MOBILE })).id;
  });

  const attempt = (address: string | null, password: string, now: Date, mobile = MOBILE) =>
    login(db, { mobile, password }, { keys: TEST_KEYS, clientAddress: address }, now);
  /** "ok", "wrong" (手机号或密码错误) or the throttle's message. */
  const outcome = async (address: string | null, password: string, now: Date, mobile = MOBILE) => {
    try {
      await attempt(address, password, now, mobile);
      return "ok";
    } catch (error) {
      if (error instanceof ValidationError && error.message === "手机号或密码错误") return "wrong";
      if (error instanceof ThrottledError) return error.message;
      throw error;
    }
  };
  const failures = (count: number, address: string | null, when: Date, mobile = MOBILE) =>
    loginFailures(db, count, address, when, mobile);
  const rowCount = async () =>
    Number(
      (
        await db
          .selectFrom("login_failure")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("lets a pair fail three times, then makes each further attempt wait 8 s, 16 s …", async () => {
    for (let i = 0; i < 3; i++) expect(await outcome(A, `wrong-${i}`, t0)).toBe("wrong");
    expect(await outcome(A, FACTORY_PASSWORD, t0)).toBe("登录失败次数过多，请8秒后再试");
    expect(await outcome(A, FACTORY_PASSWORD, at(7_000))).toBe("登录失败次数过多，请1秒后再试");
    expect(await outcome(A, "wrong-3", at(8_000))).toBe("wrong");
    // Four failures: 16 s after the last one.
    expect(await outcome(A, FACTORY_PASSWORD, at(8_000 + 15_000))).toBe("登录失败次数过多，请1秒后再试");
    expect(await outcome(A, "wrong-4", at(8_000 + 16_000))).toBe("wrong");
    expect(await outcome(A, FACTORY_PASSWORD, at(24_000 + 1_000))).toBe("登录失败次数过多，请31秒后再试");
    expect(await outcome(A, FACTORY_PASSWORD, at(24_000 + 32_000))).toBe("ok");
  });

  it("caps the wait at 15 minutes however many failures there were", async () => {
    await failures(30, A, t0);
    expect(await outcome(A, FACTORY_PASSWORD, t0)).toBe("登录失败次数过多，请15分钟后再试");
    expect(await outcome(A, FACTORY_PASSWORD, at(MAX_DELAY_MS - 30_000))).toBe(
      "登录失败次数过多，请30秒后再试",
    );
    expect(await outcome(A, FACTORY_PASSWORD, at(MAX_DELAY_MS))).toBe("ok");
  });

  it("never lets failures from address A block the same account from address B", async () => {
    await failures(30, A, t0);
    expect(await outcome(A, FACTORY_PASSWORD, at(1_000))).toMatch(/^登录失败次数过多/);
    expect(await outcome(B, FACTORY_PASSWORD, at(1_000))).toBe("ok");
    // B's own mistakes start B's own count from zero.
    expect(await outcome(B, "typo-typo", at(2_000))).toBe("wrong");
    expect(await outcome(B, FACTORY_PASSWORD, at(2_000))).toBe("ok");
    // …and the success from B leaves A's failures where they were.
    expect(await outcome(A, FACTORY_PASSWORD, at(3_000))).toMatch(/^登录失败次数过多/);
  });

  it("clears the pair's count on the right password, so the next typo costs nothing", async () => {
    for (let i = 0; i < 3; i++) expect(await outcome(B, `wrong-${i}`, t0)).toBe("wrong");
    expect(await outcome(B, FACTORY_PASSWORD, at(8_000))).toBe("ok");
    expect(await outcome(B, "wrong-again", at(9_000))).toBe("wrong");
    expect(await outcome(B, FACTORY_PASSWORD, at(9_000))).toBe("ok");
    expect(await rowCount()).toBe(0);
  });

  it("blocks an address after 20 failures across accounts within 15 minutes, for every account", async () => {
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++)
      await failures(1, A, at(i * 1_000), `1370000${String(1000 + i)}`);
    const last = at((ADDRESS_MAX_FAILURES - 1) * 1_000);
    // A fresh account, never tried before, from the same address: refused until the oldest failure is 15 minutes old.
    expect(await outcome(A, FACTORY_PASSWORD, last)).toBe("登录失败次数过多，请15分钟后再试");
    expect(await outcome(A, FACTORY_PASSWORD, at(ADDRESS_WINDOW_MS - 10_000))).toBe(
      "登录失败次数过多，请10秒后再试",
    );
    // Everyone else is unaffected.
    expect(await outcome(B, FACTORY_PASSWORD, last)).toBe("ok");
    expect(await outcome(A, FACTORY_PASSWORD, at(ADDRESS_WINDOW_MS))).toBe("ok");
  });

  it("throttles an unknown mobile exactly like a registered one", async () => {
    const unknown = "13700009999";
    for (let i = 0; i < 3; i++) expect(await outcome(A, "x-x-x-x-x", t0, unknown)).toBe("wrong");
    expect(await outcome(A, "x-x-x-x-x", t0, unknown)).toBe("登录失败次数过多，请8秒后再试");
  });

  it("refuses a throttled attempt before the password is checked, and does not count it", async () => {
    await failures(3, A, t0);
    expect(await rowCount()).toBe(3);
    expect(await outcome(A, FACTORY_PASSWORD, at(1_000))).toBe("登录失败次数过多，请7秒后再试");
    expect(await outcome(A, "wrong", at(2_000))).toBe("登录失败次数过多，请6秒后再试");
    expect(await rowCount()).toBe(3);
    expect(await db.selectFrom("session").select("id").where("user_id", "=", userId).execute()).toEqual([]);
  });

  it("counts parallel guesses each: only three get to the password check", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => outcome(A, `guess-${i}`, t0)));
    expect(results.filter((r) => r === "wrong")).toHaveLength(3);
    expect(results.filter((r) => r === "登录失败次数过多，请8秒后再试")).toHaveLength(5);
  });

  it("forgets failures after a day and prunes their rows", async () => {
    await failures(10, A, t0);
    const dayLater = at(PAIR_MEMORY_MS + 1_000);
    expect(await outcome(A, "wrong", dayLater)).toBe("wrong");
    // Only the attempt just made is left.
    expect(await rowCount()).toBe(1);
  });

  it("stores keyed hashes only: no mobile and no address in the table", async () => {
    await outcome(A, "wrong", t0);
    await outcome(null, "wrong", t0);
    const rows = await db.selectFrom("login_failure").selectAll().execute();
    expect(rows).toHaveLength(2);
    const text = JSON.stringify(rows);
    for (const clear of [MOBILE, A, "203.0.113", "local"]) expect(text).not.toContain(clear);
  });

  it("counts in-process callers without an address as one local client", async () => {
    for (let i = 0; i < 3; i++) expect(await outcome(null, `wrong-${i}`, t0)).toBe("wrong");
    expect(await outcome(null, FACTORY_PASSWORD, t0)).toBe("登录失败次数过多，请8秒后再试");
    expect(await outcome("local", FACTORY_PASSWORD, t0)).toBe("登录失败次数过多，请8秒后再试");
    expect(await outcome(A, FACTORY_PASSWORD, t0)).toBe("ok");
  });
});

describe("registration throttle", () => {
  const A = "203.0.113.7";
  const B = "198.51.100.20";
  const t0 = new Date("2026-12-04T08:00:00.000Z");
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  let db: Kysely<Database>;

  beforeEach(async () => {
    db = await createTestDb();
  });

  /** "ok" or the throttle's message. */
  const register = async (address: string | null, now: Date, perHour = REGISTRATIONS_PER_HOUR) => {
    try {
      await beginRegistration(
        db,
        { keys: TEST_KEYS, clientAddress: address, registrationsPerHour: perHour },
        now,
      );
      return "ok";
    } catch (error) {
      if (error instanceof ThrottledError) return error.message;
      throw error;
    }
  };

  it("allows a quarter of the hour's registrations within a minute", () => {
    expect(REGISTRATIONS_PER_HOUR).toBe(10);
    expect([1, 4, 10, 12, 100].map(registrationBurst)).toEqual([1, 1, 3, 3, 25]);
  });

  it("lets an address start three registrations a minute, then says how long to wait", async () => {
    for (let i = 0; i < 3; i++) expect(await register(A, at(i * SECOND))).toBe("ok");
    expect(await register(A, at(10 * SECOND))).toBe("注册过于频繁，请50秒后再试");
    // The refused attempt did not count: the wait runs from the first of the three.
    expect(await register(A, at(MINUTE + 1))).toBe("ok");
    // Another address is not held back.
    expect(await register(B, at(10 * SECOND))).toBe("ok");
  });

  it("lets an address open ten accounts an hour, then waits for the oldest to leave the hour", async () => {
    for (let i = 0; i < 10; i++) expect(await register(A, at(i * 2 * MINUTE))).toBe("ok");
    expect(await register(A, at(20 * MINUTE))).toBe("同一网络注册的账号过多，请40分钟后再试");
    expect(await register(A, at(59 * MINUTE))).toBe("同一网络注册的账号过多，请1分钟后再试");
    expect(await register(A, at(60 * MINUTE + 1))).toBe("ok");
    expect(await register(B, at(20 * MINUTE))).toBe("ok");
  });

  it("takes the deployment's hourly limit and its quarter a minute", async () => {
    for (let i = 0; i < 10; i++) expect(await register(A, at(i * SECOND), 40)).toBe("ok");
    expect(await register(A, at(10 * SECOND), 40)).toBe("注册过于频繁，请50秒后再试");
  });

  it("never counts against a login from the same address, nor a login failure against it", async () => {
    for (let i = 0; i < 10; i++) expect(await register(A, at(i * 2 * MINUTE))).toBe("ok");
    expect(await throttleWaitMs(db, throttleKey(TEST_KEYS, "13700000001", A), at(20 * MINUTE))).toBe(0);

    const other = "192.0.2.44";
    await loginFailures(db, ADDRESS_MAX_FAILURES, other, t0, "13700000001");
    expect(await register(other, at(SECOND))).toBe("ok");
  });

  it("keeps no address in the table and forgets attempts after a day", async () => {
    expect(await register(A, t0)).toBe("ok");
    expect(JSON.stringify(await db.selectFrom("login_failure").selectAll().execute())).not.toContain(A);
    expect(await register(B, at(PAIR_MEMORY_MS + 1))).toBe("ok");
    expect(await db.selectFrom("login_failure").select("at").execute()).toEqual([
      { at: at(PAIR_MEMORY_MS + 1).toISOString() },
    ]);
  });

  it("does not limit in-process callers, which come without an address", async () => {
    for (let i = 0; i < 12; i++) expect(await register(null, t0)).toBe("ok");
    expect(await db.selectFrom("login_failure").select("at").execute()).toEqual([]);
  });
});
