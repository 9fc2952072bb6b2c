import { afterAll, beforeAll, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import sharp from "sharp";
import { phoneJpeg } from "@chuangcheng/domain/testing";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// The console's mosaic tool (照片打码): the grid worker 张伟 proposes a 黑榜 entry with a photo; the
// 社区's admin 李秀英 confirms its photos in the drawer, then sees a face she missed: she opens 打码 on
// the photo, drags a rectangle over it with the mouse (a mere click adds nothing; 撤销 and a box's own
// × take one away), saves; the drawer shows the new version, the original apart for staff only, and
// asks to confirm the photos again, which she does. The photo the entry now has is not the one taken:
// its bytes differ and the drawn rectangle is flat blocks; the original is not served to a visitor.

const LONG = 180_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const WORKER = "13800000003"; // 张伟, 东街社区第一网格 (邮政局家属院)
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/board-mosaic-${name}.png` }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

interface PhotoRef {
  id: number;
  url: string;
}
interface Detail {
  photos: PhotoRef[];
  originals: PhotoRef[];
  photosConfirmed: boolean;
}

async function uploadAs(cookie: string, jpeg: Buffer): Promise<number> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "clutter.jpg");
  const res = await fetch(`${baseUrl()}/api/files`, { method: "POST", headers: { cookie }, body });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

async function bytesOf(cookie: string, url: string): Promise<Buffer> {
  const res = await fetch(`${baseUrl()}${url}`, { headers: { cookie } });
  expect(res.status, url).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** How much neighbouring pixels differ in a box of the image (fractions): noise is high, a mosaic is flat. */
async function roughness(image: Buffer, box: { x: number; y: number; width: number; height: number }) {
  const meta = await sharp(image).metadata();
  const W = meta.width!;
  const H = meta.height!;
  const { data, info } = await sharp(image)
    .extract({
      left: Math.round(box.x * W),
      top: Math.round(box.y * H),
      width: Math.round(box.width * W),
      height: Math.round(box.height * H),
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let i = info.channels; i < data.length; i += info.channels)
    sum += Math.abs(data[i]! - data[i - info.channels]!);
  return sum / (data.length / info.channels);
}

/** Drags the mouse over the photo from one point to another, as fractions of the photo shown. */
// antd's Modal zooms in: a box read during the animation is smaller and off-centre. Read it once two
// frames apart agree.
async function settledBox(page: Page, target: Locator) {
  let last = await target.boundingBox();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(50);
    const box = await target.boundingBox();
    if (box && last && ["x", "y", "width", "height"].every((k) => box[k as "x"] === last![k as "x"]))
      return box;
    last = box;
  }
  throw new Error("the element kept moving");
}

async function drag(page: Page, photo: Locator, from: [number, number], to: [number, number]) {
  const box = await settledBox(page, photo);
  await page.mouse.move(box.x + from[0] * box.width, box.y + from[1] * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0] * box.width, box.y + to[1] * box.height, { steps: 8 });
  await page.mouse.up();
}

it(
  "李秀英 draws a rectangle over a 黑榜 photo, saves the mosaic, and confirms the new version again",
  { timeout: LONG },
  async () => {
    const title = `小区门口占道经营 ${Date.now() % 100000}`;
    const worker = await apiLogin(WORKER, DEMO_PASSWORD);
    const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
    const tree = await apiQuery<Array<{ id: number; name: string }>>("", "org.publicTree");
    // A noisy photo: a pixelated region shows up as flat blocks.
    const photoId = await uploadAs(worker, await phoneJpeg({ width: 1200, height: 900, noise: true }));
    const { id } = await apiMutate<{ id: number }>(worker, "board.propose", {
      category: "street_vending",
      courtyardId: tree.find((u) => u.name === "邮政局家属院")!.id,
      title,
      description: "小区门口早市摊点占用人行道，摊主面部清晰可见。",
      subjectKind: "place",
      photos: [photoId],
      submit: true,
    });

    const desk = await session.page(DESK);
    desk.setDefaultTimeout(45_000);
    await adminSteps(desk).login(ADMIN, DEMO_PASSWORD);
    await desk.goto(`${baseUrl()}/admin/board/${id}?state=all`);
    const detail = desk.getByTestId("board-detail");
    await poll(() => detail.textContent()).toContain(title);
    expect(await detail.textContent()).toContain("照片打码未确认");
    // No mosaic yet: no originals.
    expect(await detail.getByText("原图（仅工作人员可见）").count()).toBe(0);
    await detail.getByRole("button", { name: "确认照片已打码" }).click();
    await poll(() => detail.textContent()).toContain("照片打码已确认");

    // 打码 under the photo opens the tool with the full photo scaled to fit.
    await detail.getByRole("button", { name: "照片 1 打码" }).click();
    const dialog = desk.getByRole("dialog", { name: "照片打码" });
    await poll(() => dialog.getByText("拖动鼠标框选人脸、车牌等需要遮挡的区域").count()).toBe(1);
    const photo = dialog.getByRole("img", { name: "待打码的照片" });
    // The full image (as stored: the server keeps photos at most so large), shown smaller, same shape.
    const before = await apiQuery<{ photos: Array<{ width: number; height: number }> }>(
      admin,
      "board.detail",
      {
        id,
      },
    );
    const stored = before.photos[0]!;
    await poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(
      stored.width,
    );
    const shown = await settledBox(desk, photo);
    expect(shown.width).toBeLessThan(stored.width);
    expect(shown.width / shown.height).toBeCloseTo(stored.width / stored.height, 1);
    const save = dialog.getByRole("button", { name: "保存打码" });
    expect(await save.isDisabled()).toBe(true);
    expect(await dialog.getByRole("button", { name: "撤销" }).isDisabled()).toBe(true);

    // A click is not a region; a drag is, whichever way it goes.
    const regions = dialog.getByTestId("mosaic-region");
    await photo.click({ position: { x: 50, y: 50 } });
    expect(await regions.count()).toBe(0);
    await drag(desk, photo, [0.6, 0.6], [0.3, 0.3]);
    await poll(() => regions.count()).toBe(1);
    expect(await save.isDisabled()).toBe(false);
    // A second box, taken away by 撤销; a third, by its own ×.
    await drag(desk, photo, [0.05, 0.7], [0.2, 0.9]);
    await poll(() => regions.count()).toBe(2);
    await dialog.getByRole("button", { name: "撤销" }).click();
    await poll(() => regions.count()).toBe(1);
    await drag(desk, photo, [0.75, 0.05], [0.95, 0.25]);
    await poll(() => regions.count()).toBe(2);
    await shot(desk, "modal");
    await regions.nth(1).getByRole("button", { name: "删除此区域" }).click();
    await poll(() => regions.count()).toBe(1);
    // The box left is where the mouse drew it.
    const drawn = await settledBox(desk, regions.first());
    expect((drawn.x - shown.x) / shown.width).toBeCloseTo(0.3, 1);
    expect((drawn.y - shown.y) / shown.height).toBeCloseTo(0.3, 1);
    expect(drawn.width / shown.width).toBeCloseTo(0.3, 1);
    await shot(desk, "modal-one-region");
    await save.click();
    await poll(() => dialog.count()).toBe(0);

    // The drawer: the new version, the original apart, and the photos to confirm again.
    await poll(() => detail.textContent()).toContain("照片打码未确认");
    const originals = detail.getByRole("region", { name: "原图（仅工作人员可见）" });
    await poll(() => originals.getByRole("img", { name: "原图 1" }).count()).toBe(1);
    expect(await originals.getByRole("img", { name: "原图 1" }).getAttribute("src")).toBe(
      `/files/${photoId}/thumb`,
    );
    const current = await detail.getByRole("img", { name: "照片 1" }).getAttribute("src");
    expect(current).not.toBe(`/files/${photoId}/thumb`);
    await shot(desk, "drawer-after");
    await detail.getByRole("button", { name: "确认照片已打码" }).click();
    await poll(() => detail.textContent()).toContain("照片打码已确认");

    // What would be published is not the photo taken: other bytes, the drawn box flat.
    const after = await apiQuery<Detail>(admin, "board.detail", { id });
    expect(after.photosConfirmed).toBe(true);
    expect(after.originals.map((p) => p.id)).toEqual([photoId]);
    expect(after.photos).toHaveLength(1);
    expect(`${after.photos[0]!.url}/thumb`).toBe(current);
    const masked = await bytesOf(admin, after.photos[0]!.url);
    const original = await bytesOf(admin, after.originals[0]!.url);
    expect(masked.equals(original)).toBe(false);
    const inside = { x: 0.35, y: 0.35, width: 0.2, height: 0.2 };
    expect(await roughness(masked, inside)).toBeLessThan((await roughness(original, inside)) / 4);
    const outside = { x: 0.02, y: 0.02, width: 0.15, height: 0.15 };
    expect(await roughness(masked, outside)).toBeGreaterThan((await roughness(original, outside)) / 2);
    // The original is for staff: a visitor gets nothing.
    expect((await fetch(`${baseUrl()}/files/${photoId}`)).status).toBe(404);

    // Leave the 待审核 queue as it was.
    await apiMutate(admin, "board.reject", { id, reason: "测试条目，驳回" });
  },
);
