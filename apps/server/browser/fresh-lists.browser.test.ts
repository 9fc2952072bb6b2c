import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// Lists do not go stale: what another person changed shows when a page is shown again, when the
// window comes back to the front, or (same browser) as soon as the change is made. Every volunteer
// made here is approved before the test ends, so 东街社区's review queue is empty again for the
// other flows.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1400, height: 900 };
const PASSWORD = "fresh-lists-2026";
/** Set SCREENSHOT_DIR to keep pictures of the screens for a look. */
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/${name}.png` }) : Promise.resolve();

/**
 * New residents on a retry: the failed attempt may have left the first ones registered. Each test
 * counts its own attempts; attempt 0 keeps the mobiles and 身份证号 it always had, a retry adds 750
 * to each mobile (139123409xx) and 50 to the 身份证号's sequence number.
 */
const idNumber = (seq: number, attempt = 0) => {
  const order = String(100 + seq + 50 * attempt).padStart(3, "0");
  const first17 = `420102198703${String(10 + seq).padStart(2, "0")}${order}`;
  return first17 + checkCharacter(first17);
};

async function dongjie() {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  return {
    community: tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id,
    courtyard: tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!.id,
  };
}

/** A resident account of 东街社区 (建安小区); with `apply`, also a 待审核 volunteer registration. */
async function resident(mobile: string, name: string, apply?: { seq: number; attempt: number }) {
  const { community, courtyard } = await dongjie();
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name,
    communityId: community,
    courtyardId: courtyard,
  });
  if (apply) {
    await apiMutate(await apiLogin(mobile, PASSWORD), "volunteer.register", {
      name,
      idNumber: idNumber(apply.seq, apply.attempt),
      mobile,
      courtyardId: courtyard,
      politicalStatus: "masses",
      skills: ["sanitation"],
      serviceTimes: ["weekend_morning"],
      dataConsent: true,
    });
  }
}

async function portalLogin(page: Page, mobile: string, next: string) {
  await page.goto(`${baseUrl()}/login?next=${encodeURIComponent(next)}`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname === next);
}

/** A mark on the page's window: still there later means the page was never reloaded (page code as text: no DOM types here). */
const markWindow = (page: Page) => page.evaluate("window.__kept = 1");
const windowKept = async (page: Page) => (await page.evaluate("window.__kept === 1")) === true;

const status = (page: Page) => page.getByTestId("volunteer-status").textContent();

let queueAttempts = 0;

it("the console's review queue shows a resident who applied meanwhile after 志愿者名册 → 志愿者审核, without reloading", async () => {
  const attempt = queueAttempts++;
  const newcomer = String(13912340201 + 750 * attempt);
  const second = String(13912340202 + 750 * attempt);
  const admin = await session.page(DESK);
  await adminSteps(admin).login("13800000002", "chuangcheng2026");
  await admin.getByRole("menuitem", { name: "志愿者审核" }).click();
  await admin.waitForURL(/\/admin\/volunteers\/review$/);
  await admin.getByText("待审核 0 人").waitFor();
  await markWindow(admin);

  // Meanwhile, in another browser context, a resident applies on the portal.
  await resident(newcomer, "黄新来");
  const phone = await session.page();
  await portalLogin(phone, newcomer, "/volunteer");
  await phone.getByTestId("volunteer-invite").waitFor();
  await phone.goto(`${baseUrl()}/volunteer/register`);
  await phone.getByLabel("身份证号", { exact: true }).pressSequentially(idNumber(1, attempt));
  await phone.getByLabel("手机号", { exact: true }).fill(newcomer);
  await phone.getByText("群众", { exact: true }).click();
  await phone.getByText("环卫", { exact: true }).click();
  await phone.getByText("周末上午", { exact: true }).click();
  await phone.getByTestId("volunteer-data-consent").locator(".adm-checkbox").click();
  await phone.getByTestId("volunteer-submit").click();
  await phone.waitForURL(/\/volunteer$/);
  await expect.poll(() => status(phone)).toBe("待审核");

  // The admin goes to the roster and back: the newcomer is there, and the page was never reloaded.
  await admin.getByRole("menuitem", { name: "志愿者名册" }).click();
  await admin.getByRole("button", { name: "导出Excel" }).waitFor();
  await admin.getByRole("menuitem", { name: "志愿者审核" }).click();
  await admin.getByRole("button", { name: "通过 黄新来" }).waitFor();
  expect(await admin.getByText("待审核 1 人").count()).toBe(1);
  expect(await windowKept(admin)).toBe(true);
  await shot(admin, "fresh-review-queue");

  // The 刷新 button in the toolbar fetches the queue again where the admin stays on the page.
  await resident(second, "黄新去", { seq: 2, attempt });
  await admin.getByRole("button", { name: "刷新" }).click();
  await admin.getByRole("button", { name: "通过 黄新去" }).waitFor();
  expect(await windowKept(admin)).toBe(true);

  await admin.getByRole("button", { name: "通过 黄新来" }).click();
  await admin.getByRole("button", { name: "通过 黄新去" }).click();
  await admin.getByText("没有待审核的志愿者注册，审核队列已清空").waitFor();
});

let approvedAttempts = 0;

it("an approved resident sees 已注册 on coming back to the page, and on the window's coming back to the front", async () => {
  const attempt = approvedAttempts++;
  const backMobile = String(13912340211 + 750 * attempt);
  const stayMobile = String(13912340212 + 750 * attempt);
  await resident(backMobile, "韩回来", { seq: 11, attempt });
  await resident(stayMobile, "韩聚焦", { seq: 12, attempt });

  // Resident one looks at 我的志愿者 from 我的, then goes back to 我的.
  const back = await session.page();
  await portalLogin(back, backMobile, "/me");
  await back.getByTestId("me-volunteer-link").click();
  await expect.poll(() => status(back)).toBe("待审核");
  await back.goBack();
  await back.waitForURL((url) => url.pathname === "/me");
  await markWindow(back);
  // Resident two keeps 我的志愿者 open.
  const stay = await session.page();
  await portalLogin(stay, stayMobile, "/volunteer");
  await expect.poll(() => status(stay)).toBe("待审核");
  await markWindow(stay);

  const admin = await session.page(DESK);
  await adminSteps(admin).login("13800000002", "chuangcheng2026");
  await admin.goto(`${baseUrl()}/admin/volunteers/review`);
  await admin.getByRole("button", { name: "通过 韩回来" }).click();
  await admin.getByRole("button", { name: "通过 韩聚焦" }).click();
  await admin.getByText("没有待审核的志愿者注册，审核队列已清空").waitFor();

  // Coming back to the page shows the new status at once (the old one is not kept for 30 s).
  await back.getByTestId("me-volunteer-link").click();
  await expect.poll(() => status(back)).toBe("已注册");
  await back.getByTestId("volunteer-card").waitFor();
  expect(await windowKept(back)).toBe(true);

  // The window that stayed open refreshes when it comes back to the front (the browser tells the
  // page with a visibilitychange event on the window), without a reload.
  expect(await status(stay)).toBe("待审核");
  await stay.evaluate('window.dispatchEvent(new Event("visibilitychange"))');
  await expect.poll(() => status(stay)).toBe("已注册");
  expect(await windowKept(stay)).toBe(true);
});

let oneBrowserAttempts = 0;

it("in one browser, approving in the console updates the portal tab showing that person's status at once", async () => {
  // A 东街社区 resident who also holds community_admin (e.g. the 社区's own staff) and applies as a volunteer.
  const attempt = oneBrowserAttempts++;
  const mobile = String(13912340221 + 750 * attempt);
  await resident(mobile, "韩双岗", { seq: 21, attempt });
  const system = await apiLogin("13800000000", "browser-admin-2026");
  const { community } = await dongjie();
  const users = await apiQuery<{ items: Array<{ id: number; mobile: string }> }>(
    system,
    "auth.users.search",
    { q: mobile },
  );
  await apiMutate(system, "auth.users.grantRole", {
    userId: users.items[0]!.id,
    role: "community_admin",
    unitId: community,
  });

  const portalTab = await session.page();
  await portalLogin(portalTab, mobile, "/volunteer");
  await expect.poll(() => status(portalTab)).toBe("待审核");
  await markWindow(portalTab);

  // A second tab of the same browser (same session) opens the console and approves.
  const consoleTab = await portalTab.context().newPage();
  await consoleTab.setViewportSize(DESK);
  await consoleTab.goto(`${baseUrl()}/admin/volunteers/review`);
  await consoleTab.getByRole("button", { name: "通过 韩双岗" }).click();
  await consoleTab.getByText("没有待审核的志愿者注册，审核队列已清空").waitFor();

  // The portal tab was not touched: the console told it what changed.
  await expect.poll(() => status(portalTab)).toBe("已注册");
  expect(await windowKept(portalTab)).toBe(true);
});

let pullAttempts = 0;

it("the portal's lists refresh with a pull (下拉刷新)", async () => {
  const mobile = String(13912340231 + 750 * pullAttempts++);
  await resident(mobile, "韩下拉");
  const phone = await session.page();
  // A phone: touch events (antd-mobile's PullToRefresh follows them), known to the page from its start.
  const cdp = await phone.context().newCDPSession(phone);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  await portalLogin(phone, mobile, "/activities");
  await phone.getByTestId("activity-list").waitFor();
  let fetched = 0;
  phone.on("request", (r) => {
    if (r.url().includes("activity.upcoming")) fetched++;
  });
  // A finger pulls the list down.
  const list = (await phone.getByTestId("activity-list").boundingBox())!;
  const touch = (type: "touchStart" | "touchMove" | "touchEnd", y: number) =>
    cdp.send("Input.dispatchTouchEvent", {
      type,
      touchPoints: type === "touchEnd" ? [] : [{ x: 195, y: list.y + y }],
    });
  await touch("touchStart", 10);
  for (let y = 30; y <= 250; y += 20) await touch("touchMove", y);
  await phone.getByText("释放立即刷新").waitFor();
  await shot(phone, "fresh-pull-to-refresh");
  await touch("touchEnd", 250);
  await expect.poll(() => fetched).toBeGreaterThan(0);
  await phone.getByText("刷新成功").waitFor();
});
