import { readFile } from "node:fs/promises";
import JSZip from "jszip";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { apiLogin, apiQuery } from "./api.js";
import { adminSteps } from "./admin-steps.js";
import { baseUrl, browserSession } from "./pages.js";

// 工作总结: the community admin 李秀英 generates this year's 年度 summary of 东街社区 from the demo data,
// rewrites a paragraph of 四、下一步打算, downloads the .docx and opens it: the rewritten text is there,
// and two figures as the API reports them for the same 社区.

const session = browserSession();
beforeAll(() => session.start());
afterAll(() => session.stop());

const ADMIN = "13800000002"; // 李秀英, 东街社区
const DEMO_PASSWORD = "chuangcheng2026";
const SHOTS = process.env.SCREENSHOT_DIR;
const shot = (page: Page, name: string) =>
  SHOTS ? page.screenshot({ path: `${SHOTS}/summary-${name}.png`, fullPage: true }) : Promise.resolve();

interface Figure {
  key: string;
  value: string;
}
interface Draft {
  id: number;
  title: string;
  document: { figures: Figure[]; paragraphs: Array<{ section: string; text: string }> };
}

/** The document's text, paragraph by paragraph, from word/document.xml. */
async function docxParagraphs(path: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const xml = await zip.file("word/document.xml")!.async("string");
  return xml
    .split("</w:p>")
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));
}

it(
  "李秀英 writes 东街社区's 年度 summary, rewrites a plan and downloads it as Word",
  { timeout: 180_000 },
  async () => {
    const cookie = await apiLogin(ADMIN, DEMO_PASSWORD);
    const year = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" })
      .format(new Date())
      .slice(0, 4);
    const page = await session.page({ width: 1366, height: 900 });
    page.setDefaultTimeout(45_000);
    await adminSteps(page).login(ADMIN, DEMO_PASSWORD);
    await page.goto(`${baseUrl()}/admin/reports/summary`);
    await expect.poll(() => page.getByLabel("单位").first().isVisible()).toBe(true);
    await page.getByRole("button", { name: "生成总结草稿" }).click();
    const doc = page.getByRole("article", { name: "总结正文" });
    await doc.getByRole("heading", { name: "四、下一步打算" }).waitFor();
    await expect.poll(() => page.url()).toMatch(/draft=\d+/);
    const draftId = Number(new URL(page.url()).searchParams.get("draft"));
    const draft = await apiQuery<Draft>(cookie, "report.summary", { id: draftId });
    expect(draft.title).toBe(`东街社区${year}年度创城工作总结`);
    await expect.poll(() => doc.getByRole("heading", { name: draft.title }).isVisible()).toBe(true);
    await shot(page, "draft");

    // Rewrite the first line of 四、下一步打算.
    const plans = doc.getByRole("region", { name: "四、下一步打算" });
    await plans.getByRole("button", { name: /^修改/ }).first().click();
    const rewritten = "下一步，社区将每月举办两场道德讲堂，并在宣传栏公示活动照片。";
    await plans.getByRole("textbox").fill(rewritten);
    await plans.getByRole("button", { name: "保存" }).click();
    await plans.getByText(rewritten).waitFor();
    await expect.poll(() => plans.getByText("已修改").count()).toBe(1);
    await shot(page, "edited");

    const [saved] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载Word" }).click(),
    ]);
    expect(saved.suggestedFilename()).toBe(`${draft.title}.docx`);
    const paragraphs = await docxParagraphs((await saved.path())!);
    expect(paragraphs).toContain(rewritten);
    expect(paragraphs).toContain("四、下一步打算");

    // Two figures as the API reports them: the registered volunteers and the 常住人口 of 东街社区.
    const community = (await apiQuery<Array<{ id: number; name: string }>>(cookie, "org.tree")).find(
      (u) => u.name === "东街社区",
    )!;
    const dashboard = await apiQuery<{ volunteers: { registered: number; population: number | null } }>(
      cookie,
      "report.communityDashboard",
      { communityId: community.id },
    );
    const text = paragraphs.join("\n");
    const registered = draft.document.figures.find((f) => f.key === "volunteers.registered")!;
    expect(registered.value).toBe(`${dashboard.volunteers.registered}人`);
    expect(text).toContain(`注册志愿者${registered.value}`);
    const population = draft.document.figures.find((f) => f.key === "units.population")!;
    expect(population.value).toBe(`${dashboard.volunteers.population}人`);
    expect(text).toContain(`常住人口${population.value}`);
    // The 附表 lists them with their sources.
    expect(text).toContain("附表：数据来源");
  },
);
