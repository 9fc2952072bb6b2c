import { afterAll, beforeAll, expect, it } from "vitest";
import { apiLogin, apiMutate, apiQuery } from "./api.js";
import { chooseOption } from "./choose-option.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 修改条目 in the console: 李秀英 corrects the category and title of 张伟's 待审核 黑榜 proposal in the
// drawer before deciding on it; a field left empty is refused beside it; a published entry offers no 修改.

const LONG = 120_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const ADMIN = "13800000002"; // 李秀英, 东街社区
const WORKER = "13800000003"; // 张伟, 东街社区第一网格 (邮政局家属院)
const DEMO_PASSWORD = "chuangcheng2026";
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

it(
  "李秀英 corrects a 待审核 proposal in the drawer; a published entry has no 修改",
  { timeout: LONG },
  async () => {
    const stamp = Date.now() % 100000;
    const worker = await apiLogin(WORKER, DEMO_PASSWORD);
    const admin = await apiLogin(ADMIN, DEMO_PASSWORD);
    const tree = await apiQuery<Array<{ id: number; name: string }>>("", "org.publicTree");
    const { id } = await apiMutate<{ id: number }>(worker, "board.propose", {
      category: "litter",
      courtyardId: tree.find((u) => u.name === "邮政局家属院")!.id,
      title: `2单元门口乱扔垃圾 ${stamp}`,
      description: "2单元门口有垃圾袋未入桶。",
      subjectKind: "place",
      photos: [],
      submit: true,
    });

    const desk = await session.page(DESK);
    desk.setDefaultTimeout(45_000);
    await adminSteps(desk).login(ADMIN, DEMO_PASSWORD);
    await desk.goto(`${baseUrl()}/admin/board/${id}?state=all`);
    const detail = desk.getByTestId("board-detail");
    await poll(() => detail.textContent()).toContain(`2单元门口乱扔垃圾 ${stamp}`);
    await detail.getByRole("button", { name: "修改" }).click();
    const dialog = desk.getByRole("dialog", { name: "修改条目" });
    const title = dialog.getByLabel("标题");
    await title.fill("");
    await dialog.getByRole("button", { name: "保存修改" }).click();
    await poll(() => dialog.getByText("请填写标题").count()).toBe(1);

    await title.fill(`2单元门口堆放杂物 ${stamp}`);
    // By keyboard (choose-option.ts): a click on the sliding list once hit another option and left it open.
    await chooseOption(desk, dialog, "类别", "楼道堆物");
    await dialog.getByRole("button", { name: "保存修改" }).click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => detail.textContent()).toContain(`2单元门口堆放杂物 ${stamp}`);
    expect(await detail.textContent()).toContain("楼道堆物");
    const saved = await apiQuery<{ title: string; category: string; state: string }>(admin, "board.detail", {
      id,
    });
    expect(saved).toMatchObject({
      title: `2单元门口堆放杂物 ${stamp}`,
      category: "corridor_clutter",
      state: "pending",
    });

    // Leave the 待审核 queue as it was; a 驳回 entry is not on the board, and the drawer of a published one
    // (the demo's) offers no 修改.
    await apiMutate(admin, "board.reject", { id, reason: "测试条目，驳回" });
    const list = await apiQuery<{ items: Array<{ id: number; state: string }> }>(admin, "board.list", {
      state: "published",
    });
    const published = list.items[0]!;
    await desk.goto(`${baseUrl()}/admin/board/${published.id}?state=all`);
    await poll(() => detail.getByText("状态").count()).toBeGreaterThan(0);
    expect(await detail.getByRole("button", { name: "修改" }).count()).toBe(0);
  },
);
