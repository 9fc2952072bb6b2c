import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { baseUrl, browserSession } from "./pages.js";

// 随手拍 on the resident's phone (390 px): a real phone photo (EXIF turned, larger than the 2048 px the
// browser shrinks it to) goes through the photo picker, the report shows in 我的随手拍 as 待受理, a bad
// submission is refused beside its field with nothing stored, and the 社区's notices of 派遣 and 办结
// open the report, where the resident sees the photos after and rates the outcome.
// The residents here live in 西关社区 and its staff act through the API, so the console flow
// (problem-flow, 东街社区) finds its own lists as it left them.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const PASSWORD = "snapshot-2026";
const WEST_ADMIN = "13800000005"; // 赵丽华, 西关社区
const STREET_ADMIN = "13800000001"; // 王建国, 城关街道: 复查 by someone other than the 责任人
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true }) : Promise.resolve();

interface Unit {
  id: number;
  kind: string;
  name: string;
  parentId: number | null;
}

async function westCommunity() {
  const tree = await apiQuery<Unit[]>("", "org.publicTree");
  const community = tree.find((u) => u.kind === "community" && u.name === "西关社区")!.id;
  const courtyard = tree.find((u) => u.kind === "courtyard" && u.name === "文化苑小区")!.id;
  return { community, courtyard };
}

async function registerResident(mobile: string, name: string) {
  const { community, courtyard } = await westCommunity();
  await apiMutate("", "auth.registerResident", {
    mobile,
    password: PASSWORD,
    name,
    communityId: community,
    courtyardId: courtyard,
  });
  return apiLogin(mobile, PASSWORD);
}

async function login(page: Page, mobile: string) {
  await page.goto(`${baseUrl()}/login?next=%2F`);
  await page.locator("#login_mobile").fill(mobile);
  await page.locator("#login_password").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** A photo uploaded as `cookie`'s user, through the same endpoint the picker uses. */
async function uploadAs(cookie: string, jpeg: Buffer): Promise<number> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "after.jpg");
  const res = await fetch(`${baseUrl()}/api/files`, { method: "POST", headers: { cookie }, body });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

/** The form row (label, field and its messages) of a labelled field of the 随手拍 form. */
const formItem = (page: Page, label: string): Locator =>
  page.locator(".adm-form-item").filter({ has: page.locator("label", { hasText: label }) });
const fieldErrors = (item: Locator) => item.locator(".adm-form-item-feedback-error").allTextContents();

interface Mine {
  total: number;
  items: Array<{ id: number; state: string; description: string; place: string | null; category: string }>;
}

/** Picks photos on the phone as the camera or album would hand them to the page. */
async function pickPhotos(page: Page, files: Array<{ name: string; buffer: Buffer }>) {
  await page
    .locator(".photo-picker input[type='file']")
    .setInputFiles(files.map((f) => ({ ...f, mimeType: "image/jpeg" })));
}

const uploadedCount = (page: Page) =>
  page
    .locator(".photo-picker-hint")
    .textContent()
    .then((t) => /最多 9 张（已添加 (\d+) 张）/.exec(t ?? "")?.[1]);

describe("随手拍 on the phone", () => {
  // A new mobile on a retry (1397771010x): the failed attempt may have left its resident registered.
  // Each test counts its own attempts.
  let photoAttempts = 0;
  let refusedAttempts = 0;
  let noticeAttempts = 0;

  it("files a report with a real phone photo, shrunk and upright, and finds it in 我的随手拍 as 待受理", async () => {
    const mobile = String(13977710001 + 100 * photoAttempts++);
    const cookie = await registerResident(mobile, "随手拍甲");
    const page = await session.page();
    await login(page, mobile);

    // From 首页: the 社区's figures and the way to 随手拍.
    const figures = page.getByTestId("home-problem-figures");
    await expect.poll(() => figures.getByRole("heading").textContent()).toMatch(/^西关社区·\d+月问题办理$/);
    await figures.getByRole("link", { name: /^随手拍/ }).click();
    await page.waitForURL((url) => url.pathname === "/problems/new");

    // The resident's own 楼院 is chosen already.
    await expect.poll(() => page.getByLabel("所在楼院").textContent()).toContain("文化苑小区");
    await formItem(page, "问题类别").getByText("楼道堆物", { exact: true }).click();

    // A 3000 × 2000 phone photo with EXIF orientation 6 (to be turned upright) and one to remove again.
    const photo = await phoneJpeg({ width: 3000, height: 2000, orientation: 6, noise: true });
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    const spare = await phoneJpeg({ width: 800, height: 600, orientation: 1 });
    await pickPhotos(page, [
      { name: "IMG_0001.jpg", buffer: photo },
      { name: "IMG_0002.jpg", buffer: spare },
    ]);
    await expect.poll(() => page.getByRole("img", { name: "第2张照片" }).count()).toBe(1);
    await expect.poll(() => uploadedCount(page), { timeout: 30_000 }).toBe("2");
    await page.getByRole("button", { name: "删除第2张照片" }).click();
    await expect.poll(() => uploadedCount(page)).toBe("1");

    await page.getByLabel("问题描述").fill("3单元楼道堆放纸箱和旧家具，堵住了通道");
    await page.getByLabel("具体位置").fill("3单元一楼楼道");
    await shot(page, "problem-new-filled");
    await page.getByRole("button", { name: "提交" }).click();

    const done = page.getByTestId("problem-submitted");
    await expect.poll(() => done.getByRole("heading", { name: "已提交" }).count()).toBe(1);
    const id = Number(await done.getAttribute("data-problem-id"));
    await shot(page, "problem-submitted");

    // Stored once, with the one photo: upright (portrait) and shrunk to a 2048 px long edge.
    const mine = await apiQuery<Mine>(cookie, "problem.mine", {});
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({
      id,
      state: "pending",
      category: "corridor_clutter",
      description: "3单元楼道堆放纸箱和旧家具，堵住了通道",
      place: "3单元一楼楼道",
    });
    const detail = await apiQuery<{ beforePhotos: Array<{ width: number; height: number }> }>(
      cookie,
      "problem.myDetail",
      { id },
    );
    expect(detail.beforePhotos).toHaveLength(1);
    expect(detail.beforePhotos[0]!.height).toBe(2048);
    expect(detail.beforePhotos[0]!.width).toBeLessThan(2048);

    // 我的随手拍: the report, 待受理.
    await done.getByRole("button", { name: "我的随手拍" }).click();
    await page.waitForURL((url) => url.pathname === "/problems/mine");
    const item = page.locator(`[data-testid='my-problem-item'][data-problem-id='${id}']`);
    await expect.poll(() => item.getByTestId("my-problem-state").textContent()).toBe("待受理");
    expect(await item.textContent()).toContain("楼道堆物");
    await shot(page, "problem-mine");

    // Its detail: the photo before, loaded, named for a screen reader; the timeline says who acted.
    await item.click();
    await page.waitForURL((url) => url.pathname === `/problems/${id}`);
    await expect.poll(() => page.getByTestId("problem-state").textContent()).toBe("待受理");
    const before = page.getByRole("img", { name: "整改前照片 1" });
    await expect
      .poll(() => before.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    const timeline = page.getByTestId("problem-timeline");
    expect(await timeline.textContent()).toContain("提交随手拍");
    expect(await timeline.textContent()).toContain("我 · ");
    // Making a 3000 × 2000 photo, shrinking it in the browser and storing it takes a while on a busy machine.
  }, 120_000);

  it("refuses a report without a description or a photo beside the field, and stores nothing", async () => {
    const mobile = String(13977710002 + 100 * refusedAttempts++);
    const cookie = await registerResident(mobile, "随手拍乙");
    const page = await session.page();
    await login(page, mobile);
    await page.goto(`${baseUrl()}/problems/new`);
    await expect.poll(() => page.getByLabel("所在楼院").textContent()).toContain("文化苑小区");

    // Nothing filled in: the form names what is missing, beside each field.
    await page.getByRole("button", { name: "提交" }).click();
    await expect.poll(() => fieldErrors(formItem(page, "问题描述"))).toEqual(["请填写问题描述"]);
    expect(await fieldErrors(formItem(page, "问题类别"))).toEqual(["请选择问题类别"]);
    await shot(page, "problem-new-errors");

    // Category and description, but no photo: the server refuses it, and says so beside the photos.
    await formItem(page, "问题类别").getByText("暴露垃圾", { exact: true }).click();
    await page.getByLabel("问题描述").fill("垃圾桶旁堆着几袋垃圾");
    await page.getByRole("button", { name: "提交" }).click();
    await expect.poll(() => fieldErrors(formItem(page, "问题照片"))).toEqual(["请至少上传1张问题照片"]);
    expect(await fieldErrors(formItem(page, "问题描述"))).toEqual([]);
    expect(await page.getByTestId("problem-submitted").count()).toBe(0);
    await shot(page, "problem-new-no-photo");

    expect((await apiQuery<Mine>(cookie, "problem.mine", {})).total).toBe(0);
    await page.goto(`${baseUrl()}/problems/mine`);
    await expect.poll(() => page.getByTestId("my-problems-empty").count()).toBe(1);
  });

  it("派遣 and 办结 notices open the report; the resident sees the photos after, rates 不满意 and it goes back to 复查", async () => {
    const mobile = String(13977710003 + 100 * noticeAttempts++);
    const cookie = await registerResident(mobile, "随手拍丙");
    const { courtyard, community } = await westCommunity();
    const before = await uploadAs(cookie, await phoneJpeg({ width: 640, height: 480, orientation: 1 }));
    const { id } = await apiMutate<{ id: number }>(cookie, "problem.report", {
      category: "exposed_garbage",
      courtyardId: courtyard,
      description: "小区东门垃圾桶满溢",
      photos: [before],
    });

    // 西关社区's admin dispatches it to herself.
    const admin = await apiLogin(WEST_ADMIN, DEMO_PASSWORD);
    const me = await apiQuery<{ id: number }>(admin, "auth.me");
    await apiMutate(admin, "problem.dispatch", { id, assigneeId: me.id });

    const page = await session.page();
    await login(page, mobile);
    await page.goto(`${baseUrl()}/messages`);
    const notice = page.getByTestId("notice-item").first();
    await expect.poll(() => notice.textContent()).toBeTruthy();
    await notice.click();
    await page.waitForURL((url) => url.pathname === `/problems/${id}`);
    await expect.poll(() => page.getByTestId("problem-state").textContent()).toBe("整改中");
    const timeline = page.getByTestId("problem-timeline");
    await expect.poll(() => timeline.textContent()).toContain("社区已受理，安排整改");
    // Staff appear as their role, never by name.
    expect(await timeline.textContent()).toContain("社区工作人员");
    expect(await page.locator("body").textContent()).not.toContain("赵丽华");

    // Rectified with a photo after, approved by the street's admin, published to the 社区's feed.
    const after = await uploadAs(admin, await phoneJpeg({ width: 640, height: 480, orientation: 1 }));
    await apiMutate(admin, "problem.submit", { id, note: "已清运，垃圾桶已清洗", photos: [after] });
    const street = await apiLogin(STREET_ADMIN, DEMO_PASSWORD);
    await apiMutate(street, "problem.review", { id, decision: "approve", note: "现场已整洁" });
    await apiMutate(admin, "problem.setPublished", { id, published: true });

    // 首页: the solved problem, before and after, without who reported it.
    await page.goto(`${baseUrl()}/`);
    const feed = page.getByTestId("solved-feed");
    await expect.poll(() => feed.textContent()).toContain("小区东门垃圾桶满溢");
    expect(await feed.getByRole("img", { name: "整改后照片 1" }).count()).toBeGreaterThan(0);
    expect(await feed.textContent()).not.toContain("随手拍丙");
    expect(Number(await page.getByTestId("figure-closed").textContent())).toBeGreaterThanOrEqual(1);
    expect(community).toBeGreaterThan(0);

    // The 办结 notice opens the report: 已办结, photos after, the rating.
    await page.goto(`${baseUrl()}/messages`);
    const closed = page.getByTestId("notice-item").filter({ hasText: "办结" }).first();
    await closed.click();
    await page.waitForURL((url) => url.pathname === `/problems/${id}`);
    await expect.poll(() => page.getByTestId("problem-state").textContent()).toBe("已办结");
    const afterPhoto = page.getByRole("img", { name: "整改后照片 1" });
    await expect
      .poll(() => afterPhoto.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    expect(await timeline.textContent()).toContain("已清运，垃圾桶已清洗");

    const rating = page.getByTestId("problem-rating");
    await rating.getByRole("button", { name: "提交评价" }).click();
    await expect.poll(() => fieldErrors(rating.locator(".adm-form-item").first())).toEqual(["请选择评价"]);
    await rating.getByText("不满意", { exact: true }).click();
    await expect
      .poll(() => page.getByTestId("problem-rating-outcome").textContent())
      .toContain("问题将退回社区重新复查");
    await rating.getByLabel("评价内容（选填）").fill("东门还有两袋没运走");
    await shot(page, "problem-rate");
    await rating.getByRole("button", { name: "提交评价" }).click();

    // Back to 待复查, and the page says why; the rating is kept in the timeline.
    await expect.poll(() => page.getByTestId("problem-state").textContent()).toBe("待复查");
    expect(await page.getByTestId("problem-hint").textContent()).toContain(
      "您对整改结果不满意，社区正在重新复查",
    );
    await expect.poll(() => timeline.textContent()).toContain("评价：不满意");
    expect(await timeline.textContent()).toContain("因不满意，退回社区重新复查");
    expect(await page.getByTestId("problem-rating").count()).toBe(0);
    await shot(page, "problem-reopened");
    const stored = await apiQuery<{ state: string; reopenedOnce: boolean }>(cookie, "problem.myDetail", {
      id,
    });
    expect(stored).toMatchObject({ state: "reviewing", reopenedOnce: true });
  });
});
