import { afterEach, describe, expect, it } from "vitest";
import { consoleSms, seedDemo } from "@chuangcheng/domain";
import { createTestDb, TEST_KEYS } from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

// SMS_TRANSPORT over HTTP: none (the default) refuses the self-service reset with a message to ask the
// 社区; console writes the code to the log with the mobile masked.

const RESIDENT = "13800000004";
let app: Awaited<ReturnType<typeof buildServer>> | undefined;
afterEach(() => app?.close());

async function start(sms: Parameters<typeof buildServer>[0]["sms"]) {
  const db = await createTestDb();
  await seedDemo(db);
  app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", sms });
  return app;
}

const requestCode = (a: NonNullable<typeof app>) =>
  a.inject({ method: "POST", url: "/trpc/auth.requestResetCode", payload: { mobile: RESIDENT } });

describe("SMS transport", () => {
  it("none: auth.smsAvailable is false and a code request is refused in Chinese", async () => {
    const a = await start(null);
    expect((await a.inject({ url: "/trpc/auth.smsAvailable" })).json().result.data).toEqual({
      available: false,
    });
    const res = await requestCode(a);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe("本系统未开通短信验证码找回密码，请联系所在社区重置密码");
  });

  it("console: the code goes to the log, the mobile masked", async () => {
    const lines: string[] = [];
    const a = await start(consoleSms((line) => lines.push(line)));
    expect((await a.inject({ url: "/trpc/auth.smsAvailable" })).json().result.data).toEqual({
      available: true,
    });
    const res = await requestCode(a);
    expect(res.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[SMS to 138\*\*\*\*0004\] 【创城通】验证码 \d{6}，10分钟内有效/);
    expect(lines[0]).not.toContain(RESIDENT);
  });
});
