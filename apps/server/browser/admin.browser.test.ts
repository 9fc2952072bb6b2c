import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ADMIN_PASSWORD } from "./global-setup.js";
import { baseUrl, browserSession } from "./pages.js";

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESKTOP = { width: 1366, height: 860 };

async function login(page: Page, mobile: string, password: string) {
  await page.goto(`${baseUrl()}/admin/login`);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

it("the demo admin adds a 楼院 under a 网格 and sees it in the tree", async () => {
  const page = await session.page(DESKTOP);
  await login(page, "13800000000", ADMIN_PASSWORD);
  await page.getByRole("menuitem", { name: "组织架构" }).click();
  await page.waitForURL(/\/admin\/org/);

  await page.getByRole("treeitem", { name: "东街社区第一网格", exact: true }).click();
  await page.getByRole("button", { name: "新增下级" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("名称").fill("新华里小区");
  await dialog.getByRole("button", { name: "确定" }).click();

  await expect.poll(() => page.getByRole("treeitem", { name: "新华里小区", exact: true }).count()).toBe(1);

  // The tree is read back from the server: a fresh visit, opening the 网格, still shows the new 楼院.
  await page.goto(`${baseUrl()}/admin/org`);
  const grid = page.getByRole("treeitem", { name: "东街社区第一网格", exact: true });
  await grid.click();
  await expect.poll(() => page.getByText("3 个楼院").count()).toBe(1);
  await grid.locator(".ant-tree-switcher").click();
  await expect.poll(() => page.getByRole("treeitem", { name: "新华里小区", exact: true }).count()).toBe(1);
});

it("a wrong password shows the message under the password field", async () => {
  const page = await session.page(DESKTOP);
  await login(page, "13800000002", "wrong-password");
  const error = page.locator(".ant-form-item:has(#login_password) .ant-form-item-explain-error");
  await expect.poll(() => error.textContent()).toBe("手机号或密码错误");
});

it("a community admin sees only their own 社区 in the tree", async () => {
  const page = await session.page(DESKTOP);
  await login(page, "13800000005", "chuangcheng2026"); // 西关社区
  await page.getByRole("menuitem", { name: "组织架构" }).click();
  await expect.poll(() => page.getByRole("treeitem", { name: "西关社区", exact: true }).count()).toBe(1);
  expect(await page.getByRole("treeitem", { name: "东街社区", exact: true }).count()).toBe(0);
});
