import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 消息通知: what the 社区 does reaches the person in their inbox. The admin approves a 志愿者注册 in the
// console; the resident's bell on the phone counts it, 消息 shows it, and reading it clears the count.
// Every registration made here is approved, so 东街社区's review queue is left as it was found.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1400, height: 900 };
const PASSWORD = "notice-flow-2026";
const ADMIN = "13800000002"; // 李秀英, 东街社区
/** Set SCREENSHOT_DIR to keep pictures of the screens for a look. */
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/${name}.png` }) : Promise.resolve();
/** A page loads the app and its queries again: more than poll's default second on a busy machine. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

const idNumber = (seq: number) => {
  const first17 = `320106199103${String(10 + seq).padStart(2, "0")}${String(300 + seq).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
};

async function dongjie() {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string; parentId: number | null }>>(
    "",
    "org.publicTree",
  );
  const community = tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id;
  return {
    community,
    courtyard: tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!.id,
    grid: tree.find((u) => u.kind === "grid" && u.parentId === community)!.id,
  };
}

/** A 待审核 registration by the account behind `cookie`, living in 建安小区. */
async function applyAsVolunteer(cookie: string, name: string, mobile: string, seq: number) {
  const { courtyard } = await dongjie();
  await apiMutate(cookie, "volunteer.register", {
    name,
    idNumber: idNumber(seq),
    mobile,
    courtyardId: courtyard,
    politicalStatus: "masses",
    skills: ["sanitation"],
    serviceTimes: ["weekend_morning"],
    dataConsent: true,
  });
}

async function portalLogin(page: Page, mobile: string) {
  await page.goto(`${baseUrl()}/login?next=%2F`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

const bellName = (page: Page) => page.getByTestId("notification-bell").getAttribute("aria-label");

/**
 * A new person on a retry: the failed attempt may have left the first one registered, or waiting in
 * the review queue under the same name. Each test counts its own attempts; attempt 0 keeps the
 * original name, mobile and 身份证号 (seq 1 and 2; a retry takes 3, 5… and 4, 6…).
 */
const mark = (attempt: number) => (attempt === 0 ? "" : "甲乙丙"[attempt - 1]);
let approvalAttempts = 0;

it("an approval in the console reaches the resident's bell and 消息; reading it clears the count", async () => {
  const attempt = approvalAttempts++;
  const name = `钟晓梅${mark(attempt)}`;
  const mobile = attempt === 0 ? "13912340401" : String(13912340880 + attempt);
  const { community, courtyard } = await dongjie();
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name,
    communityId: community,
    courtyardId: courtyard,
  });
  await applyAsVolunteer(await apiLogin(mobile, PASSWORD), name, mobile, 1 + 2 * attempt);

  const phone = await session.page();
  await portalLogin(phone, mobile);
  await poll(() => bellName(phone)).toBe("消息通知，没有未读消息");

  // 李秀英 approves the registration in the console.
  const admin = await session.page(DESK);
  await adminSteps(admin).login(ADMIN, "chuangcheng2026");
  await admin.goto(`${baseUrl()}/admin/volunteers/review`);
  await admin.getByRole("button", { name: `通过 ${name}` }).click();
  await poll(() => admin.getByRole("button", { name: `通过 ${name}` }).count()).toBe(0);

  // On the phone: 我的 and back to 首页 (each page asks again when shown) count the one notice.
  await phone.locator(".tab-layout-bar").getByText("我的", { exact: true }).click();
  await phone.waitForURL((url) => url.pathname === "/me");
  await poll(() => bellName(phone)).toBe("消息通知，1条未读");
  await shot(phone, "portal-me-bell");
  await phone.locator(".tab-layout-bar").getByText("首页", { exact: true }).click();
  await poll(() => bellName(phone)).toBe("消息通知，1条未读");
  expect(await phone.getByTestId("notification-bell").textContent()).toBe("1");
  await shot(phone, "portal-home-bell");

  await phone.getByRole("link", { name: "消息通知，1条未读" }).click();
  await phone.waitForURL((url) => url.pathname === "/messages");
  const notice = phone.getByTestId("notice-item").filter({ hasText: "志愿者注册已通过" });
  await poll(() => notice.count()).toBe(1);
  expect(await notice.textContent()).toContain("（未读）");
  expect(await phone.getByTestId("messages-unread").textContent()).toBe("1条未读");
  await shot(phone, "portal-messages");

  // Tapping it reads it and opens 我的志愿者, which says 已注册.
  await notice.click();
  await phone.waitForURL((url) => url.pathname === "/volunteer");
  await poll(() => phone.getByTestId("volunteer-status").first().textContent()).toContain("已注册");
  await phone.goBack();
  await phone.waitForURL((url) => url.pathname === "/messages");
  await poll(() => phone.getByTestId("messages-unread").textContent()).toBe("没有未读消息");
  expect(await phone.getByTestId("notice-item").first().textContent()).not.toContain("（未读）");
  await shot(phone, "portal-messages-read");
  await phone.goto(`${baseUrl()}/`);
  await poll(() => bellName(phone)).toBe("消息通知，没有未读消息");
  expect(await phone.getByTestId("notification-bell").textContent()).toBe("");
});

let staffAttempts = 0;

it("a staff member's bell in the console header lists the notice; 全部已读 clears it", async () => {
  // A grid worker of 东街社区 who also registers as a volunteer: told in the console when approved.
  const attempt = staffAttempts++;
  const name = `邱志远${mark(attempt)}`;
  const mobile = attempt === 0 ? "13912340402" : String(13912340890 + attempt);
  const { grid } = await dongjie();
  const admin = await apiLogin(ADMIN, "chuangcheng2026");
  await apiMutate(admin, "auth.users.createStaff", {
    mobile,
    name,
    password: PASSWORD,
    role: "grid_worker",
    unitId: grid,
  });
  await applyAsVolunteer(await apiLogin(mobile, PASSWORD), name, mobile, 2 + 2 * attempt);
  const queue = await apiQuery<{ items: Array<{ id: number; name: string | null }> }>(
    admin,
    "volunteer.reviewQueue",
    {},
  );
  const mine = queue.items.filter((v) => v.name === name).map((v) => v.id);
  expect(mine).toHaveLength(1);
  await apiMutate(admin, "volunteer.review", { ids: mine, action: "approve" });

  const page = await session.page(DESK);
  await adminSteps(page).login(mobile, PASSWORD);
  const bell = page.getByTestId("notification-bell");
  await poll(() => bell.getAttribute("aria-label")).toBe("消息通知，1条未读");
  await bell.click();
  const popover = page.getByTestId("notification-popover");
  await poll(() => popover.getByTestId("notice-item").count()).toBe(1);
  expect(await popover.textContent()).toContain("志愿者注册已通过");
  await shot(page, "admin-bell");

  await popover.getByRole("button", { name: "全部已读" }).click();
  await poll(() => bell.getAttribute("aria-label")).toBe("消息通知，没有未读消息");
  expect(await popover.getByTestId("notice-item").textContent()).not.toContain("（未读）");

  // 查看全部: the whole list on its own page.
  await popover.getByRole("link", { name: "查看全部" }).click();
  await page.waitForURL((url) => url.pathname === "/admin/messages");
  const list = page.getByTestId("messages-page");
  await poll(() => list.getByTestId("notice-item").count()).toBe(1);
  expect(await list.getByTestId("messages-unread").textContent()).toBe("没有未读消息");
  await shot(page, "admin-messages");
});
