import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// Every portal page, logged out and as a resident, in the normal mode and in 关怀模式, on a 390 px
// phone and with the system font at 200 %. axe-core checks each page as it is visited (pages.ts);
// this file adds what axe cannot know: 关怀模式's sizes, and nothing clipped or scrolling sideways.
// With SCREENSHOT_DIR set, it also leaves a screenshot of each page in each mode, for people to look at.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const PASSWORD = "care-mode-2026";
const DEMO_RESIDENT = { mobile: "13800000004", password: "chuangcheng2026" };

async function registerResident(mobile: string, name: string) {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name,
    communityId: tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id,
    courtyardId: tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!.id,
  });
}

type Mode = "normal" | "care";

/** A phone that has answered the first-visit offer (or not, with `offer`), in the given mode. */
async function phone(mode: Mode, opts: { offer?: boolean; fontPercent?: number } = {}): Promise<Page> {
  const page = await session.page();
  await page.addInitScript(
    ([care, offer]) => {
      if (window.localStorage.getItem("cc.test-prepared")) return;
      window.localStorage.setItem("cc.test-prepared", "1");
      if (care) window.localStorage.setItem("cc.careMode", "1");
      if (!offer) window.localStorage.setItem("cc.careModeOffered", "1");
    },
    [mode === "care", opts.offer ?? false] as const,
  );
  if (opts.fontPercent) {
    // The browser's own text size setting, as a phone's 字体大小 or a desktop browser's font size.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Page.setFontSizes", {
      fontSizes: { standard: (16 * opts.fontPercent) / 100, fixed: (13 * opts.fontPercent) / 100 },
    });
  }
  return page;
}

async function login(page: Page, mobile: string, password: string) {
  await page.goto(`${baseUrl()}/login`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Waits until the page has drawn its content (no loading spinner left). */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.locator(".page-loading, .adm-skeleton").count(), { timeout: 15_000 }).toBe(0);
}

/**
 * What a 390 px phone must not show: the page scrolling sideways, an element reaching past the
 * screen's edge, text cut off by its box.
 */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      problems.push(`页面横向滚动：内容宽 ${document.documentElement.scrollWidth}px，屏幕 ${width}px`);
    }
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} 「${(el.textContent ?? "").trim().slice(0, 20)}」`;
    for (const el of document.body.querySelectorAll<HTMLElement>("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // Text for screen readers only (1 × 1 px, clipped on purpose, e.g. 消息's （未读）) is no clipped text.
      if (box.width <= 1 && box.height <= 1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || el.closest("[aria-hidden='true'], .adm-popup[style*='none']"))
        continue;
      // Inside a container that scrolls sideways on purpose (none today), an edge is not an edge.
      if (box.right > width + 1 && style.position !== "fixed") problems.push(`超出屏幕右边：${describe(el)}`);
      const clips = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
      const hasText = [...el.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "",
      );
      if (clips && hasText && el.scrollWidth > el.clientWidth + 1)
        problems.push(`文字被截断：${describe(el)}`);
    }
    return problems;
  });
}

/** 关怀模式's promises: text at least 18 px, titles at least 22 px, touch targets at least 48 px. */
function careModeProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      return (
        box.width > 0 && box.height > 0 && !el.closest("[aria-hidden='true'], .adm-popup[style*='none']")
      );
    };
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} 「${(el.textContent ?? "").trim().slice(0, 16)}」`;
    for (const el of document.body.querySelectorAll<HTMLElement>("*")) {
      const ownText = [...el.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "",
      );
      if (!ownText || !visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 18 - 0.01) problems.push(`字号 ${size}px < 18px：${label(el)}`);
    }
    for (const el of document.querySelectorAll("h1, .page-header-title")) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (visible(el) && size < 22 - 0.01) problems.push(`标题字号 ${size}px < 22px：${label(el)}`);
    }
    const controls =
      "a[href], button, [role='button'], [role='switch'], [role='option'], input:not([type='hidden']), textarea, .adm-list-item.adm-plain-anchor";
    for (const el of document.querySelectorAll(controls)) {
      if (!visible(el)) continue;
      // An input's touch target is its whole row (the label and field are one tap area).
      const target = el.closest(".adm-list-item-content, .adm-form-item") ?? el;
      const box = target.getBoundingClientRect();
      if (Math.min(box.width, box.height) < 48 - 0.5) {
        problems.push(`点击区域 ${Math.round(box.width)}×${Math.round(box.height)} < 48：${label(el)}`);
      }
    }
    return problems;
  });
}

/**
 * A full-page capture resizes the page's viewport, which also drops the font size set through
 * DevTools: with a larger font, the screen is captured as the phone shows it, screen by screen.
 */
async function shoot(page: Page, name: string, opts: { largeFont?: boolean } = {}) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  if (!opts.largeFont) {
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    return;
  }
  const screens = await page.evaluate(() =>
    Math.min(4, Math.ceil(document.documentElement.scrollHeight / innerHeight)),
  );
  for (let i = 0; i < screens; i++) {
    await page.evaluate((y) => window.scrollTo(0, y * innerHeight), i);
    await page.screenshot({ path: join(dir, `${name}-${i + 1}.png`) });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** The pages a logged-out visitor reaches, and those of a logged-in resident. */
const PUBLIC_PAGES = ["/", "/login", "/register", "/forgot-password", "/activities", "/no-such-page"];
const RESIDENT_PAGES = [
  "/",
  "/activities",
  "/activities/mine",
  "/volunteer",
  "/volunteer/register",
  "/me",
  "/messages",
  "/problems/new",
  "/problems/mine",
];

async function firstActivityPath(page: Page): Promise<string> {
  await page.goto(`${baseUrl()}/activities`);
  await settle(page);
  const href = await page
    .locator("a[href^='/activities/']:not([href='/activities/mine'])")
    .first()
    .getAttribute("href");
  expect(href).toMatch(/^\/activities\/\d+$/);
  return href!;
}

/** One of the demo resident's 随手拍: a 已办结 one awaiting the rating (the most on screen) if there is one. */
async function problemDetailPath(page: Page): Promise<string> {
  await page.goto(`${baseUrl()}/problems/mine`);
  await settle(page);
  const items = page.getByTestId("my-problem-item");
  const toRate = items.filter({ hasText: "待评价" });
  const href = await ((await toRate.count()) > 0 ? toRate : items).first().getAttribute("href");
  expect(href).toMatch(/^\/problems\/\d+$/);
  return href!;
}

async function visitAll(
  page: Page,
  paths: string[],
  tag: string,
  check: (path: string) => Promise<void>,
  opts: { largeFont?: boolean } = {},
) {
  for (const path of paths) {
    await page.goto(`${baseUrl()}${path}`);
    await settle(page);
    await check(path);
    await shoot(page, `${tag}${path.replaceAll("/", "_") || "_home"}`, opts);
  }
}

describe.each(["normal", "care"] as const)("every portal page in the %s mode", (mode) => {
  const checks = (page: Page) => async (path: string) => {
    expect([path, await layoutProblems(page)]).toEqual([path, []]);
    if (mode === "care") expect([path, await careModeProblems(page)]).toEqual([path, []]);
  };

  it("logged out, at 390 px", async () => {
    const page = await phone(mode);
    // Logged out, 活动 asks to log in first: there is no activity to open.
    await visitAll(page, PUBLIC_PAGES, `${mode}-public`, checks(page));
  });

  it("as a resident, at 390 px", async () => {
    const page = await phone(mode);
    await login(page, DEMO_RESIDENT.mobile, DEMO_RESIDENT.password);
    const detail = await firstActivityPath(page);
    const problem = await problemDetailPath(page);
    await visitAll(page, [...RESIDENT_PAGES, detail, problem], `${mode}-resident`, checks(page));
    // A dozen pages, each loaded, settled and checked by axe: more than a minute on a busy machine.
  }, 180_000);

  it("as a resident, with the system font at 200 %", async () => {
    const page = await phone(mode, { fontPercent: 200 });
    await login(page, DEMO_RESIDENT.mobile, DEMO_RESIDENT.password);
    const detail = await firstActivityPath(page);
    const problem = await problemDetailPath(page);
    await visitAll(
      page,
      [...RESIDENT_PAGES, detail, problem, "/login"],
      `${mode}-font200`,
      async (path) => {
        // The setting holds on every page: the text really is twice the browser's default.
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe("32px");
        expect([path, await layoutProblems(page)]).toEqual([path, []]);
      },
      { largeFont: true },
    );
  }, 180_000);
});

describe("关怀模式", () => {
  // A new mobile on a retry (1395555020x): the failed attempt may have left its resident registered.
  // Each test counts its own attempts.
  let accountAttempts = 0;
  let keyboardAttempts = 0;

  it("is offered once on a first visit, and 暂不需要 is remembered on that phone", async () => {
    const page = await phone("normal", { offer: true });
    await page.goto(`${baseUrl()}/`);
    await settle(page);
    const offer = page.getByRole("region", { name: "字太小、看不清？" });
    await expect.poll(() => offer.isVisible()).toBe(true);
    await offer.getByRole("button", { name: "暂不需要" }).click();
    await expect.poll(() => offer.count()).toBe(0);
    await page.reload();
    await settle(page);
    expect(await offer.count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.classList.contains("care-mode"))).toBe(false);
  });

  it("turned on from the offer, enlarges the text at once and keeps it after a reload", async () => {
    const page = await phone("normal", { offer: true });
    await page.goto(`${baseUrl()}/login`);
    const before = await page
      .locator(".form-subtitle")
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("button", { name: "开启关怀模式" }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains("care-mode")))
      .toBe(true);
    await page.goto(`${baseUrl()}/login`);
    const after = await page
      .locator(".form-subtitle")
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(before).toBeLessThan(18);
    expect(after).toBeGreaterThanOrEqual(18);
  });

  it("switched on 我的, simplifies the home page and follows the account to a new phone", async () => {
    const mobile = String(13955550101 + 100 * accountAttempts++);
    await registerResident(mobile, "关怀测试");
    const first = await phone("normal");
    await login(first, mobile, PASSWORD);
    await first.goto(`${baseUrl()}/me`);
    const toggle = first.getByRole("switch", { name: "关怀模式" });
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("true");
    await first.goto(`${baseUrl()}/`);
    const tiles = first.getByRole("navigation", { name: "常用功能" });
    await expect
      .poll(() => tiles.getByRole("link").allTextContents())
      .toEqual([
        expect.stringContaining("活动报名"),
        expect.stringContaining("我的志愿服务"),
        expect.stringContaining("随手拍"),
        expect.stringContaining("黑白榜"),
      ]);
    // The normal home's 我的社区 list is gone in 关怀模式.
    expect(await first.getByText("所在楼院").count()).toBe(0);
    await shoot(first, "care-home-tiles");

    // A new phone: nothing stored there; logging in brings the account's choice.
    const second = await phone("normal");
    await login(second, mobile, PASSWORD);
    await expect
      .poll(() => second.evaluate(() => document.documentElement.classList.contains("care-mode")))
      .toBe(true);
    expect(await second.evaluate(() => window.localStorage.getItem("cc.careMode"))).toBe("1");

    // Off again on the new phone: the account follows, the first phone learns it at its next login.
    await second.goto(`${baseUrl()}/me`);
    await second.getByRole("switch", { name: "关怀模式" }).click();
    await expect
      .poll(() => second.evaluate(() => document.documentElement.classList.contains("care-mode")))
      .toBe(false);
    const me = await second.evaluate(async () => {
      const res = await fetch("/trpc/auth.me");
      return ((await res.json()) as { result: { data: { careMode: boolean | null } } }).result.data.careMode;
    });
    expect(me).toBe(false);
  });

  it("the switch works from the keyboard, with a visible focus ring", async () => {
    const mobile = String(13955550102 + 100 * keyboardAttempts++);
    await registerResident(mobile, "键盘测试");
    const page = await phone("normal");
    await login(page, mobile, PASSWORD);
    await page.goto(`${baseUrl()}/me`);
    await settle(page);
    const toggle = page.getByRole("switch", { name: "关怀模式" });
    for (let i = 0; i < 40 && !(await toggle.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    const ring = await toggle.evaluate((el) => getComputedStyle(el).outlineWidth);
    expect(parseFloat(ring)).toBeGreaterThanOrEqual(2);
    await page.keyboard.press("Space");
    await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("true");
  });
});

describe("dialogs", () => {
  it("the 社区 picker takes focus when it opens, keeps Tab inside, closes with Escape and gives focus back", async () => {
    const page = await phone("normal");
    await page.goto(`${baseUrl()}/register`);
    await settle(page);
    const picker = page.getByLabel("所在社区", { exact: true });
    await picker.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const focusInside = () => dialog.evaluate((d) => d.contains(document.activeElement));
    await expect.poll(focusInside).toBe(true);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      expect(await focusInside()).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await focusInside()).toBe(true);
    // A keyboard chooses a 社区 like a finger does.
    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press("Enter");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
