import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";
import {
  createSession,
  DEMO_PASSWORD,
  generateMasterKey,
  openDatabase,
  type Database,
} from "@chuangcheng/domain";
import {
  createPostgresDatabase,
  makeUser,
  makeVolunteer,
  TEST_DATABASE_URL,
  type ScratchPostgres,
} from "@chuangcheng/domain/testing";

// Two built servers, as two machines behind a proxy would run them, on one PostgreSQL database of
// their own: sessions, login throttling, the places of an activity and the check-in QR code's signature
// hold across both. No browser: HTTP as the apps send it. Needs PostgreSQL (TEST_DATABASE_URL names a
// server, as .ci/run and tooling/postgres/start-test-cluster.sh set it); without it the file is skipped
// with a line saying so.

const ENTRY = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const ADMIN_PASSWORD = "two-servers-admin-2026";
// The one master key both servers share. It is the key the domain's test factories encrypt with
// (TEST_KEYS of @chuangcheng/domain/testing), so the volunteers made below are readable by the servers.
const DATA_KEY = Buffer.alloc(32, 42).toString("base64");
const COMMUNITY_ADMIN = "13800000002"; // 李秀英, 东街社区
const RESIDENT = "13800000004"; // 刘芳, demo resident
const PLACES = 20;
const RACERS = 200;

if (!TEST_DATABASE_URL) {
  console.info("PostgreSQL not available (TEST_DATABASE_URL unset): two servers on one database not tested");
}

interface Answer<T> {
  status: number;
  data?: T;
  message?: string;
  cookie?: string;
}

async function trpc<T>(
  server: RunningServer,
  path: string,
  opts: { cookie?: string; input?: unknown; query?: boolean } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { origin: server.baseUrl };
  if (opts.cookie) headers.cookie = opts.cookie;
  let res: Response;
  if (opts.query) {
    const q = opts.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(opts.input))}`;
    res = await fetch(`${server.baseUrl}/trpc/${path}${q}`, { headers });
  } else {
    res = await fetch(`${server.baseUrl}/trpc/${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: opts.input === undefined ? "" : JSON.stringify(opts.input),
    });
  }
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  return {
    status: res.status,
    ...(body.result ? { data: body.result.data } : {}),
    ...(body.error ? { message: body.error.message } : {}),
    ...(cookie ? { cookie } : {}),
  };
}

async function login(server: RunningServer, mobile: string, password: string) {
  return trpc<{ mustChangePassword: boolean }>(server, "auth.login", { input: { mobile, password } });
}

describe.skipIf(!TEST_DATABASE_URL)("two servers on one PostgreSQL database", () => {
  let database: ScratchPostgres;
  let db: Kysely<Database>;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    // Empty, not migrated: both servers start at the same moment on it, and both seed the demo.
    database = await createPostgresDatabase({ prefix: "cc_two_servers", migrate: false });
    const env = { DATABASE_URL: database.url, DATA_KEY, ADMIN_PASSWORD, SEED_DEMO: "1" };
    const started = await Promise.allSettled([
      startServer({ entry: ENTRY, env, timeoutMs: 60_000 }),
      startServer({ entry: ENTRY, env, timeoutMs: 60_000 }),
    ]);
    const running = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) {
      await Promise.all(running.map((s) => s.stop()));
      throw failed.reason;
    }
    [a, b] = running as [RunningServer, RunningServer];
    db = openDatabase(database.url, { poolSize: 4 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.destroy();
    await database?.drop();
  });

  it("both run on PostgreSQL, and starting together they migrated and seeded the demo once", async () => {
    for (const server of [a, b]) {
      const health = (await (await fetch(`${server.baseUrl}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: "ok", database: true, databaseKind: "postgres" });
    }
    const systemAdmins = await db
      .selectFrom("role_grant")
      .select("id")
      .where("role", "=", "system_admin")
      .execute();
    const communities = await db.selectFrom("org_unit").select("id").where("name", "=", "东街社区").execute();
    const demoVolunteers = await db
      .selectFrom("volunteer")
      .select("id")
      .where("name", "=", "林小雨")
      .execute();
    expect([systemAdmins.length, communities.length, demoVolunteers.length]).toEqual([1, 1, 1]);
    // The generated-password banner of the one start that created the system admin.
    const creators = [a, b].filter((s) => s.output().includes("system admin"));
    expect(creators).toHaveLength(1);
  });

  it("a login on one server is valid on the other, and a logout on one ends the session on both", async () => {
    const signedIn = await login(a, COMMUNITY_ADMIN, DEMO_PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.cookie!;
    const onB = await trpc<{ name: string; permissions: string[] }>(b, "auth.me", { cookie, query: true });
    expect(onB.status).toBe(200);
    expect(onB.data?.name).toBe("李秀英");
    expect(onB.data?.permissions).toContain("activity.manage");

    expect((await trpc(b, "auth.logout", { cookie })).status).toBe(200);
    for (const server of [a, b]) {
      const after = await trpc(server, "auth.me", { cookie, query: true });
      expect(after.status).toBe(401);
    }
  });

  it("login failures against both servers add up for one account and address", async () => {
    // Three failures are free; after the third the next attempt waits. Two on A and one on B make three,
    // which a throttle kept in each process's memory would not see.
    expect((await login(a, RESIDENT, "wrong-guess-1")).status).toBe(400);
    expect((await login(a, RESIDENT, "wrong-guess-2")).status).toBe(400);
    expect((await login(b, RESIDENT, "wrong-guess-3")).status).toBe(400);
    for (const server of [b, a]) {
      const refused = await login(server, RESIDENT, DEMO_PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.message).toMatch(/^登录失败次数过多，请\d+秒后再试$/);
    }
  });

  it(`${RACERS} concurrent sign-ups for ${PLACES} places spread over both servers: exactly ${PLACES}; the QR code of one is accepted by the other`, async () => {
    const admin = (await login(a, COMMUNITY_ADMIN, DEMO_PASSWORD)).cookie!;
    const community = await db
      .selectFrom("org_unit")
      .select("id")
      .where("name", "=", "东街社区")
      .executeTakeFirstOrThrow();
    const courtyard = await db
      .selectFrom("org_unit")
      .select("id")
      .where("name", "=", "邮政局家属院")
      .executeTakeFirstOrThrow();
    // Starts in half an hour: sign-up is still open and check-in already is (an hour before the start).
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const created = await trpc<{ id: number }>(a, "activity.create", {
      cookie: admin,
      input: {
        communityId: community.id,
        kind: "volunteer_service",
        title: "两台服务器报名测试",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        placeText: "社区广场",
        capacity: PLACES,
      },
    });
    expect(created.status).toBe(200);
    const activityId = created.data!.id;

    // 200 registered volunteers of the 社区, each with an account and a session of their own.
    const racers: Array<{ volunteerId: number; cookie: string }> = [];
    for (let i = 0; i < RACERS; i++) {
      const user = await makeUser(db, {
        mobile: `136${String(i).padStart(8, "0")}`,
        communityId: community.id,
        courtyardId: courtyard.id,
      });
      const volunteer = await makeVolunteer(db, {
        courtyardId: courtyard.id,
        userId: user.id,
        mobile: `135${String(i).padStart(8, "0")}`,
      });
      const { token } = await createSession(db, user.id);
      racers.push({ volunteerId: volunteer.id, cookie: `cc_session=${token}` });
    }

    const answers = await Promise.all(
      racers.map(async (racer, i) => {
        const server = i % 2 === 0 ? a : b;
        const answer = await trpc<{ signupId: number }>(server, "activity.signUp", {
          cookie: racer.cookie,
          input: { activityId },
        });
        return { ...answer, server: server === a ? "A" : "B", racer };
      }),
    );
    const won = answers.filter((r) => r.status === 200);
    const full = answers.filter((r) => r.status === 409 && r.message === "名额已满");
    const other = answers.filter((r) => !won.includes(r) && !full.includes(r));
    console.info(
      `sign-up race over two servers: ${answers.length} sign-ups for ${PLACES} places -> ${won.length} succeeded ` +
        `(A ${won.filter((r) => r.server === "A").length}, B ${won.filter((r) => r.server === "B").length}), ` +
        `${full.length} refused 名额已满, ${other.length} other`,
    );
    expect(other.map((r) => `${r.status} ${r.message}`)).toEqual([]);
    expect(won).toHaveLength(PLACES);
    expect(full).toHaveLength(RACERS - PLACES);

    const activity = await db
      .selectFrom("activity")
      .select(["signed_count", "capacity"])
      .where("id", "=", activityId)
      .executeTakeFirstOrThrow();
    const signed = await db
      .selectFrom("activity_signup")
      .select(["volunteer_id"])
      .where("activity_id", "=", activityId)
      .where("status", "=", "signed")
      .orderBy("volunteer_id")
      .execute();
    expect(activity).toEqual({ signed_count: PLACES, capacity: PLACES });
    expect(signed.map((s) => s.volunteer_id)).toEqual(
      won.map((r) => r.racer.volunteerId).sort((x, y) => x - y),
    );

    // The organiser shows the QR code from server A; a volunteer who got a place scans it on server B.
    const qr = await trpc<{ token: string }>(a, "activity.qrToken", {
      cookie: admin,
      input: { id: activityId },
      query: true,
    });
    expect(qr.status).toBe(200);
    const winner = won.find((r) => r.server === "A") ?? won[0]!;
    const scanned = await trpc<{ activityId: number; kind: string }>(b, "activity.scan", {
      cookie: winner.racer.cookie,
      input: { token: qr.data!.token },
    });
    expect(scanned.status).toBe(200);
    expect(scanned.data).toMatchObject({ activityId, kind: "in" });
    const attendance = await db
      .selectFrom("activity_signup")
      .select("check_in_at")
      .where("activity_id", "=", activityId)
      .where("volunteer_id", "=", winner.racer.volunteerId)
      .executeTakeFirstOrThrow();
    expect(attendance.check_in_at).not.toBeNull();
    // A code altered by one character is refused on either server.
    const forged = qr.data!.token.slice(0, -2) + (qr.data!.token.endsWith("AA") ? "BB" : "AA");
    const refused = await trpc(a, "activity.scan", { cookie: winner.racer.cookie, input: { token: forged } });
    expect(refused.status).toBe(400);
    expect(refused.message).toBe("二维码无效或已过期，请重新扫码");
  }, 120_000);

  it("a third server with another DATA_KEY refuses to start on this database, naming the key", async () => {
    const otherKey = generateMasterKey().toString("base64");
    const start = startServer({
      entry: ENTRY,
      env: { DATABASE_URL: database.url, DATA_KEY: otherKey, ADMIN_PASSWORD, SEED_DEMO: "0" },
      timeoutMs: 60_000,
    });
    const error = await start.then(
      async (server) => {
        await server.stop();
        return null;
      },
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/server exited \(1\)/);
    expect(error?.message).toContain("数据密钥不匹配: DATA_KEY 无法读取数据库中已加密的身份证号");
    expect(error?.message).toContain("每台都须设置同一个 DATA_KEY");
    expect(error?.message).not.toContain(otherKey);
  });
});
