import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Database } from "../db/database.js";
import { ValidationError } from "../errors.js";
import {
  FACTORY_PASSWORD,
  TEST_KEYS,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUser,
  recordingCookies,
  trpcErrorOf,
} from "../testing/index.js";
import { createContextInner } from "../context.js";
import { createCaller } from "../root.js";
import { resolveSession } from "./session-service.js";
import { PAIR_FREE_FAILURES, throttleKey } from "./throttle.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
});

const anonymous = (cookies = recordingCookies()) => callerFor(db, null, cookies);
/** Logged out, calling from `clientAddress` (as the server passes req.ip). */
const anonymousFrom = async (clientAddress: string, cookies = recordingCookies()) =>
  createCaller(createContextInner({ db, cookies, keys: TEST_KEYS, clientAddress }));

describe("auth.registerResident", () => {
  const valid = () => ({
    mobile: "13812345678",
    password: "secret-pass-1",
    name: "张三",
    communityId: tree.a.community,
    courtyardId: tree.a.courtyard,
  });

  it("creates the resident, grants the resident role at the 社区 and sets the session cookie", async () => {
    const cookies = recordingCookies();
    const out = await (await anonymous(cookies)).auth.registerResident(valid());

    const user = await db
      .selectFrom("user")
      .selectAll()
      .where("id", "=", out.userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      mobile: "13812345678",
      name: "张三",
      community_id: tree.a.community,
      courtyard_id: tree.a.courtyard,
    });
    expect(user.password_hash).not.toContain("secret-pass-1");
    const grants = await db
      .selectFrom("role_grant")
      .select(["role", "org_unit_id"])
      .where("user_id", "=", out.userId)
      .execute();
    expect(grants).toEqual([{ role: "resident", org_unit_id: tree.a.community }]);

    expect(cookies.token).toEqual(expect.any(String));
    const session = await resolveSession(db, cookies.token!);
    expect(session?.user.id).toBe(out.userId);
    expect(out.expiresAt).toBe(
      (await db.selectFrom("session").select("expires_at").executeTakeFirstOrThrow()).expires_at,
    );
  });

  it("refuses a 楼院 of another 社区 on the courtyardId field and creates nobody", async () => {
    const error = await trpcErrorOf(
      (await anonymous()).auth.registerResident({ ...valid(), courtyardId: tree.b.courtyard }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ValidationError);
    expect(error.message).toBe("所选楼院不属于该社区");
    expect(errorShapeOf(error, "auth.registerResident").data.fieldErrors).toEqual({
      courtyardId: ["所选楼院不属于该社区"],
    });
    expect(await db.selectFrom("user").select("id").execute()).toEqual([]);
  });

  it("refuses a unit that is not a 楼院 as courtyard, and one that is not a 社区 as community", async () => {
    const caller = await anonymous();
    const notCourtyard = await trpcErrorOf(
      caller.auth.registerResident({ ...valid(), courtyardId: tree.a.building }),
    );
    expect(errorShapeOf(notCourtyard, "auth.registerResident").data.fieldErrors).toEqual({
      courtyardId: ["请选择所在楼院"],
    });
    const notCommunity = await trpcErrorOf(
      caller.auth.registerResident({ ...valid(), communityId: tree.a.grid }),
    );
    expect(errorShapeOf(notCommunity, "auth.registerResident").data.fieldErrors).toEqual({
      communityId: ["请选择所在社区"],
    });
    const missing = await trpcErrorOf(caller.auth.registerResident({ ...valid(), communityId: 99999 }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(missing, "auth.registerResident").data.fieldErrors).toEqual({
      communityId: ["请选择所在社区"],
    });
  });

  it("refuses a mobile that is already registered", async () => {
    await makeUser(db, { mobile: "13812345678" });
    const error = await trpcErrorOf((await anonymous()).auth.registerResident(valid()));
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.registerResident").data.fieldErrors).toEqual({
      mobile: ["该手机号已注册，请直接登录"],
    });
  });

  it.each([
    ["mobile", { mobile: "12345" }, "手机号应为11位数字，以13-19开头"],
    ["password", { password: "short" }, "密码至少8位"],
    ["password", { password: "x".repeat(73) }, "密码最多72位"],
    ["password", { password: "123456789" }, "密码过于常见，请换一个更难猜的密码"],
    ["password", { password: "WoAiNi1314" }, "密码过于常见，请换一个更难猜的密码"],
    ["password", { password: "aaaaaaaa" }, "密码不能全是同一个字符"],
    ["password", { password: "13812345678" }, "密码不能使用手机号"],
    ["password", { password: "87654321831" }, "密码不能使用手机号"],
    ["name", { name: "   " }, "请输入姓名"],
    ["name", { name: "名".repeat(21) }, "姓名最多20个字"],
    ["communityId", { communityId: undefined }, "请选择所在社区"],
    ["courtyardId", { courtyardId: -1 }, "所在楼院无效"],
  ])("rejects a bad %s with a Chinese message naming the field (%j)", async (field, patch, message) => {
    const input = { ...valid(), ...patch } as ReturnType<typeof valid>;
    const error = await trpcErrorOf((await anonymous()).auth.registerResident(input));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    const issues = (error.cause as ZodError).issues.map((i) => ({ path: i.path, message: i.message }));
    expect(issues).toEqual([{ path: [field], message }]);
    const shape = errorShapeOf(error, "auth.registerResident");
    expect(shape.message).toBe(message);
    expect(shape.data.fieldErrors).toEqual({ [field]: [message] });
  });

  it("refuses a burst from one address with TOO_MANY_REQUESTS and a Chinese message, creating nobody", async () => {
    const users = async () => (await db.selectFrom("user").select("id").execute()).length;
    const mobiles = ["13812340001", "13812340002", "13812340003"];
    for (const mobile of mobiles)
      await (await anonymousFrom("203.0.113.9")).auth.registerResident({ ...valid(), mobile });
    const before = await users();
    const error = await trpcErrorOf(
      (await anonymousFrom("203.0.113.9")).auth.registerResident({ ...valid(), mobile: "13812340004" }),
    );
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.message).toMatch(/^注册过于频繁，请\d+(秒|分钟)后再试$/);
    expect(await users()).toBe(before);
    // Someone on another network registers as usual.
    await (await anonymousFrom("198.51.100.20")).auth.registerResident({ ...valid(), mobile: "13812340004" });
    expect(await users()).toBe(before + 1);
  });

  it("counts a refused registration too: a taken mobile is no free guess", async () => {
    await (await anonymousFrom("203.0.113.9")).auth.registerResident(valid());
    for (let i = 0; i < 2; i++) {
      expect(
        (await trpcErrorOf((await anonymousFrom("203.0.113.9")).auth.registerResident(valid()))).code,
      ).toBe("BAD_REQUEST");
    }
    const error = await trpcErrorOf((await anonymousFrom("203.0.113.9")).auth.registerResident(valid()));
    expect(error.code).toBe("TOO_MANY_REQUESTS");
  });

  it("trims the mobile before storing it", async () => {
    const out = await (await anonymous()).auth.registerResident({ ...valid(), mobile: " 13812345678 " });
    const user = await db
      .selectFrom("user")
      .select("mobile")
      .where("id", "=", out.userId)
      .executeTakeFirstOrThrow();
    expect(user.mobile).toBe("13812345678");
  });
});

describe("auth.login", () => {
  const MOBILE = "13700000001";
  let userId: number;
  beforeEach(async () => {
    userId = (await makeUser(db, { mobile: MOBILE, role: "resident", unitId: tree.a.community })).id;
  });

  it("opens a session for the right password and sets its cookie", async () => {
    const cookies = recordingCookies();
    const out = await (await anonymous(cookies)).auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD });
    expect(out.userId).toBe(userId);
    expect((await resolveSession(db, cookies.token!))?.user.id).toBe(userId);
  });

  it("gives the identical error for a wrong password and an unknown mobile", async () => {
    const caller = await anonymous();
    const wrong = await trpcErrorOf(caller.auth.login({ mobile: MOBILE, password: "wrong-password" }));
    const unknown = await trpcErrorOf(
      caller.auth.login({ mobile: "13700000999", password: FACTORY_PASSWORD }),
    );
    for (const error of [wrong, unknown]) {
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe("手机号或密码错误");
      expect(errorShapeOf(error, "auth.login").data.fieldErrors).toEqual({ password: ["手机号或密码错误"] });
    }
    expect(await db.selectFrom("session").select("id").execute()).toEqual([]);
  });

  it("refuses even the right password once the pair must wait, and sets no cookie", async () => {
    const cookies = recordingCookies();
    const caller = await anonymous(cookies);
    for (let i = 0; i < PAIR_FREE_FAILURES; i++) {
      expect((await trpcErrorOf(caller.auth.login({ mobile: MOBILE, password: `wrong-${i}` }))).code).toBe(
        "BAD_REQUEST",
      );
    }
    const error = await trpcErrorOf(caller.auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD }));
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.message).toMatch(/^登录失败次数过多，请[1-8]秒后再试$/);
    expect(cookies.token).toBeNull();
    expect(await db.selectFrom("session").select("id").execute()).toEqual([]);
  });

  it("lets the real user in from their own address while the attacker's address waits", async () => {
    const attacker = await anonymousFrom("203.0.113.7");
    for (let i = 0; i < 12; i++)
      await trpcErrorOf(attacker.auth.login({ mobile: MOBILE, password: `guess-${i}` }));
    const refused = await trpcErrorOf(attacker.auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");

    const cookies = recordingCookies();
    const out = await (
      await anonymousFrom("198.51.100.20", cookies)
    ).auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD });
    expect(out.userId).toBe(userId);
    expect(cookies.token).toEqual(expect.any(String));
  });

  it("clears the pair's failures after a successful login from the same address", async () => {
    const caller = await anonymousFrom("203.0.113.7");
    for (let i = 0; i < PAIR_FREE_FAILURES - 1; i++)
      await trpcErrorOf(caller.auth.login({ mobile: MOBILE, password: "wrong" }));
    await caller.auth.login({ mobile: MOBILE, password: FACTORY_PASSWORD });
    const { pair } = throttleKey(TEST_KEYS, MOBILE, "203.0.113.7");
    expect(await db.selectFrom("login_failure").select("at").where("pair_key", "=", pair).execute()).toEqual(
      [],
    );
  });

  it("rejects a malformed mobile before looking anything up", async () => {
    const error = await trpcErrorOf(
      (await anonymous()).auth.login({ mobile: "1370000000", password: FACTORY_PASSWORD }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(errorShapeOf(error, "auth.login").data.fieldErrors).toEqual({
      mobile: ["手机号应为11位数字，以13-19开头"],
    });
    expect(await db.selectFrom("login_failure").select("at").execute()).toEqual([]);
  });
});
