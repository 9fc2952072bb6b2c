import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";
import { browserSession } from "./pages.js";

// 短信验证码找回 in both apps, on a server of its own whose SMS go to its log (SMS_TRANSPORT=console):
// the code is asked for (the button then counts down), read off the log as a phone would show it, and
// with it a new password is set; the old one no longer logs in, the new one does.

const ENTRY = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const session = browserSession();
let server: RunningServer;

beforeAll(async () => {
  await session.start();
  server = await startServer({
    entry: ENTRY,
    env: { ADMIN_PASSWORD: "sms-admin-2026", SEED_DEMO: "1", SMS_TRANSPORT: "console" },
  });
});
afterAll(async () => {
  await session.stop();
  await server?.stop();
});

/** Set SCREENSHOT_DIR to keep pictures of the screens for a look. */
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true }) : Promise.resolve();

/** The code of the latest SMS to the masked number, from the server's log. */
async function codeSentTo(masked: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(() => {
      const lines = server
        .output()
        .split("\n")
        .filter((l) => l.includes(`[SMS to ${masked}]`));
      code = /验证码 (\d{6})/.exec(lines.at(-1) ?? "")?.[1];
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code!;
}

async function login(mobile: string, password: string): Promise<number> {
  const res = await fetch(`${server.baseUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mobile, password }),
  });
  return res.status;
}

/** Asks for a code, sees the button wait, types it and the new password twice, submits. */
async function resetWithCode(page: Page, form: "portal" | "console", mobile: string, masked: string) {
  await page.locator("#smsReset_mobile").fill(mobile);
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect.poll(() => page.getByText(/\d+秒后重发/).count()).toBe(1);
  expect(await page.getByRole("button", { name: /秒后重发/ }).isDisabled()).toBe(true);
  await page.locator("#smsReset_code").fill(await codeSentTo(masked));
  await page.locator("#smsReset_newPassword").fill(`${form}-new-pass-26`);
  await page.locator("#smsReset_confirm").fill(`${form}-new-pass-26`);
  await shot(page, `sms-reset-${form}-filled`);
  await page.getByRole("button", { name: "重置密码" }).click();
}

it("portal: a resident resets the password with a code sent to the mobile", async () => {
  const page = await session.page();
  await page.goto(`${server.baseUrl}/forgot-password`);
  await page.getByText("短信验证码找回").waitFor();
  // A wrong number is refused beside its field before any code is asked for.
  await page.locator("#smsReset_mobile").fill("1380000");
  await page.getByRole("button", { name: "获取验证码" }).click();
  await expect.poll(() => page.getByText("手机号应为11位数字，以13-19开头").count()).toBe(1);
  await shot(page, "sms-reset-portal");

  // Corrected, the first tap on 获取验证码 (right below the message) asks for the code: the message
  // went as the number was typed, not on the tap.
  await resetWithCode(page, "portal", "13800000004", "138****0004");
  await page.waitForURL(`${server.baseUrl}/login`);
  expect(await login("13800000004", "chuangcheng2026")).toBe(400);
  expect(await login("13800000004", "portal-new-pass-26")).toBe(200);
});

it("console: a grid worker resets the password with a code sent to the mobile", async () => {
  const page = await session.page({ width: 1400, height: 900 });
  await page.goto(`${server.baseUrl}/admin/forgot-password`);
  await page.getByRole("button", { name: "短信验证码找回" }).click();
  await resetWithCode(page, "console", "13800000003", "138****0003");
  await page.waitForURL(`${server.baseUrl}/admin/login`);
  expect(await login("13800000003", "chuangcheng2026")).toBe(400);
  expect(await login("13800000003", "console-new-pass-26")).toBe(200);
});
