import { sql, type Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import {
  FACTORY_PASSWORD,
  TEST_KEYS,
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUser,
  recordingCookies,
  trpcErrorOf,
} from "../testing/index.js";
import { resolveSession } from "./session-service.js";
import {
  checkResetCode,
  requestResetCode,
  RESET_CODE_TTL_MS,
  SMS_UNAVAILABLE_MESSAGE,
} from "./reset-code.js";
import { consoleSms, recordingSms } from "./sms.js";

// 短信验证码找回: auth.requestResetCode and auth.resetPasswordWithCode with a recording sender.

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let sms: ReturnType<typeof recordingSms>;
let residentId: number;
const MOBILE = "13600000001";
const UNKNOWN = "13911112222";
const NEW_PASSWORD = "new-pass-2027";

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  sms = recordingSms();
  residentId = (
    await makeUser(db, {
      mobile: MOBILE,
      name: "刘芳",
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    })
  ).id;
});

/** A logged-out caller from `address` with the recording sender (or none). */
const anon = (address = "203.0.113.7", sender: typeof sms | null = sms) =>
  callerFor(db, null, recordingCookies(), { sms: sender, clientAddress: address });
const minutesLater = (m: number, from = Date.now()) => new Date(from + m * 60_000);
const codeRows = () => db.selectFrom("password_reset_code").selectAll().orderBy("created_at").execute();

async function loginWorks(password: string, mobile = MOBILE) {
  try {
    await (await anon("198.51.100.1")).auth.login({ mobile, password });
    return true;
  } catch {
    return false;
  }
}

describe("auth.smsAvailable and a deployment without SMS", () => {
  it("says whether a sender is configured", async () => {
    expect(await (await anon()).auth.smsAvailable()).toEqual({ available: true });
    expect(await (await anon("203.0.113.7", null)).auth.smsAvailable()).toEqual({ available: false });
  });

  it("answers both mutations with a message pointing to the 社区, and records nothing", async () => {
    const c = await anon("203.0.113.7", null);
    for (const call of [
      c.auth.requestResetCode({ mobile: MOBILE }),
      c.auth.resetPasswordWithCode({ mobile: MOBILE, code: "123456", newPassword: NEW_PASSWORD }),
    ]) {
      const error = await trpcErrorOf(call);
      expect([error.code, error.message]).toEqual(["FORBIDDEN", SMS_UNAVAILABLE_MESSAGE]);
    }
    expect(await codeRows()).toEqual([]);
  });
});

describe("the code flow", () => {
  it("sends a 6-digit code, keeps only hashes, and the code sets a new password once", async () => {
    const loggedIn = recordingCookies();
    await (await callerFor(db, null, loggedIn)).auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD });
    const c = await anon();
    expect(await c.auth.requestResetCode({ mobile: MOBILE })).toEqual({ ok: true });
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]!.mobile).toBe(MOBILE);
    expect(sms.sent[0]!.message).toMatch(/验证码 \d{6}，10分钟内有效/);
    const code = sms.lastCode(MOBILE)!;

    const [row] = await codeRows();
    expect(JSON.stringify(row)).not.toContain(MOBILE);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row).toMatchObject({ tries: 0, used_at: null, code_hash: expect.any(String) });

    expect(await c.auth.resetPasswordWithCode({ mobile: MOBILE, code, newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
    });
    expect(await loginWorks(NEW_PASSWORD)).toBe(true);
    expect(await loginWorks(FACTORY_PASSWORD)).toBe(false);
    // Every session of the account ended, as with a change of password.
    expect(await resolveSession(db, loggedIn.token!)).toBeNull();

    const again = await trpcErrorOf(
      c.auth.resetPasswordWithCode({ mobile: MOBILE, code, newPassword: "third-pass-99" }),
    );
    expect(errorShapeOf(again, "auth.resetPasswordWithCode").data.fieldErrors).toEqual({
      code: ["验证码错误或已过期，请重新获取"],
    });
    expect(await loginWorks(NEW_PASSWORD)).toBe(true);
  });

  it("is audited as done by the owner, without the code or the password", async () => {
    const c = await anon();
    await c.auth.requestResetCode({ mobile: MOBILE });
    const code = sms.lastCode(MOBILE)!;
    await c.auth.resetPasswordWithCode({ mobile: MOBILE, code, newPassword: NEW_PASSWORD });
    const rows = await auditRows(db);
    expect(rows.map((r) => [r.action, r.actor_id, r.target_id, r.org_unit_id, r.after])).toEqual([
      [
        "auth.reset_password_sms",
        residentId,
        String(residentId),
        tree.a.community,
        { mobile: "136****0001" },
      ],
    ]);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain(NEW_PASSWORD);
  });

  it("clears a pending temporary password from an admin reset", async () => {
    const admin = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
    await (await callerFor(db, admin)).auth.users.resetPassword({ userId: residentId });
    const c = await anon();
    await c.auth.requestResetCode({ mobile: MOBILE });
    await c.auth.resetPasswordWithCode({
      mobile: MOBILE,
      code: sms.lastCode(MOBILE)!,
      newPassword: NEW_PASSWORD,
    });
    const user = await db
      .selectFrom("user")
      .selectAll()
      .where("id", "=", residentId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ must_change_password: 0, temp_password_issued_at: null });
  });

  it("answers a number without an account the same, sends nothing, and accepts no code for it", async () => {
    const c = await anon();
    expect(await c.auth.requestResetCode({ mobile: UNKNOWN })).toEqual({ ok: true });
    expect(sms.sent).toEqual([]);
    expect(await codeRows()).toEqual([expect.objectContaining({ code_hash: null })]);
    const error = await trpcErrorOf(
      c.auth.resetPasswordWithCode({ mobile: UNKNOWN, code: "123456", newPassword: NEW_PASSWORD }),
    );
    expect(error.message).toBe("验证码错误或已过期，请重新获取");
    // And it is throttled the same: a second request within the minute is refused for both.
    const known = await anon("198.51.100.20");
    await known.auth.requestResetCode({ mobile: MOBILE });
    const a = await trpcErrorOf(c.auth.requestResetCode({ mobile: UNKNOWN }));
    const b = await trpcErrorOf(known.auth.requestResetCode({ mobile: MOBILE }));
    expect([a.code, a.message]).toEqual([b.code, b.message]);
  });

  it("counts wrong codes: 5 tries, then even the right code is refused", async () => {
    const c = await anon();
    await c.auth.requestResetCode({ mobile: MOBILE });
    const code = sms.lastCode(MOBILE)!;
    const wrong = code === "000000" ? "111111" : "000000";
    const messages: string[] = [];
    for (let i = 0; i < 6; i++) {
      messages.push(
        (
          await trpcErrorOf(
            c.auth.resetPasswordWithCode({ mobile: MOBILE, code: wrong, newPassword: NEW_PASSWORD }),
          )
        ).message,
      );
    }
    expect(messages).toEqual([
      "验证码错误，还可以再试4次",
      "验证码错误，还可以再试3次",
      "验证码错误，还可以再试2次",
      "验证码错误，还可以再试1次",
      "验证码错误次数过多，请重新获取",
      "验证码错误次数过多，请重新获取",
    ]);
    const right = await trpcErrorOf(
      c.auth.resetPasswordWithCode({ mobile: MOBILE, code, newPassword: NEW_PASSWORD }),
    );
    expect(right.message).toBe("验证码错误次数过多，请重新获取");
    expect(await loginWorks(FACTORY_PASSWORD)).toBe(true);
  });

  it("takes only the latest code: a new one replaces the old", async () => {
    const start = Date.now();
    const client = { keys: TEST_KEYS, clientAddress: "203.0.113.7", sms };
    await requestResetCode(db, client, MOBILE, new Date(start));
    const first = sms.lastCode(MOBILE)!;
    await requestResetCode(db, client, MOBILE, minutesLater(2, start));
    const second = sms.lastCode(MOBILE)!;
    if (first !== second) {
      await expect(
        checkResetCode(db, TEST_KEYS, { mobile: MOBILE, code: first }, minutesLater(3, start)),
      ).rejects.toThrow("验证码错误");
    }
    const ok = await checkResetCode(db, TEST_KEYS, { mobile: MOBILE, code: second }, minutesLater(3, start));
    expect(ok.userId).toBe(residentId);
  });

  it("expires after 10 minutes", async () => {
    const start = Date.now();
    const client = { keys: TEST_KEYS, clientAddress: "203.0.113.7", sms };
    await requestResetCode(db, client, MOBILE, new Date(start));
    const code = sms.lastCode(MOBILE)!;
    const late = new Date(start + RESET_CODE_TTL_MS + 1000);
    await expect(checkResetCode(db, TEST_KEYS, { mobile: MOBILE, code }, late)).rejects.toThrow(
      "验证码错误或已过期，请重新获取",
    );
    expect(
      (await checkResetCode(db, TEST_KEYS, { mobile: MOBILE, code }, minutesLater(9, start))).userId,
    ).toBe(residentId);
  });

  it("checks the input: the code's shape and a new password that is not the mobile or a common one", async () => {
    const c = await anon();
    const shape = await trpcErrorOf(
      c.auth.resetPasswordWithCode({ mobile: MOBILE, code: "12345", newPassword: NEW_PASSWORD }),
    );
    expect(errorShapeOf(shape, "auth.resetPasswordWithCode").data.fieldErrors).toEqual({
      code: ["验证码应为6位数字"],
    });
    const mobile = await trpcErrorOf(
      c.auth.resetPasswordWithCode({ mobile: MOBILE, code: "123456", newPassword: `a${MOBILE}` }),
    );
    expect(errorShapeOf(mobile, "auth.resetPasswordWithCode").data.fieldErrors).toEqual({
      newPassword: ["密码不能使用手机号"],
    });
    const common = await trpcErrorOf(
      c.auth.resetPasswordWithCode({ mobile: MOBILE, code: "123456", newPassword: "password123" }),
    );
    expect(errorShapeOf(common, "auth.resetPasswordWithCode").data.fieldErrors).toEqual({
      newPassword: ["密码过于常见，请换一个更难猜的密码"],
    });
    const bad = await trpcErrorOf(c.auth.requestResetCode({ mobile: "12345" }));
    expect(errorShapeOf(bad, "auth.requestResetCode").data.fieldErrors).toEqual({
      mobile: ["手机号应为11位数字，以13-19开头"],
    });
    // None of these used a try or asked for a code.
    expect(await codeRows()).toEqual([]);
  });
});

describe("the request throttle", () => {
  const client = (address: string) => ({ keys: TEST_KEYS, clientAddress: address, sms });

  it("allows one code a minute and five a day per mobile", async () => {
    const start = Date.now();
    await requestResetCode(db, client("203.0.113.7"), MOBILE, new Date(start));
    // Another address changes nothing: the limit is the number's.
    await expect(
      requestResetCode(db, client("198.51.100.9"), MOBILE, new Date(start + 15_000)),
    ).rejects.toThrow("获取验证码过于频繁，请45秒后再试");
    for (let i = 1; i < 5; i++)
      await requestResetCode(db, client("203.0.113.7"), MOBILE, minutesLater(i * 2, start));
    expect(sms.sent).toHaveLength(5);
    await expect(
      requestResetCode(db, client("203.0.113.7"), MOBILE, minutesLater(30, start)),
    ).rejects.toThrow("该手机号今天获取验证码的次数已达上限，请明天再试，或联系所在社区重置密码");
    // A day after the first, one is free again.
    await requestResetCode(db, client("203.0.113.7"), MOBILE, minutesLater(24 * 60 + 1, start));
    expect(sms.sent).toHaveLength(6);
  });

  it("allows twenty a day from one address, whichever numbers they are for", async () => {
    const start = Date.now();
    for (let i = 0; i < 20; i++) {
      await requestResetCode(
        db,
        client("203.0.113.7"),
        `1391111${String(i).padStart(4, "0")}`,
        new Date(start + i),
      );
    }
    await expect(requestResetCode(db, client("203.0.113.7"), MOBILE, new Date(start + 100))).rejects.toThrow(
      "获取验证码的次数过多，请明天再试，或联系所在社区重置密码",
    );
    await requestResetCode(db, client("198.51.100.9"), MOBILE, new Date(start + 100));
    expect(sms.sent.map((m) => m.mobile)).toEqual([MOBILE]);
  });

  it("sends one code for requests arriving at once (several servers on one database)", async () => {
    // Connections opened beforehand, so that the requests overlap instead of waiting for them.
    await Promise.all(Array.from({ length: 10 }, () => sql`select 1`.execute(db)));
    const start = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        requestResetCode(db, client(`203.0.113.${i + 1}`), MOBILE, new Date(start + i)),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect(String(r.reason)).toContain("获取验证码过于频繁");
    expect(sms.sent).toHaveLength(1);
    expect(await codeRows()).toHaveLength(1);
  });

  it("answers TOO_MANY_REQUESTS through the procedure", async () => {
    const c = await anon();
    await c.auth.requestResetCode({ mobile: MOBILE });
    const error = await trpcErrorOf(c.auth.requestResetCode({ mobile: MOBILE }));
    expect(error.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("consoleSms", () => {
  it("writes the message to the log with the mobile masked", async () => {
    const lines: string[] = [];
    await consoleSms((line) => lines.push(line)).send("13812345678", "验证码 123456，10分钟内有效");
    expect(lines).toEqual(["[SMS to 138****5678] 验证码 123456，10分钟内有效"]);
  });
});
