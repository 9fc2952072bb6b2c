import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// The console through axe-core (browserSession checks every page and dialog it sees, and fails the test
// on a serious or critical finding): every route as a community admin and as a street admin, with the
// main dialogs and drawers opened on the way, the login screens, and the review queue used from the
// keyboard alone. The volunteers made here are 东街社区's and leave its review queue empty again.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESKTOP = { width: 1366, height: 800 };
const DEMO_PASSWORD = "chuangcheng2026";
const COMMUNITY_ADMIN = "13800000002"; // 李秀英, 东街社区
const STREET_ADMIN = "13800000001"; // 王建国, 城关街道
const PASSWORD = "a11y-check-2026";
/** Set SCREENSHOT_DIR to keep pictures of the screens for a look. */
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/a11y-${name}.png` }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
/** A tour checks a dozen pages and their dialogs, each after it settles, on a machine that may be busy. */
const TOUR_TIMEOUT = 240_000;

/** A desktop page; each step waits longer than usual, for a page that checks itself with axe as it goes. */
async function consolePage() {
  const page = await session.page(DESKTOP);
  page.setDefaultTimeout(30_000);
  return page;
}

/** Checks the page as it is now: the watcher also checks on its own, but a step must not slip past it. */
async function checked(page: Page, name: string) {
  await page.evaluate("window.__ccAxeCheck()");
  await shot(page, name);
}

async function visible(locator: Locator) {
  await locator.first().waitFor({ state: "visible" });
}

/** Opens a dialog or drawer, has it checked, and closes it with Escape (as a keyboard user would). */
async function openAndClose(page: Page, open: () => Promise<void>, dialog: Locator, name: string) {
  await open();
  await visible(dialog);
  // What the dialog loads, loaded: a table still loading is drawn faded.
  await poll(() => dialog.locator(".ant-spin-spinning").count()).toBe(0);
  await checked(page, name);
  await page.keyboard.press("Escape");
  await dialog.first().waitFor({ state: "hidden" });
}

const idNumber = (seq: number) => {
  const first17 = `450102199004${String(10 + seq).padStart(2, "0")}${String(300 + seq).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
};

const mobileOf = (seq: number) => `137151500${String(seq).padStart(2, "0")}`;

/** What the resident sees of their registration in the portal. */
async function registrationOf(seq: number) {
  return apiQuery<{ status: string; rejectReason: string | null }>(
    await apiLogin(mobileOf(seq), PASSWORD),
    "volunteer.mine",
  );
}

/** A resident of 东街社区 (建安小区) with a 待审核 volunteer registration. */
async function pendingVolunteer(seq: number, name: string) {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  const communityId = tree.find((u) => u.kind === "community" && u.name === "东街社区")!.id;
  const courtyardId = tree.find((u) => u.kind === "courtyard" && u.name === "建安小区")!.id;
  const mobile = mobileOf(seq);
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name,
    communityId,
    courtyardId,
  });
  await apiMutate(await apiLogin(mobile, PASSWORD), "volunteer.register", {
    name,
    idNumber: idNumber(seq),
    mobile,
    courtyardId,
    politicalStatus: "masses",
    skills: ["sanitation"],
    serviceTimes: ["weekend_morning"],
    dataConsent: true,
  });
}

/** Approves whoever is still waiting in 东街社区's queue, so the other flows find it empty. */
async function emptyDongjieQueue() {
  const admin = await apiLogin(COMMUNITY_ADMIN, DEMO_PASSWORD);
  const queue = await apiQuery<{ items: Array<{ id: number }> }>(admin, "volunteer.reviewQueue", {
    page: 1,
    pageSize: 100,
  });
  if (queue.items.length === 0) return;
  await apiMutate(admin, "volunteer.review", { ids: queue.items.map((v) => v.id), action: "approve" });
}

it(
  "the login and 忘记密码 screens, with their error messages",
  async () => {
    const page = await consolePage();
    await page.goto(`${baseUrl()}/admin/login`);
    await visible(page.getByRole("button", { name: "登录" }));
    await checked(page, "login");
    // Empty fields: the messages under them, in the error colour.
    await page.getByRole("button", { name: "登录" }).click();
    await visible(page.getByText("请输入密码"));
    await checked(page, "login-errors");

    await page.getByRole("link", { name: "忘记密码？" }).click();
    await page.waitForURL(/\/forgot-password$/);
    await visible(page.getByRole("combobox", { name: "选择社区或街道" }));
    await page.getByRole("combobox", { name: "选择社区或街道" }).click();
    await visible(page.locator(".ant-select-dropdown:visible"));
    await checked(page, "forgot-open");
    await page.locator(".ant-select-dropdown:visible").getByText("城关街道 / 东街社区").click();
    await visible(page.getByText("联系电话"));
    await checked(page, "forgot-contact");
  },
  TOUR_TIMEOUT,
);

type Who = "community" | "street";
const ADMINS: Array<[string, Who, string]> = [
  ["the community admin 李秀英", "community", COMMUNITY_ADMIN],
  ["the street admin 王建国", "street", STREET_ADMIN],
];

/** One part of the console, seen by one admin: its pages, with their dialogs and drawers opened. */
interface Area {
  name: string;
  visit: (tour: Tour) => Promise<void>;
}

interface Tour {
  page: Page;
  who: Who;
  /** Goes to a console path, waits until `ready` shows, has the page checked. */
  go: (path: string, ready: Locator, name: string) => Promise<void>;
  /** Opens a dialog or drawer with `open`, has it checked, closes it with Escape. */
  dialog: (open: () => Promise<void>, name: string) => Promise<void>;
}

const AREAS: Area[] = [
  {
    name: "工作台, the header's 修改密码 and 消息通知",
    async visit({ page, go, dialog }) {
      await go(
        "/workbench",
        page.locator("[data-testid=workbench-pending-review], .ant-card").first(),
        "workbench",
      );
      await dialog(() => page.getByRole("button", { name: "修改密码" }).click(), "change-password");
      await go(
        "/messages",
        page.getByRole("heading", { name: "消息通知" }).or(page.locator(".ant-card")),
        "messages",
      );
    },
  },
  {
    name: "组织架构: a unit, its 编辑, 新增下级 and 移动 dialogs",
    async visit({ page, who, go, dialog }) {
      await go("/org", page.getByRole("tree"), "org");
      // A 网格: its 社区 is the community admin's; a street admin may also move it to another 社区.
      await page.getByRole("treeitem", { name: "东街社区第一网格", exact: true }).click();
      await visible(page.getByRole("button", { name: "编辑" }));
      await checked(page, `${who}-org-unit`);
      await dialog(() => page.getByRole("button", { name: "编辑" }).click(), "org-edit");
      await dialog(() => page.getByRole("button", { name: "新增下级" }).click(), "org-add");
      if ((await page.getByRole("button", { name: "移动" }).count()) > 0) {
        await dialog(() => page.getByRole("button", { name: "移动" }).click(), "org-move");
      }
    },
  },
  {
    name: "志愿者名册 (a volunteer's drawer, 导入), 志愿者审核 (details, 驳回) and 注册率",
    async visit({ page, who, go, dialog }) {
      await go("/volunteers", page.locator(".ant-table-row"), "roster");
      await dialog(
        () => page.locator(".ant-table-row").first().getByRole("button").first().click(),
        "volunteer-drawer",
      );
      await dialog(() => page.getByRole("button", { name: "导入", exact: true }).click(), "import");

      await go("/volunteers/review", page.locator(".ant-table"), "review");
      if (who === "community") {
        await page.getByRole("button", { name: "展开行" }).first().click();
        await visible(page.locator("[data-testid^=review-detail-]"));
        await checked(page, `${who}-review-detail`);
        await dialog(() => page.getByRole("button", { name: "驳回 韦明霞" }).click(), "reject");
      }
      await go("/volunteers/ratio", page.locator(".ant-card"), "ratio");
    },
  },
  {
    name: "志愿服务队 (队员, 新建服务队) and 活动管理 (发布活动, an activity with its QR code and 编辑)",
    async visit({ page, who, go, dialog }) {
      await go("/volunteers/teams", page.locator(".ant-table-row"), "teams");
      await dialog(
        () => page.getByRole("button", { name: "队员", exact: true }).first().click(),
        "team-members",
      );
      if (who === "community") {
        await dialog(() => page.getByRole("button", { name: "新建服务队" }).click(), "team-form");
      }
      await go("/activities", page.locator(".ant-table-row"), "activities");
      await dialog(() => page.getByRole("button", { name: "发布活动" }).click(), "activity-form");
      await page.locator(".ant-table-row").first().getByRole("link").first().click();
      await page.waitForURL(/\/admin\/activities\/\d+$/);
      await visible(page.getByRole("link", { name: "返回活动管理" }));
      await checked(page, `${who}-activity-detail`);
      await dialog(() => page.getByRole("button", { name: "扫码签到" }).click(), "activity-qr");
      await dialog(() => page.getByRole("button", { name: "编辑" }).click(), "activity-edit");
    },
  },
  {
    name: "问题整改: the list, 新建巡查问题, 我的待办 and 复查",
    async visit({ page, go }) {
      // Shown once loaded: the page's card or its empty state, with no spinner left.
      const loaded = page.locator(
        ".console-content:not(:has(.ant-spin-spinning)) :is(.ant-card, .ant-empty)",
      );
      await go("/problems", loaded, "problems");
      await go("/problems/new", loaded, "problem-new");
      await go("/problems/todo", loaded, "problem-todo");
      await go("/problems/review", loaded, "problem-review");
    },
  },
  {
    name: "用户与角色 (新建工作人员, 授予角色, 重置密码), 操作日志 and a page that does not exist",
    async visit({ page, who, go, dialog }) {
      await go("/users", page.locator(".ant-table-row"), "users");
      await dialog(() => page.getByRole("button", { name: "新建工作人员" }).click(), "create-staff");
      await dialog(() => page.getByRole("button", { name: "授予角色" }).first().click(), "grant-role");
      await dialog(
        () =>
          page
            .getByRole("button", { name: /^重置密码 / })
            .first()
            .click(),
        "reset-password",
      );

      // One log entry opened (a community admin's log may still be empty on a fresh server).
      await go("/audit", page.locator(".ant-table-row, .ant-table-placeholder").first(), "audit");
      if ((await page.locator(".ant-table-row").count()) > 0) {
        await page.locator(".ant-table-row-expand-icon").first().click();
        await visible(page.locator(".ant-table-expanded-row"));
        await checked(page, `${who}-audit-expanded`);
      }
      await go("/no-such-page", page.getByText(/不存在|404/), "not-found");
    },
  },
];

describe.each(ADMINS)("the console as %s", (_name, who, mobile) => {
  it.each(AREAS.map((a) => [a.name, a] as const))(
    "%s",
    async (_area, area) => {
      // The review queue's details and 驳回 dialog need a registration waiting in 东街社区.
      const needsPending = who === "community" && area === AREAS[2];
      if (needsPending) await pendingVolunteer(1, "韦明霞");
      try {
        const page = await consolePage();
        await adminSteps(page).login(mobile, DEMO_PASSWORD);
        const dialogs = page.getByRole("dialog");
        await area.visit({
          page,
          who,
          async go(path, ready, name) {
            await page.goto(`${baseUrl()}/admin${path}`);
            await visible(ready);
            await checked(page, `${who}-${name}`);
          },
          dialog: (open, name) => openAndClose(page, open, dialogs, `${who}-${name}`),
        });
      } finally {
        if (needsPending) await emptyDongjieQueue();
      }
    },
    TOUR_TIMEOUT,
  );
});

interface Focus {
  /** the aria-label, the text of a tied <label>, or the text */
  name: string;
  inDialog: boolean;
  /** the focus ring drawn on the element, or on the box drawn for it (a checkbox's square, a field's frame) */
  outlineWidth: number;
  boxShadow: string;
}

/** Where the keyboard's focus is now, and the ring it shows; reading it moves nothing. */
function focused(page: Page): Promise<Focus | null> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const labels = el.labels ? [...el.labels].map((l) => l.textContent.trim()).join(" ") : "";
    const name = el.getAttribute("aria-label") || labels || (el.textContent || "").trim();
    // Hidden native inputs show their focus on the box antd draws for them.
    const box = el.closest(".ant-checkbox, .ant-radio, .ant-input-affix-wrapper, .ant-select") || el;
    const cs = getComputedStyle(box);
    const outlineWidth = cs.outlineStyle === "none" ? 0 : parseFloat(cs.outlineWidth);
    return { name, inDialog: !!el.closest(".ant-modal"), outlineWidth, boxShadow: cs.boxShadow };
  })()`);
}

function expectRing(f: Focus | null) {
  expect(f, "focus is on an element").not.toBeNull();
  const shadow = f!.boxShadow !== "none" && f!.boxShadow !== "";
  expect(f!.outlineWidth >= 2 || shadow, `a visible focus ring on “${f!.name}”`).toBe(true);
}

/** Presses Tab (or Shift+Tab) until the element named `name` has the focus, checking each stop's ring. */
async function tabTo(page: Page, name: string, back = false) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (f) expectRing(f);
    if (f?.name === name) return;
  }
  throw new Error(`Tab did not reach “${name}”`);
}

let reviewAttempts = 0;
it(
  "the review queue from the keyboard alone: select and 通过, select and 驳回 with a reason",
  async () => {
    // New people on a retry: the accounts of a failed attempt are still registered.
    const [first, second] = [2 + 10 * reviewAttempts, 3 + 10 * reviewAttempts];
    reviewAttempts++;
    await pendingVolunteer(first, "覃海燕");
    await pendingVolunteer(second, "黎振华");
    try {
      const page = await consolePage();
      // Logging in, too, without the mouse.
      await page.goto(`${baseUrl()}/admin/login`);
      await visible(page.getByLabel("手机号"));
      await tabTo(page, "手机号");
      await page.keyboard.type(COMMUNITY_ADMIN);
      await tabTo(page, "密码");
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press("Enter");
      await page.waitForURL((url) => !url.pathname.endsWith("/login"));

      await page.goto(`${baseUrl()}/admin/volunteers/review`);
      await visible(page.getByRole("button", { name: "驳回 黎振华" }));

      // Past the side navigation in one key, as a keyboard user would.
      await tabTo(page, "跳到主要内容");
      await page.keyboard.press("Enter");
      // 通过: tick the row, back to 批量通过, confirm.
      await tabTo(page, "选择 覃海燕");
      await page.keyboard.press("Space");
      expect(await page.getByRole("checkbox", { name: "选择 覃海燕" }).isChecked()).toBe(true);
      await tabTo(page, "批量通过", true);
      await page.keyboard.press("Enter");
      const confirm = page.getByRole("dialog", { name: "批量通过" });
      await visible(confirm);
      // The dialog's own button has the focus: Enter confirms.
      await poll(async () => (await focused(page))?.name).toBe("通过");
      await page.keyboard.press("Enter");
      await poll(() => page.getByRole("button", { name: "驳回 覃海燕" }).count()).toBe(0);

      // 驳回: tick the other row, back to 批量驳回; the dialog asks for the reason, in its first field.
      await tabTo(page, "选择 黎振华");
      await page.keyboard.press("Space");
      await tabTo(page, "批量驳回", true);
      await page.keyboard.press("Enter");
      const reject = page.getByRole("dialog", { name: "驳回注册" });
      await visible(reject);
      await poll(async () => (await focused(page))?.name).toBe("驳回原因");
      expectRing(await focused(page));

      // Tab and Shift+Tab stay inside the dialog while it is open.
      for (const key of ["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
        await page.keyboard.press(key);
        const f = await focused(page);
        expect(f?.inDialog, `${key} keeps the focus in the dialog (at “${f?.name}”)`).toBe(true);
        expectRing(f);
      }
      // Escape closes it, and the focus is back where it was.
      await page.keyboard.press("Escape");
      await reject.waitFor({ state: "hidden" });
      await poll(async () => (await focused(page))?.name).toBe("批量驳回");

      await page.keyboard.press("Enter");
      await visible(reject);
      await poll(async () => (await focused(page))?.name).toBe("驳回原因");
      await page.keyboard.type("所填楼院与住址不符，请核对后重新提交");
      await tabTo(page, "驳回");
      await page.keyboard.press("Enter");
      await visible(page.getByText("已驳回 1 人"));
      await visible(page.getByText("没有待审核的志愿者注册，审核队列已清空"));
      await checked(page, "keyboard-review-done");
      expect(await registrationOf(first)).toMatchObject({ status: "registered" });
      expect(await registrationOf(second)).toMatchObject({
        status: "rejected",
        rejectReason: "所填楼院与住址不符，请核对后重新提交",
      });
    } finally {
      await emptyDongjieQueue();
    }
  },
  TOUR_TIMEOUT,
);
