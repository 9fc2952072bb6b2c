import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { adminSteps } from "./admin-steps.js";
import { chooseOption } from "./choose-option.js";
import { baseUrl, browserSession } from "./pages.js";

// The console's 创城活动: the street admin 王建国 makes 2027年创建全国文明城市 for 城关街道 from the
// built-in 测评体系 (a bad period first: the server's message beside 结束日期), with a 领导小组, and
// finds it listed; the community admin 李秀英 opens it on 东街社区's copy of the checklist, grouped by
// 测评项目, edits 道德讲堂's points, moves 红黑榜 above it, adds an item with a measured target and
// deletes it again; the street admin then advances the stage to 实施.

const LONG = 420_000;
const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const DESK = { width: 1280, height: 900 };
const STREET_ADMIN = "13800000001"; // 王建国, 城关街道
const COMMUNITY_ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const NAME = "2027年创建全国文明城市";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string, fullPage = false) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/campaign-${name}.png`, fullPage }) : Promise.resolve();
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

async function open() {
  const page = await session.page(DESK);
  page.setDefaultTimeout(45_000);
  return page;
}

async function fillDate(page: Page, label: string, date: string) {
  await page.getByLabel(label, { exact: true }).fill(date);
  // The typed date, picked in the open panel (Enter would submit the form; Escape drops the text).
  await page.locator(`.ant-picker-dropdown:visible td[title="${date}"]`).click();
}

/** The checklist's rows, item contents in order (the 测评内容 column). */
const contents = (page: Page) =>
  page.getByTestId("checklist").locator("tbody tr:not(.checklist-group) td:nth-child(2)").allTextContents();

it(
  "王建国 creates a campaign for 城关街道; 李秀英 edits 东街社区's checklist; the stage moves to 实施",
  { timeout: LONG },
  async () => {
    // 王建国: 创城活动 in the menu, 新建创城活动.
    const street = await open();
    await adminSteps(street).login(STREET_ADMIN, DEMO_PASSWORD);
    await street.getByRole("link", { name: "创城活动" }).click();
    await poll(() => street.title()).toBe("创城活动 - 创城通管理后台");
    await street.getByRole("button", { name: "新建创城活动" }).click();
    await poll(() => street.title()).toBe("新建创城活动 - 创城通管理后台");

    await street.getByLabel("活动名称").fill(NAME);
    await chooseOption(street, street.locator("form").first(), "创建类型", "全国文明城市");
    await chooseOption(street, street.locator("form").first(), "所属街道或社区", "城关街道（街道）");
    // A period that ends before it starts: the server's message, beside 结束日期.
    await fillDate(street, "开始日期", "2027-12-31");
    await fillDate(street, "结束日期", "2027-01-01");
    await street.getByRole("button", { name: "添加成员" }).click();
    await street.getByLabel("第1人 姓名").fill("王建国");
    await street.getByLabel("第1人 职务").fill("街道党工委书记");
    await street.getByRole("button", { name: "创建" }).click();
    const endField = street
      .locator(".ant-form-item")
      .filter({ has: street.getByLabel("结束日期", { exact: true }) });
    await poll(() => endField.textContent()).toContain("结束日期不能早于开始日期");
    await shot(street, "new-refused", true);

    await fillDate(street, "开始日期", "2027-01-01");
    await fillDate(street, "结束日期", "2027-12-31");
    await street.getByRole("button", { name: "创建" }).click();
    await street.waitForURL(/\/admin\/campaigns\/\d+$/);
    const campaignUrl = street.url();
    const header = street.getByTestId("campaign-stage");
    await poll(() => header.locator(".ant-steps-item-process .ant-steps-item-title").textContent()).toBe(
      "筹备",
    );
    // The 领导小组 as entered; every 社区 of the street has its copy, 东街社区 among them.
    await poll(() => street.getByRole("row", { name: /组长 王建国 街道党工委书记/ }).count()).toBe(1);
    await chooseOption(street, street.locator("body"), "社区", "东街社区");
    await poll(() => street.getByTestId("checklist-group").count()).toBeGreaterThan(3);

    // Listed, newest period first: 城关街道, 2027, 筹备.
    await street.goto(`${baseUrl()}/admin/campaigns`);
    const listed = street
      .getByRole("row")
      .filter({ has: street.getByRole("link", { name: NAME }) })
      .first();
    await poll(() => listed.textContent()).toContain("城关街道");
    expect(await listed.textContent()).toContain("2027-01-01 至 2027-12-31");
    expect(await listed.textContent()).toContain("筹备");
    expect(await listed.textContent()).toContain("全国文明城市");
    await shot(street, "list");

    // 李秀英 opens it: her 社区's copy, grouped by 测评项目.
    const community = await open();
    await adminSteps(community).login(COMMUNITY_ADMIN, DEMO_PASSWORD);
    await community.goto(`${baseUrl()}/admin/campaigns`);
    await community.getByRole("link", { name: NAME }).first().click();
    await community.waitForURL(/\/admin\/campaigns\/\d+$/);
    const checklist = community.getByTestId("checklist");
    await poll(() => community.getByTestId("checklist-group").filter({ hasText: "文明风尚" }).count()).toBe(
      1,
    );
    expect(await community.locator(".ant-card").filter({ hasText: "测评清单" }).textContent()).toContain(
      "东街社区",
    );
    // A street's campaign is its admins' to change: no 编辑 or stage buttons for her; the checklist is hers.
    expect(await community.getByRole("button", { name: "推进到下一阶段" }).count()).toBe(0);
    expect(await community.getByRole("button", { name: "编辑领导小组" }).count()).toBe(0);
    const lecture = checklist
      .locator("tr")
      .filter({ has: community.getByRole("button", { name: "编辑 道德讲堂", exact: true }) });
    expect(await lecture.textContent()).toContain("每月道德讲堂≥2次");
    expect(await lecture.textContent()).toContain("材料审核");
    await shot(community, "checklist", true);

    // 编辑: 道德讲堂 is worth 4 points now.
    await community.getByRole("button", { name: "编辑 道德讲堂", exact: true }).click();
    const edit = community.getByRole("dialog", { name: "编辑测评项" });
    await poll(() => edit.getByLabel("测评内容").inputValue()).toBe("道德讲堂");
    await edit.getByLabel("分值").fill("4");
    await shot(community, "item-edit");
    await edit.getByRole("button", { name: "保存" }).click();
    // Closed once saved (else its text, with the field that was refused, says why).
    await poll(async () => ((await edit.count()) ? await edit.textContent() : "closed")).toBe("closed");
    await poll(() => lecture.locator("td").nth(4).textContent()).toBe("4");

    // 上移: 红黑榜 goes above 道德讲堂 (within 文明风尚).
    const before = await contents(community);
    expect(before.indexOf("道德讲堂")).toBeLessThan(before.indexOf("红黑榜（善行义举榜）"));
    await community.getByRole("button", { name: "上移 红黑榜（善行义举榜）", exact: true }).click();
    await poll(async () => {
      const now = await contents(community);
      return now.indexOf("红黑榜（善行义举榜）") < now.indexOf("道德讲堂");
    }).toBe(true);

    // 指定责任人: the 社区's grid worker 张伟.
    await community.getByRole("button", { name: "指定责任人 道德讲堂", exact: true }).click();
    const assign = community.getByRole("dialog", { name: /指定责任人/ });
    // Typed and chosen with Enter: the searchable list stays over 保存 when clicked mid-animation.
    await assign.getByLabel("责任人", { exact: true }).fill("张伟");
    await poll(() => community.locator(".ant-select-dropdown:visible").getByText(/张伟/).count()).toBe(1);
    await assign.getByLabel("责任人", { exact: true }).press("Enter");
    await poll(() => community.locator(".ant-select-dropdown:visible").count()).toBe(0);
    await assign.getByRole("button", { name: "保存" }).click();
    await poll(() => lecture.textContent()).toContain("张伟");

    // 新增测评项 with a measured target, then 删除 (nothing filed under it: deleted, not archived).
    const added = `文明楼道评比 ${Date.now() % 100000}`;
    await community.getByRole("button", { name: "新增测评项" }).click();
    const add = community.getByRole("dialog", { name: "新增测评项" });
    await add.getByLabel("测评项目").fill("文明风尚");
    await add.getByLabel("测评内容").fill(added);
    await add.getByLabel("测评标准").fill("每季度开展一次文明楼道评比，结果在楼道公示。");
    await add.getByRole("checkbox", { name: "图片" }).check();
    await add.getByRole("checkbox", { name: "记录" }).check();
    await chooseOption(community, add, "测量指标", "每月活动次数");
    await chooseOption(community, add, "活动类型", "志愿服务");
    await add.getByLabel("每月次数").fill("3");
    await add.getByRole("button", { name: "保存" }).click();
    await poll(async () => ((await add.count()) ? await add.textContent() : "closed")).toBe("closed");
    const addedRow = checklist
      .locator("tr")
      .filter({ has: community.getByRole("button", { name: `编辑 ${added}`, exact: true }) });
    await poll(() => addedRow.textContent()).toContain("每月志愿服务≥3次");
    expect(await addedRow.textContent()).toContain("图片");
    await community.getByRole("button", { name: `删除 ${added}`, exact: true }).click();
    await community.getByRole("tooltip").getByRole("button", { name: "删除" }).click();
    await poll(() => community.locator(".ant-message").textContent()).toContain("已删除");
    await poll(() => addedRow.count()).toBe(0);

    // 王建国 advances the stage: 实施.
    await street.goto(campaignUrl);
    await street.getByRole("button", { name: "推进到下一阶段" }).click();
    await street.getByRole("tooltip").getByRole("button", { name: "推进" }).click();
    await poll(() =>
      street
        .getByTestId("campaign-stage")
        .locator(".ant-steps-item-process .ant-steps-item-title")
        .textContent(),
    ).toBe("实施");
    await shot(street, "detail");
    // The 领导小组 needs its 组长: the server's word, under the rows.
    await street.getByRole("button", { name: "编辑领导小组" }).click();
    await street.getByRole("button", { name: "删除第1人" }).click();
    await street.getByRole("button", { name: "保存" }).click();
    await poll(() => street.getByTestId("leader-rows").textContent()).toContain("领导小组须有一名组长");
    await street.getByRole("button", { name: "取消" }).click();
    await poll(() => street.getByRole("row", { name: /组长 王建国/ }).count()).toBe(1);
    await street.goto(`${baseUrl()}/admin/campaigns`);
    await poll(() => listed.textContent()).toContain("实施");
  },
);
