import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 问题整改, the whole loop: a resident's 随手拍 with a photo, 派遣 in the console by the 社区's admin to
// the grid worker, 整改完成 with a photo after on the grid worker's phone, 复查 in the console, and the
// resident's 已办结 with both photos and a rating, on the phone portal. The other tests set their
// problems up through the API (POST /api/files, problem.report).

// Four people's steps on a slow, shared machine: more than the run's default minute.
const LONG = 240_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const WORKER = "13800000003"; // 张伟, 东街社区第一网格 (邮政局家属院, 房管所家属院)
const DEMO_PASSWORD = "chuangcheng2026";
const PASSWORD = "problem-loop-2026";
/** Set SCREENSHOT_DIR to keep pictures of the screens for a look. */
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/${name}.png` }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });
/** A page of this test; the machine is shared, so each step may wait longer than the usual 15 s. */
async function open(viewport: { width: number; height: number }) {
  const page = await session.page(viewport);
  page.setDefaultTimeout(45_000);
  return page;
}

interface PhotoRef {
  id: number;
  url: string;
  thumbUrl: string;
}

async function dongjie() {
  const tree = await apiQuery<Array<{ id: number; kind: string; name: string }>>("", "org.publicTree");
  const find = (name: string) => tree.find((u) => u.name === name)!.id;
  return { community: find("东街社区"), courtyard: find("邮政局家属院") };
}

/** A photo through POST /api/files, as the portal's picker sends it. */
async function uploadPhoto(cookie: string, name: string): Promise<PhotoRef> {
  const form = new FormData();
  const jpeg = await phoneJpeg({ width: 800, height: 600 });
  form.append("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), name);
  const res = await fetch(`${baseUrl()}/api/files`, { method: "POST", headers: { cookie }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as PhotoRef;
}

let residentSeq = 0;
/** A new resident of 邮政局家属院; their mobile and cookie. */
async function newResident() {
  residentSeq += 1;
  const mobile = `1398812${String(Date.now()).slice(-2)}${String(residentSeq).padStart(2, "0")}`;
  const { community, courtyard } = await dongjie();
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name: "孙晓燕",
    communityId: community,
    courtyardId: courtyard,
  });
  return { mobile, cookie: await apiLogin(mobile, PASSWORD) };
}

/** A new resident of 邮政局家属院 who files a 随手拍 with one photo; their cookie and the problem's id. */
async function residentReports(description: string) {
  const { courtyard } = await dongjie();
  const { cookie } = await newResident();
  const photo = await uploadPhoto(cookie, "before.jpg");
  const { id } = await apiMutate<{ id: number }>(cookie, "problem.report", {
    courtyardId: courtyard,
    category: "corridor_clutter",
    place: "3号楼2单元",
    description,
    photos: [photo.id],
  });
  return { cookie, id };
}

/** An antd Select in `scope`: opens it by its label, types to search and picks the option. */
async function pick(page: Page, scope: ReturnType<Page["getByRole"]>, label: string, option: string) {
  await scope.getByLabel(label).click();
  await scope.getByLabel(label).fill(option);
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: option })
    .first()
    .click();
}

async function portalLogin(page: Page, mobile: string) {
  await page.goto(`${baseUrl()}/login?next=%2F`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

const stateOf = (page: Page) =>
  page.getByTestId("problem-detail").locator(".ant-descriptions").first().textContent();

it(
  "a 随手拍 goes round the loop: 派遣 in the console, 整改完成 on the phone, 复查, the resident's rating",
  { timeout: LONG },
  async () => {
    const description = `楼道堆放纸箱旧家具 ${Date.now() % 100000}`;
    // The resident files a 随手拍 on the phone portal: category, a photo, the description.
    const { mobile, cookie } = await newResident();
    const portal = await open(PHONE);
    await portalLogin(portal, mobile);
    await portal.goto(`${baseUrl()}/problems/new`);
    await poll(() => portal.getByLabel("所在楼院").textContent()).toContain("邮政局家属院");
    await portal
      .locator(".adm-form-item")
      .filter({ has: portal.locator("label", { hasText: "问题类别" }) })
      .getByText("楼道堆物", { exact: true })
      .click();
    await portal.locator(".photo-picker input[type='file']").setInputFiles({
      name: "IMG_0001.jpg",
      mimeType: "image/jpeg",
      buffer: await phoneJpeg({ width: 1600, height: 1200, orientation: 6 }),
    });
    await poll(() => portal.locator(".photo-picker-hint").textContent()).toContain("已添加 1 张");
    await portal.getByLabel("问题描述").fill(description);
    await portal.getByRole("button", { name: "提交" }).click();
    const submitted = portal.getByTestId("problem-submitted");
    await poll(() => submitted.getByRole("heading", { name: "已提交" }).count()).toBe(1);
    const resident = { cookie, id: Number(await submitted.getAttribute("data-problem-id")) };

    // 李秀英 finds it under 待受理 and dispatches it to 张伟 from the drawer.
    const admin = await open(DESK);
    await adminSteps(admin).login(ADMIN, DEMO_PASSWORD);
    await admin.goto(`${baseUrl()}/admin/problems`);
    await poll(() => admin.title()).toBe("问题整改 - 创城通管理后台");
    await admin.getByTestId("problem-tab-pending").click();
    await admin.waitForURL(/state=pending/);
    await poll(() => admin.getByTestId("problem-tab-pending").textContent()).toMatch(/待受理 [1-9]/);
    // Once the list has loaded the tab's rows (a click on the rows shown meanwhile may land on a spinner).
    await poll(() => admin.locator(".ant-table .ant-spin-spinning").count()).toBe(0);
    // On a loaded machine a click during a re-render may be lost: click again until the drawer's address.
    const link = admin.getByRole("link", { name: description });
    await expect
      .poll(
        async () => {
          if (!/\/admin\/problems\/\d+/.test(admin.url())) await link.click();
          return admin.url();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toMatch(new RegExp(`/admin/problems/${resident.id}(\\?|$)`));
    await poll(() => stateOf(admin)).toContain("待受理");
    expect(await admin.getByRole("img", { name: "整改前照片 1" }).count()).toBe(1);
    await shot(admin, "admin-problem-drawer-pending");

    await admin.getByTestId("problem-detail").getByRole("button", { name: "派遣", exact: true }).click();
    const d = admin.getByRole("dialog", { name: "派遣" });
    await pick(admin, d, "责任人", "张伟");
    // The deadline defaults to today plus 楼道堆物's 3 days.
    await poll(() => d.getByLabel("处置时限").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await shot(admin, "admin-problem-dispatch");
    await d.getByRole("button", { name: "派遣" }).click();
    await poll(() => stateOf(admin)).toContain("整改中");
    expect(await admin.getByTestId("problem-timeline").textContent()).toContain("责任人 张伟");

    // 张伟, on his phone: 我的待办 shows it; 整改完成 with a photo after from the camera and a note.
    const phone = await open(PHONE);
    await adminSteps(phone).login(WORKER, DEMO_PASSWORD);
    // On a phone the side menu folds into 打开导航.
    await phone.getByRole("button", { name: "打开导航" }).click();
    await phone.getByRole("link", { name: "我的待办" }).click();
    await phone.waitForURL((url) => url.pathname === "/admin/problems/todo");
    await poll(() => phone.title()).toBe("我的待办 - 创城通管理后台");
    const card = phone.getByTestId("problem-card").filter({ hasText: description });
    await poll(() => card.count()).toBe(1);
    await shot(phone, "phone-todo");
    await card.getByRole("button", { name: "整改完成" }).click();
    const s = phone.getByRole("dialog", { name: "上报整改完成" });
    await s.locator('input[type="file"]').setInputFiles({
      name: "after.jpg",
      mimeType: "image/jpeg",
      buffer: await phoneJpeg({ width: 1200, height: 900 }),
    });
    await poll(() => s.getByText("最多 9 张，已添加 1 张").count()).toBe(1);
    await poll(() => s.locator(".ant-upload-list-item-done").count()).toBe(1);
    await s.getByLabel("整改情况").fill("纸箱和旧家具已清走，楼道畅通");
    await shot(phone, "phone-submit");
    await s.getByRole("button", { name: "提交" }).click();
    await poll(() => card.textContent()).toContain("待复查");
    expect(await card.getByRole("button", { name: "整改完成" }).count()).toBe(0);

    // 张伟 may not 复查 his own work: his 复查 queue leaves it out.
    await phone.goto(`${baseUrl()}/admin/problems/review`);
    await poll(() => phone.getByTestId("problem-card").count()).toBeGreaterThan(0);
    expect(await phone.getByTestId("problem-card").filter({ hasText: description }).count()).toBe(0);

    // 李秀英 completes the 复查 in the drawer, seeing the photo after, and publishes it.
    await admin.reload();
    await poll(() => stateOf(admin)).toContain("待复查");
    expect(await admin.getByRole("img", { name: "整改后照片 1" }).count()).toBe(1);
    await admin.getByTestId("problem-detail").getByRole("button", { name: "复查通过" }).click();
    const r = admin.getByRole("dialog", { name: "复查通过" });
    await r.getByLabel("复查意见").fill("现场已清理干净");
    await r.getByRole("button", { name: "复查通过" }).click();
    await poll(() => stateOf(admin)).toContain("已办结");
    await admin.getByRole("button", { name: "公开到居民端" }).click();
    await poll(() => admin.getByRole("button", { name: "取消公开" }).count()).toBe(1);
    await shot(admin, "admin-problem-drawer-closed");

    // The resident sees 已办结 with both photos on the portal and rates it 满意.
    await portal.goto(`${baseUrl()}/problems/${resident.id}`);
    await poll(() => portal.getByTestId("problem-state").textContent()).toBe("已办结");
    for (const name of ["整改前照片 1", "整改后照片 1"]) {
      const img = portal.getByRole("img", { name });
      await poll(() =>
        img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
      ).toBeGreaterThan(0);
    }
    await shot(portal, "portal-problem-closed");
    const rating = portal.getByTestId("problem-rating");
    await rating.getByText("满意", { exact: true }).click();
    await rating.getByLabel("评价内容（选填）").fill("处理得很快");
    await rating.getByRole("button", { name: "提交评价" }).click();
    await poll(() =>
      apiQuery<{ state: string; rating: string | null }>(resident.cookie, "problem.myDetail", {
        id: resident.id,
      }),
    ).toMatchObject({ state: "closed", rating: "satisfied" });
    await admin.reload();
    await poll(() => stateOf(admin)).toContain("满意：处理得很快");
  },
);

it(
  "a grid worker files a patrol problem on the phone; 复查 on the phone of someone else's work",
  { timeout: LONG },
  async () => {
    const phone = await open(PHONE);
    await adminSteps(phone).login(WORKER, DEMO_PASSWORD);
    await phone.goto(`${baseUrl()}/admin/problems/new`);
    await poll(() => phone.title()).toBe("新建巡查问题 - 创城通管理后台");
    // The taps: the 楼院, the category (the description follows it), the camera, 提交.
    await phone.locator("label").filter({ hasText: "房管所家属院" }).click();
    await phone.locator("label").filter({ hasText: "飞线充电" }).click();
    expect(await phone.getByLabel("问题描述").inputValue()).toBe("飞线充电");
    await phone.locator('input[type="file"]').setInputFiles({
      name: "patrol.jpg",
      mimeType: "image/jpeg",
      buffer: await phoneJpeg({ width: 1200, height: 900 }),
    });
    await poll(() => phone.locator(".ant-upload-list-item-done").count()).toBe(1);
    await shot(phone, "phone-patrol-new");
    await phone.getByRole("button", { name: "提交" }).click();
    // Ready for the next one: the 楼院 stays, the rest is cleared.
    await poll(() => phone.getByLabel("问题描述").inputValue()).toBe("");
    expect(await phone.getByRole("radio", { name: "房管所家属院" }).isChecked()).toBe(true);
    const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
    const filed = await apiQuery<{
      items: Array<{ id: number; courtyardName: string; description: string }>;
    }>(admin, "problem.list", { source: "patrol", category: "flying_wire_charging", page: 1, pageSize: 10 });
    expect(filed.items.map((p) => [p.courtyardName, p.description])).toEqual([["房管所家属院", "飞线充电"]]);
    const id = filed.items[0]!.id;

    // The admin dispatches it to herself and reports it fixed; 张伟 reviews it on the phone.
    const me = await apiQuery<{ id: number }>(admin, "auth.me");
    await apiMutate(admin, "problem.dispatch", { id, assigneeId: me.id });
    const after = await uploadPhoto(admin, "after.jpg");
    await apiMutate(admin, "problem.submit", { id, note: "已拆除飞线，引导至充电桩", photos: [after.id] });

    await phone.goto(`${baseUrl()}/admin/problems/review`);
    await poll(() => phone.title()).toBe("复查 - 创城通管理后台");
    const card = phone.getByTestId("problem-card").filter({ hasText: "已拆除飞线" });
    await poll(() => card.count()).toBe(1);
    await poll(() => card.getByRole("img", { name: "整改后照片 1" }).count()).toBe(1);
    await shot(phone, "phone-review");
    await card.getByRole("button", { name: "退回整改" }).click();
    const r = phone.getByRole("dialog", { name: "退回整改" });
    await r.getByRole("button", { name: "退回整改" }).click();
    await poll(() => r.getByText("请填写退回原因").count()).toBe(1);
    await r.getByLabel("退回原因").fill("楼道里还有一根插线板");
    await r.getByRole("button", { name: "退回整改" }).click();
    await poll(() => card.count()).toBe(0);
    const detail = await apiQuery<{ state: string }>(admin, "problem.detail", { id });
    expect(detail.state).toBe("rectifying");
  },
);

it(
  "batch 派遣 says what succeeded; someone acting first gets the conflict message; the ledger downloads",
  { timeout: LONG },
  async () => {
    const a = await residentReports(`单元门口堆放建筑垃圾 ${Date.now() % 100000}`);
    const b = await residentReports(`消防通道停放电动车 ${Date.now() % 100000}`);
    const c = await residentReports(`楼下暴露垃圾无人清理 ${Date.now() % 100000}`);

    const admin = await open(DESK);
    await adminSteps(admin).login(ADMIN, DEMO_PASSWORD);
    await admin.goto(`${baseUrl()}/admin/problems?state=pending&size=100`);
    await poll(() => admin.getByRole("checkbox", { name: `选择问题 #${b.id}` }).count()).toBe(1);
    await admin.getByRole("checkbox", { name: `选择问题 #${a.id}` }).check();
    await admin.getByRole("checkbox", { name: `选择问题 #${b.id}` }).check();
    await shot(admin, "admin-problems-list");
    await admin.getByRole("button", { name: /批量派遣（2）/ }).click();
    const d = admin.getByRole("dialog", { name: "批量派遣" });
    await pick(admin, d, "责任人", "张伟");
    await d.getByRole("button", { name: "批量派遣" }).click();
    await poll(() => admin.getByText("批量派遣：成功 2 条").count()).toBeGreaterThan(0);
    await admin.getByRole("button", { name: "知道了" }).click();
    await admin.getByTestId("problem-tab-rectifying").click();
    await poll(() => admin.getByRole("cell", { name: `#${a.id}`, exact: true }).count()).toBe(1);

    // The drawer of c is open when someone else dispatches it: 派遣 here is refused with the message.
    await admin.goto(`${baseUrl()}/admin/problems/${c.id}`);
    await poll(() => stateOf(admin)).toContain("待受理");
    await admin.getByTestId("problem-detail").getByRole("button", { name: "派遣", exact: true }).click();
    const other = await apiLogin(ADMIN, DEMO_PASSWORD);
    const me = await apiQuery<{ id: number }>(other, "auth.me");
    await apiMutate(other, "problem.dispatch", { id: c.id, assigneeId: me.id });
    const dialog = admin.getByRole("dialog", { name: "派遣" });
    await pick(admin, dialog, "责任人", "张伟");
    await poll(() => dialog.getByLabel("处置时限").inputValue()).toMatch(/^\d{4}-/);
    await dialog.getByRole("button", { name: "派遣" }).click();
    await poll(() => admin.getByText("该问题刚被他人处理，请刷新后查看").count()).toBe(1);
    await admin.getByRole("button", { name: "取消" }).click();
    await poll(() => stateOf(admin)).toContain("整改中");

    // 整改台账 of the current filter, saved like the other exports.
    await admin.goto(`${baseUrl()}/admin/problems?state=rectifying`);
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("button", { name: "导出整改台账" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // 类别设置: 暴露垃圾's 处置时限 becomes 2 days.
    await admin.goto(`${baseUrl()}/admin/problems?tab=settings`);
    const days = admin.getByLabel("暴露垃圾 处置时限（天）");
    await days.fill("2");
    await admin.getByRole("button", { name: "保存 暴露垃圾" }).click();
    await poll(() => admin.getByText("已保存“暴露垃圾”").count()).toBe(1);
    await shot(admin, "admin-problem-categories");
    const { community } = await dongjie();
    const cats = await apiQuery<Array<{ code: string; timeLimitDays: number }>>(
      other,
      "problem.categorySettings",
      {
        communityId: community,
      },
    );
    expect(cats.find((x) => x.code === "exposed_garbage")?.timeLimitDays).toBe(2);
    await apiMutate(other, "problem.setCategory", {
      communityId: community,
      code: "exposed_garbage",
      label: "暴露垃圾",
      timeLimitDays: 1,
      enabled: true,
    });
  },
);
