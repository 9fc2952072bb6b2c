import { afterAll, beforeAll, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Locator, Page } from "playwright-core";
import { checkCharacter } from "@chuangcheng/domain/rules";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// The smaller fixes of issue 7, each checked in the browser: the first tap after a validation error,
// page titles, the 工作台, archiving a 志愿服务队, the 注册率 target, check-in times and 时长状态.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESKTOP = { width: 1400, height: 900 };

/** expect.poll with room for a loaded machine: pages may take a few seconds to answer. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

/**
 * A finger's tap: press, hold a moment (the page may re-render meanwhile), release on the same spot.
 * `y` is where on the target's height the finger lands (0.5: the middle).
 */
async function tap(page: Page, target: Locator, y = 0.5) {
  const box = await target.boundingBox();
  if (!box) throw new Error("tap: the target is not visible");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * y);
  await page.mouse.down();
  await page.waitForTimeout(150);
  await page.mouse.up();
}

/** A new resident of 东街社区 · 邮政局家属院, through the API. */
async function newResident(mobile: string, password: string) {
  const admin = await apiLogin("13800000002", "chuangcheng2026");
  const tree = await apiQuery<Array<{ id: number; name: string; kind: string }>>(admin, "org.publicTree");
  const unit = (name: string) => tree.find((u) => u.name === name)!.id;
  const res = await fetch(`${baseUrl()}/trpc/auth.registerResident`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      mobile,
      password,
      name: "试用居民",
      communityId: unit("东街社区"),
      courtyardId: unit("邮政局家属院"),
    }),
  });
  expect(res.status).toBe(200);
}

async function adminLogin(page: Page, mobile = "13800000002", password = "chuangcheng2026") {
  await page.goto(`${baseUrl()}/admin/login`);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}

/**
 * What a test creates is new on a retry: the failed attempt may have left its resident registered, its
 * 服务队 or its activity there. Each test counts its own attempts; attempt 0 keeps the values it always
 * had, a retry adds 50 to a mobile (1391234705x, 1391234706x) and a suffix to a name.
 */
const retryMark = (attempt: number) => (attempt === 0 ? "" : `（第${attempt + 1}次）`);
let passwordAttempts = 0;

it("portal 修改密码: after a validation error, the first tap on the button submits", async () => {
  const mobile = String(13912347001 + 50 * passwordAttempts++);
  await newResident(mobile, "first-pass-2026");
  const page = await session.page();
  await page.goto(`${baseUrl()}/login?next=%2Fme`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill("first-pass-2026");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(/\/me$/);

  const oldPassword = page.locator("#changePassword_oldPassword");
  const newPassword = page.locator("#changePassword_newPassword");
  const error = page.locator(".adm-form-item:has(#changePassword_newPassword) .adm-form-item-feedback-error");
  await oldPassword.fill("first-pass-2026");
  await newPassword.fill("short");
  await page.locator("#changePassword_confirm").click(); // leaving the field shows the error
  await eventually(() => error.textContent()).toBe("密码至少8位");
  await page.locator("#changePassword_confirm").fill("second-pass-2026");

  // Corrected, then one tap on 修改密码 (the field still has the focus): it goes through.
  await newPassword.fill("second-pass-2026");
  const changed = page.waitForResponse((res) => res.url().includes("auth.changePassword"), {
    timeout: 5_000,
  });
  await tap(page, page.getByRole("button", { name: "修改密码" }));
  expect((await changed).status()).toBe(200);
  await eventually(() => page.getByText("密码已修改").count()).toBe(1);
  await apiLogin(mobile, "second-pass-2026");
});

let forcedAttempts = 0;

it("portal forced change of a temporary password: after a validation error, the first tap submits", async () => {
  const mobile = String(13912347002 + 50 * forcedAttempts++);
  await newResident(mobile, "first-pass-2026");
  const admin = await apiLogin("13800000002", "chuangcheng2026");
  const found = await apiQuery<{ items: Array<{ id: number }> }>(admin, "auth.users.search", {
    q: mobile,
    page: 1,
    pageSize: 10,
  });
  const { temporaryPassword } = await apiMutate<{ temporaryPassword: string }>(
    admin,
    "auth.users.resetPassword",
    { userId: found.items[0]!.id },
  );
  const page = await session.page();
  await page.goto(`${baseUrl()}/login`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(temporaryPassword);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByRole("heading", { name: "请设置新密码" }).waitFor();

  const confirm = page.locator("#forcedChange_confirm");
  const error = page.locator(".adm-form-item:has(#forcedChange_confirm) .adm-form-item-feedback-error");
  await page.locator("#forcedChange_oldPassword").fill(temporaryPassword);
  await page.locator("#forcedChange_newPassword").fill("second-pass-2026");
  await confirm.fill("second-pass-2027");
  await page.locator("#forcedChange_oldPassword").click(); // leaving the field shows the error
  await eventually(() => error.textContent()).toBe("两次输入的新密码不一致");

  // Corrected, then one tap on 确认并继续 right below (the field still has the focus): it goes through.
  // The button is a large one: the finger lands near its lower edge, which a vanishing message moved.
  await confirm.fill("second-pass-2026");
  const changed = page.waitForResponse((res) => res.url().includes("auth.changePassword"), {
    timeout: 5_000,
  });
  await tap(page, page.getByRole("button", { name: "确认并继续" }), 0.85);
  expect((await changed).status()).toBe(200);
  await page.waitForURL(`${baseUrl()}/`);
  await apiLogin(mobile, "second-pass-2026");
});

it("console 修改密码: after a validation error, the first tap on 确定 submits", async () => {
  const page = await session.page(DESKTOP);
  await adminLogin(page);
  await page.getByRole("button", { name: "修改密码" }).click();
  const dialog = page.getByRole("dialog", { name: "修改密码" });
  await dialog.getByLabel("原密码").fill("chuangcheng2026");
  await dialog.getByLabel("新密码", { exact: true }).fill("new-pass-2026");
  await dialog.getByLabel("确认新密码").pressSequentially("new-pass-2027");
  await eventually(() => dialog.getByText("两次输入的新密码不一致").count()).toBe(1);
  await dialog.getByLabel("确认新密码").press("Backspace");
  await dialog.getByLabel("确认新密码").pressSequentially("6");
  // The demo admin keeps its password: the answer is the server's, the request is what counts here.
  let calls = 0;
  await page.route("**/trpc/auth.changePassword*", (route) => {
    calls++;
    return route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ result: { data: { ok: true } } }),
    });
  });
  await tap(page, dialog.getByRole("button", { name: /确\s?定/ }));
  await eventually(() => calls).toBe(1);
  await eventually(() => page.getByRole("dialog", { name: "修改密码" }).count()).toBe(0);
});

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const LONG_DESCRIPTION =
  "本次活动面向社区全体居民，内容包括楼道小广告清理、垃圾分类宣传、文明养犬劝导等。请参加的志愿者提前十五分钟到社区广场集合，统一领取红马甲、手套和工具；活动结束后在原地签退，组织者当场确认时长。".repeat(
    3,
  ) + "详见 https://example.cn/a-very-long-link-without-any-spaces-to-break-the-layout-0123456789";

/** 东街社区's id, and an activity of it created through the API by its admin. */
async function dongjie() {
  const admin = await apiLogin("13800000002", "chuangcheng2026");
  const tree = await apiQuery<Array<{ id: number; name: string }>>(admin, "org.publicTree");
  const communityId = tree.find((u) => u.name === "东街社区")!.id;
  const activity = (title: string, startsInMinutes: number, description: string | null = null) =>
    apiMutate<{ id: number }>(admin, "activity.create", {
      communityId,
      kind: "volunteer_service",
      title,
      startsAt: inMinutes(startsInMinutes),
      endsAt: inMinutes(startsInMinutes + 120),
      placeText: "社区广场",
      capacity: 10,
      description,
    }).then((r) => r.id);
  return { admin, communityId, activity };
}

/** A registered volunteer of 东街社区 with an account: registered, applied and approved through the API. */
async function volunteer(name: string, mobile: string, first17: string) {
  await newResident(mobile, "volunteer-pass-1");
  const cookie = await apiLogin(mobile, "volunteer-pass-1");
  const tree = await apiQuery<Array<{ id: number; name: string }>>(cookie, "org.publicTree");
  const { id } = await apiMutate<{ id: number }>(cookie, "volunteer.register", {
    name,
    idNumber: first17 + checkCharacter(first17),
    mobile,
    courtyardId: tree.find((u) => u.name === "邮政局家属院")!.id,
    politicalStatus: "masses",
    skills: ["sanitation"],
    serviceTimes: ["weekend_morning"],
    dataConsent: true,
  });
  const { admin } = await dongjie();
  await apiMutate(admin, "volunteer.review", { ids: [id], action: "approve" });
  return { cookie, id, mobile, password: "volunteer-pass-1" };
}

it("activity detail with a long 说明: labels keep their width and the text wraps, at 1400 and 1024 px", async () => {
  const { activity } = await dongjie();
  const id = await activity("长说明的活动", 3 * 24 * 60, LONG_DESCRIPTION);
  for (const width of [1400, 1024]) {
    const page = await session.page({ width, height: 900 });
    await adminLogin(page);
    await page.goto(`${baseUrl()}/admin/activities/${id}`);
    const description = page.getByTestId("activity-description");
    await description.waitFor();
    for (const label of ["类型", "时间", "志愿服务队", "说明"]) {
      const box = (await page
        .locator(".ant-descriptions-item-label", { hasText: label })
        .first()
        .boundingBox())!;
      // Wide enough for the label on one line, never one character a line.
      expect(box.width, `${label} at ${width}px`).toBeGreaterThanOrEqual(label.length * 12);
    }
    const time = (await page
      .locator(".ant-descriptions-item-content", { hasText: /^\d{4}-\d{2}-\d{2} / })
      .first()
      .boundingBox())!;
    expect(time.height).toBeLessThan(30);
    // The 说明 takes the card's width and wraps within it.
    expect((await description.boundingBox())!.width).toBeGreaterThan((width - 240) * 0.7);
    expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
  }
});

let checkInAttempts = 0;

it("签到 is greyed out outside the check-in window, saying when it opens; 时长状态 says 未签到", async () => {
  const attempt = checkInAttempts++;
  const v = await volunteer(
    "钱试用",
    String(13912347012 + 50 * attempt),
    `11010519800101${String(51 + 2 * attempt).padStart(3, "0")}`,
  );
  const { admin, activity } = await dongjie();
  const later = await activity("后天的清洁活动", 48 * 60);
  const { signupId } = await apiMutate<{ signupId: number }>(v.cookie, "activity.signUp", {
    activityId: later,
  });

  const page = await session.page(DESKTOP);
  await adminLogin(page);
  await page.goto(`${baseUrl()}/admin/activities/${later}`);
  const button = page.getByRole("button", { name: "签到 钱试用" });
  await eventually(() => button.isDisabled()).toBe(true);
  const box = (await button.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await eventually(() => page.getByRole("tooltip").textContent()).toMatch(
    /^签到将于 \d{2}-\d{2} \d{2}:\d{2} 开放（活动开始前1小时）$/,
  );
  expect(await page.getByTestId(`hours-${signupId}`).textContent()).toBe("未签到");
  // The server refuses the same, from the same rule.
  await expect(apiMutate(admin, "activity.attend", { signupId, kind: "in" })).rejects.toThrow(
    "不在签到时间内",
  );

  // Within the window the button is there to press.
  const soon = await activity("十分钟后的清洁活动", 10);
  await apiMutate(v.cookie, "activity.signUp", { activityId: soon });
  await page.goto(`${baseUrl()}/admin/activities/${soon}`);
  await page.getByRole("button", { name: "签到 钱试用" }).click();
  await eventually(() => page.getByText("已签到").count()).toBeGreaterThan(0);
});

let historyAttempts = 0;

it("the volunteer card's 服务记录 leaves out an activity the 社区 cancelled; 我的活动 shows it cancelled", async () => {
  const attempt = historyAttempts++;
  const v = await volunteer(
    "孙试用",
    String(13912347003 + 50 * attempt),
    `11010519800202${String(52 + 2 * attempt).padStart(3, "0")}`,
  );
  const { admin, activity } = await dongjie();
  const kept = await activity("周末义务理发", 3 * 24 * 60);
  const called = await activity("取消了的宣传活动", 4 * 24 * 60);
  for (const activityId of [kept, called]) await apiMutate(v.cookie, "activity.signUp", { activityId });
  await apiMutate(admin, "activity.cancel", { id: called });

  const page = await session.page();
  await page.goto(`${baseUrl()}/login?next=%2Fvolunteer`);
  await page.locator("#login_mobile").fill(v.mobile);
  await page.locator("#login_password").fill(v.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByTestId("volunteer-card").waitFor();
  const items = page.getByTestId("volunteer-history-item");
  await eventually(() => items.count()).toBe(1);
  expect(await items.first().textContent()).toContain("周末义务理发");
  expect(await items.first().textContent()).toContain("已报名");

  await page.goto(`${baseUrl()}/activities/mine`);
  const cancelled = page.getByTestId("my-activity-item").filter({ hasText: "取消了的宣传活动" });
  await eventually(() => cancelled.getByTestId("my-activity-status").textContent()).toContain("取消");
});

it("导出签到表 gives a sheet that opens with the activity's 名称, 时间, 地点 and 组织单位", async () => {
  const { activity } = await dongjie();
  const id = await activity("签到表标题活动", 24 * 60);
  const page = await session.page(DESKTOP);
  await adminLogin(page);
  await page.goto(`${baseUrl()}/admin/activities/${id}`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "导出签到表" }).click();
  const file = await (await downloading).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet("签到表")!;
  const text = (row: number) => sheet.getRow(row).getCell(1).text;
  expect([1, 2, 3, 4, 5].map(text)).toEqual([
    "志愿服务签到表",
    "活动名称：签到表标题活动",
    expect.stringMatching(/^时间：\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}–\d{2}:\d{2}$|^时间：.+ 至 .+$/),
    "地点：社区广场",
    "组织单位：东街社区",
  ]);
  expect(sheet.getRow(7).getCell(1).text).toBe("序号");
});

it("page titles follow navigation: 志愿者审核 - 创城通管理后台, 活动 - 创城通", async () => {
  const console = await session.page(DESKTOP);
  await adminLogin(console);
  await eventually(() => console.title()).toBe("工作台 - 创城通管理后台");
  await console.getByRole("menuitem", { name: "志愿者审核" }).click();
  await eventually(() => console.title()).toBe("志愿者审核 - 创城通管理后台");
  await console.getByRole("menuitem", { name: "活动管理" }).click();
  await eventually(() => console.title()).toBe("活动管理 - 创城通管理后台");

  const portal = await session.page();
  await portal.goto(`${baseUrl()}/activities`);
  await eventually(() => portal.title()).toBe("活动 - 创城通");
  await portal.getByText("我的", { exact: true }).click();
  await eventually(() => portal.title()).toBe("我的 - 创城通");
});

let workbenchAttempts = 0;

it("staff land on the 工作台: 待审核, 今日活动 and 待确认时长 for admins, today's activities for grid workers", async () => {
  const title = `今天的工作台活动${retryMark(workbenchAttempts++)}`;
  const { admin, activity } = await dongjie();
  const today = await activity(title, 30);
  const figures = await apiQuery<{
    pendingReview: number;
    today: unknown[];
    pendingHours: { total: number };
  }>(admin, "report.workbench");
  const page = await session.page(DESKTOP);
  await adminLogin(page);
  await page.waitForURL(/\/admin\/workbench$/);
  await page.getByTestId("workbench-today-item").filter({ hasText: title }).waitFor();
  const value = (testId: string) =>
    page.getByTestId(testId).locator(".ant-statistic-content-value").textContent();
  await eventually(() => value("workbench-pending-review")).toBe(String(figures.pendingReview));
  expect(await value("workbench-today")).toBe(String(figures.today.length));
  expect(await value("workbench-pending-hours")).toBe(String(figures.pendingHours.total));
  await eventually(() => page.getByTestId("workbench-today-item").filter({ hasText: title }).count()).toBe(1);
  await page.getByTestId("workbench-today-item").filter({ hasText: title }).getByRole("link").click();
  await page.waitForURL(new RegExp(`/admin/activities/${today}$`));
  await page.goto(`${baseUrl()}/admin/workbench`);
  await page.getByTestId("workbench-pending-review").getByRole("link").click();
  await page.waitForURL(/\/admin\/volunteers\/review$/);

  const worker = await session.page(DESKTOP);
  await adminLogin(worker, "13800000003");
  await worker.waitForURL(/\/admin\/workbench$/);
  await eventually(() => worker.getByTestId("workbench-today-item").filter({ hasText: title }).count()).toBe(
    1,
  );
  expect(await worker.getByTestId("workbench-pending-review").count()).toBe(0);
  expect(await worker.getByTestId("workbench-pending-hours").count()).toBe(0);
});

let teamAttempts = 0;

it("志愿服务队: 归档 hides a team and 恢复 brings it back; 删除 of a team with members says why and offers 归档", async () => {
  // A 社区's team names are unique: a retry's teams are named anew.
  const mark = retryMark(teamAttempts++);
  const [trial, temporary] = [`试用宣传队${mark}`, `临时服务队${mark}`];
  const { admin, communityId } = await dongjie();
  await apiMutate(admin, "volunteer.teams.create", { communityId, name: trial });
  await apiMutate(admin, "volunteer.teams.create", { communityId, name: temporary });
  const page = await session.page(DESKTOP);
  await adminLogin(page);
  await page.goto(`${baseUrl()}/admin/volunteers/teams`);
  const row = (name: string) => page.getByRole("row").filter({ hasText: name });
  await eventually(() => row(trial).count()).toBe(1);

  await page.getByRole("button", { name: `归档 ${trial}` }).click();
  await page.getByRole("tooltip").getByRole("button", { name: "归档" }).click();
  await eventually(() => row(trial).count()).toBe(0);
  await page.getByRole("switch", { name: "显示已归档" }).click();
  await eventually(() => row(trial).textContent()).toContain("已归档");
  await page.getByRole("button", { name: `恢复 ${trial}` }).click();
  await eventually(() => row(trial).textContent()).not.toContain("已归档");

  await page.getByRole("button", { name: `删除 ${temporary}` }).click();
  await page.getByRole("tooltip").getByRole("button", { name: "删除" }).click();
  await eventually(() => row(temporary).count()).toBe(0);

  // The demo's 环卫队 has members: refused, with the reason and 归档 offered (left alone here).
  await page.getByRole("button", { name: "删除 环卫队" }).click();
  await page.getByRole("tooltip").getByRole("button", { name: "删除" }).click();
  const dialog = page.getByRole("dialog").filter({ hasText: "不能删除该服务队" });
  await eventually(() => dialog.textContent()).toMatch(/“环卫队”还有\d+名队员，不能删除。可以改为归档/);
  expect(await dialog.getByRole("button", { name: "归档" }).count()).toBe(1);
  await dialog.getByRole("button", { name: "取消" }).click();
  expect(await row("环卫队").textContent()).not.toContain("已归档");
});

it("注册率 target: a value out of range is refused with a message, never clamped", async () => {
  const page = await session.page(DESKTOP);
  await adminLogin(page, "13800000005");
  await page.goto(`${baseUrl()}/admin/volunteers/ratio`);
  await page.getByText("自定义", { exact: true }).click();
  const input = page.getByLabel("自定义目标（%）");
  await input.fill("150");
  await eventually(() => page.getByTestId("target-error").textContent()).toBe("目标不能超过100%");
  expect(await input.inputValue()).toBe("150");
  expect(await page.getByRole("button", { name: "保存目标" }).isDisabled()).toBe(true);
  await input.fill("12.25");
  await eventually(() => page.getByTestId("target-error").textContent()).toBe("目标最多保留1位小数");
  await input.fill("0");
  await eventually(() => page.getByTestId("target-error").textContent()).toBe("目标至少为0.1%");
  await input.fill("12.5");
  await eventually(() => page.getByTestId("target-error").count()).toBe(0);
  expect(await page.getByRole("button", { name: "保存目标" }).isDisabled()).toBe(false);
});

it("the check-in QR code links to the address the console was opened at, and warns that it is a loopback one", async () => {
  const { activity } = await dongjie();
  const id = await activity("扫码签到的活动", 10);
  const page = await session.page(DESKTOP);
  await adminLogin(page);
  await page.goto(`${baseUrl()}/admin/activities/${id}`);
  await page.getByRole("button", { name: "扫码签到" }).click();
  const qr = page.getByTestId("checkin-qr");
  await qr.waitFor();
  expect(await qr.getAttribute("data-url")).toMatch(new RegExp(`^${baseUrl()}/checkin\\?t=`));
  // The test server answers at 127.0.0.1, which a phone cannot reach: the console says so.
  await eventually(() => page.getByTestId("loopback-warning").textContent()).toContain(
    "手机无法访问 localhost，请设置 PUBLIC_URL 或用本机局域网地址打开后台",
  );
});
