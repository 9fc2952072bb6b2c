import { expect } from "vitest";
import type { Page } from "playwright-core";
import { baseUrl } from "./pages.js";

/** What a community admin does in the console during the volunteer flow, step by step. */
export function adminSteps(page: Page) {
  const chinaTime = (ms: number) =>
    new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date(ms));

  return {
    async login(mobile: string, password: string) {
      await page.goto(`${baseUrl()}/admin/login`);
      await page.getByLabel("手机号").fill(mobile);
      await page.getByLabel("密码", { exact: true }).fill(password);
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    },

    async approve(name: string) {
      await page.goto(`${baseUrl()}/admin/volunteers/review`);
      await page.getByRole("checkbox", { name: `选择 ${name}` }).check();
      await page.getByRole("button", { name: "批量通过" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "通过", exact: true }).click();
      // This person's row leaves the queue (a failed attempt before a retry may have left another).
      await expect.poll(() => page.getByRole("checkbox", { name: `选择 ${name}` }).count()).toBe(0);
    },

    /** Publishes an activity that starts in ten minutes (check-in opens an hour before) and lasts two hours. */
    async createActivity(title: string, capacity: number) {
      await page.goto(`${baseUrl()}/admin/activities`);
      await page.getByRole("button", { name: "发布活动" }).click();
      const d = page.getByRole("dialog", { name: "发布活动" });
      await d.getByLabel("名称").fill(title);
      const start = Date.now() + 10 * 60_000;
      await d.getByLabel("开始时间").fill(chinaTime(start));
      await d.getByLabel("开始时间").press("Enter");
      await d.getByLabel("结束时间").fill(chinaTime(start + 2 * 3_600_000));
      await d.getByLabel("结束时间").press("Enter");
      await d.getByLabel("地点").fill("邮政局家属院");
      await d.getByLabel("名额").fill(String(capacity));
      await d.getByRole("button", { name: "发布" }).click();
      await page.waitForURL(/\/admin\/activities\/\d+$/);
    },

    /**
     * Checks the volunteer in and out from the roster, then confirms the hours. The activity has not
     * started yet, so the measured time is 0: the organiser sets the two hours served, with a reason.
     */
    async checkInOutAndConfirm(title: string, name: string) {
      await page.goto(`${baseUrl()}/admin/activities`);
      await page.getByRole("link", { name: title }).first().click();
      await page.waitForURL(/\/admin\/activities\/\d+$/);
      await page.getByRole("button", { name: `签到 ${name}` }).click();
      await page.getByRole("button", { name: `签退 ${name}` }).click();
      const row = page.getByRole("row", { name: new RegExp(name) });
      await expect.poll(() => row.textContent()).toContain("待确认");

      await page.getByRole("checkbox", { name: `选择 ${name}` }).check();
      await page.getByRole("button", { name: /确认时长/ }).click();
      await expect.poll(() => row.textContent()).toContain("已确认");

      await page.getByRole("button", { name: `调整 ${name}` }).click();
      const d = page.getByRole("dialog", { name: /调整时长/ });
      await d.getByLabel("时长（分钟）").fill("120");
      await d.getByLabel("调整原因").fill("活动提前集合，按实际服务两小时计");
      await d.getByRole("button", { name: "确认调整" }).click();
      await expect.poll(() => row.textContent()).toContain("2 小时");
    },
  };
}
