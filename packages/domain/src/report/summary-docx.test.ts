import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildSummaryDocx,
  chineseNumeral,
  largeSummaryDocument,
  layoutSummary,
  sampleSummaryDocument,
  signatureIndents,
  titleLines,
} from "./summary-docx.js";
import { type SummaryDocument, type SummaryParagraph } from "./summary-model.js";

// The 工作总结 .docx checked as a person checks a 公文: unpacked, its page, fonts, sizes, spacing,
// numbering and figures read from the Word XML; and rendered by LibreOffice to prove it opens and lays out.

/** A paragraph of Word XML with its text and its (first run's) properties. */
interface WordParagraph {
  xml: string;
  text: string;
}

const paragraphsOf = (xml: string): WordParagraph[] =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
    xml: p,
    text: [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""),
  }));
/** The value of `attribute` on the first `<tag …>` in `xml`. */
const attr = (xml: string, tag: string, attribute: string): string | undefined =>
  new RegExp(`<${tag}\\b[^>]*\\s${attribute}="([^"]*)"`).exec(xml)?.[1];
/** The character spacing (w:spacing w:val in a run's properties), in twentieths of a point. */
const runSpacing = (xml: string) =>
  Number(/<w:rPr>(?:(?!<\/w:rPr>)[\s\S])*?<w:spacing w:val="(-?\d+)"/.exec(xml)?.[1]);
const textOf = (xml: string) =>
  paragraphsOf(xml)
    .map((p) => p.text)
    .join("\n");

const sample = sampleSummaryDocument();
let documentXml = "";
let footers: string[] = [];
let settingsXml = "";
let body: WordParagraph[] = [];
let tableXml = "";

beforeAll(async () => {
  const zip = await JSZip.loadAsync(await buildSummaryDocx(sample));
  documentXml = await zip.file("word/document.xml")!.async("string");
  settingsXml = await zip.file("word/settings.xml")!.async("string");
  footers = await Promise.all(
    Object.keys(zip.files)
      .filter((name) => /^word\/footer\d+\.xml$/.test(name))
      .map((name) => zip.file(name)!.async("string")),
  );
  tableXml = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(documentXml)?.[0] ?? "";
  body = paragraphsOf(documentXml.replace(tableXml, ""));
});

const find = (text: string) => {
  const found = body.find((p) => p.text === text);
  expect(found, `paragraph "${text}"`).toBeDefined();
  return found!;
};

describe("the 工作总结 .docx, unpacked", () => {
  it("is A4 with the 公文 margins (37 / 35 / 28 / 26 mm)", () => {
    const twips = (mm: number) => (mm / 25.4) * 1440;
    expect(attr(documentXml, "w:pgSz", "w:w")).toBe("11906");
    expect(attr(documentXml, "w:pgSz", "w:h")).toBe("16838");
    for (const [side, mm] of [
      ["top", 37],
      ["bottom", 35],
      ["left", 28],
      ["right", 26],
    ] as const) {
      expect(
        Math.abs(Number(attr(documentXml, "w:pgMar", `w:${side}`)) - twips(mm)),
        side,
      ).toBeLessThanOrEqual(1);
    }
  });

  it("centres the title in 二号 方正小标宋简体, broken into two balanced lines", () => {
    const title = body[0]!;
    expect(title.text).toBe("东街社区2026年度创建全国文明城市工作总结");
    expect(attr(title.xml, "w:jc", "w:val")).toBe("center");
    expect(attr(title.xml, "w:sz", "w:val")).toBe("44");
    expect(attr(title.xml, "w:rFonts", "w:eastAsia")).toBe("方正小标宋简体");
    expect(title.xml).toMatch(
      /东街社区2026年度<\/w:t><\/w:r><w:r>[\s\S]*?<w:br\/><w:t[^>]*>创建全国文明城市工作总结/,
    );
  });

  it("sets the body in 三号 仿宋_GB2312, exact 28.95 pt lines, first line indented two characters", () => {
    const paragraph = find(sample.paragraphs[0]!.text);
    expect(attr(paragraph.xml, "w:sz", "w:val")).toBe("32");
    expect(attr(paragraph.xml, "w:rFonts", "w:eastAsia")).toBe("仿宋_GB2312");
    expect(attr(paragraph.xml, "w:spacing", "w:lineRule")).toBe("exact");
    const line = Number(attr(paragraph.xml, "w:spacing", "w:line"));
    expect(line).toBeGreaterThanOrEqual(560);
    expect(line).toBeLessThanOrEqual(580);
    expect(attr(paragraph.xml, "w:ind", "w:firstLine")).toBe("640");
    expect(attr(paragraph.xml, "w:ind", "w:firstLineChars")).toBe("200");
    // Every paragraph of the body is like that, not just the first.
    for (const p of sample.paragraphs) {
      const laid = find(p.text);
      expect(attr(laid.xml, "w:rFonts", "w:eastAsia"), p.key).toBe("仿宋_GB2312");
      expect(attr(laid.xml, "w:sz", "w:val"), p.key).toBe("32");
      expect(attr(laid.xml, "w:spacing", "w:lineRule"), p.key).toBe("exact");
    }
    // 28 characters a line: each 三号 character narrowed by a quarter point (156 mm / 28 = 15.79 pt).
    expect(runSpacing(paragraph.xml)).toBe(-5);
    expect(runSpacing(find("一、基本情况").xml)).toBe(-5);
  });

  it("sets 一、 headings in 黑体 and （一） subheadings in 楷体_GB2312, indented like the body", () => {
    for (const heading of ["一、基本情况", "二、主要做法及成效", "三、存在问题", "四、下一步打算"]) {
      const p = find(heading);
      expect(attr(p.xml, "w:rFonts", "w:eastAsia"), heading).toBe("黑体");
      expect(attr(p.xml, "w:sz", "w:val"), heading).toBe("32");
      expect(attr(p.xml, "w:ind", "w:firstLine"), heading).toBe("640");
    }
    const sub = find("（一）强化组织领导");
    expect(attr(sub.xml, "w:rFonts", "w:eastAsia")).toBe("楷体_GB2312");
    expect(attr(sub.xml, "w:sz", "w:val")).toBe("32");
    expect(attr(sub.xml, "w:ind", "w:firstLine")).toBe("640");
  });

  it("numbers the subheadings （一）（二）… within each section, once per run of paragraphs on a topic", () => {
    const order = body
      .map((p) => p.text)
      .filter((t) => /^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）/.test(t));
    expect(order).toEqual([
      "一、基本情况",
      "二、主要做法及成效",
      "（一）强化组织领导",
      "（二）深化志愿服务",
      "（三）办好道德讲堂",
      "（四）整治人居环境",
      "三、存在问题",
      "（一）任务落实仍有短板",
      "（二）长效机制有待完善",
      "四、下一步打算",
      "（一）抓好任务清零",
      "（二）巩固整治成果",
      "（三）壮大志愿队伍",
    ]);
    // The subheading stands on its own line before the first paragraph of its topic.
    const texts = body.map((p) => p.text);
    expect(texts[texts.indexOf("（四）整治人居环境") + 1]).toBe(sample.paragraphs[6]!.text);
    expect(texts[texts.indexOf("（四）整治人居环境") + 2]).toBe(sample.paragraphs[7]!.text);
  });

  it("puts a PAGE field between em dashes in 四号 宋体 in the footers of odd and even pages", () => {
    expect(settingsXml).toContain("<w:evenAndOddHeaders/>");
    expect(footers).toHaveLength(2);
    for (const footer of footers) {
      expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(footer).toContain('w:fldCharType="begin"');
      expect(textOf(footer)).toBe("—  —"); // "— " + the field's number + " —"
      expect(attr(footer, "w:rFonts", "w:eastAsia")).toBe("宋体");
      expect(attr(footer, "w:sz", "w:val")).toBe("28");
    }
    expect(footers.map((f) => attr(f, "w:jc", "w:val")).sort()).toEqual(["left", "right"]);
  });

  it("states every figure in the text and lists it with its source and period in the 附表", () => {
    const text = body.map((p) => p.text).join("\n");
    const rows = [...tableXml.matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map(([row]) =>
      [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cell]) =>
        paragraphsOf(cell)
          .map((p) => p.text)
          .join(""),
      ),
    );
    expect(rows[0]).toEqual(["序号", "指标", "数值", "统计口径（数据来源）", "统计期间"]);
    expect(rows.slice(1)).toEqual(
      sample.figures.map((f, i) => [String(i + 1), f.label, f.value, f.source, f.period]),
    );
    for (const figure of sample.figures) expect(text, figure.key).toContain(figure.value);
    // The header row repeats on each page; the table spans the text block; its text is 小四 仿宋 at exact lines.
    expect(/<w:tr\b[\s\S]*?<\/w:tr>/.exec(tableXml)![0]).toContain("<w:tblHeader/>");
    expect(attr(tableXml, "w:tblW", "w:w")).toBe(String(11906 - 1587 - 1474));
    const widths = [...tableXml.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths.reduce((a, b) => a + b)).toBe(11906 - 1587 - 1474);
    const cell = paragraphsOf(tableXml).find((p) => p.text === sample.figures[0]!.source)!;
    expect(attr(cell.xml, "w:rFonts", "w:eastAsia")).toBe("仿宋_GB2312");
    expect(attr(cell.xml, "w:sz", "w:val")).toBe("24");
    expect(attr(cell.xml, "w:spacing", "w:lineRule")).toBe("exact");
    // The 附表 starts a page, labelled as 附件 are.
    expect(find("附表").xml).toContain("<w:pageBreakBefore/>");
    expect(find("附表：数据来源").xml).toContain("仿宋_GB2312");
  });

  it("ends the body with the unit and, under it, the date, right-aligned after a blank line", () => {
    const texts = body.map((p) => p.text);
    const unitAt = texts.indexOf("东街社区居民委员会");
    expect(unitAt).toBeGreaterThan(texts.indexOf("附表：数据来源"));
    expect(texts[unitAt + 1]).toBe("2026年12月3日");
    expect(texts[unitAt + 2]).toBe("附表"); // then the 附表, on its own page
    const unit = body[unitAt]!;
    const date = body[unitAt + 1]!;
    expect(attr(unit.xml, "w:jc", "w:val")).toBe("right");
    expect(attr(date.xml, "w:jc", "w:val")).toBe("right");
    expect(Number(attr(unit.xml, "w:spacing", "w:before"))).toBeGreaterThanOrEqual(560);
    // The date 右空四字, the unit centred over it.
    expect(attr(date.xml, "w:ind", "w:right")).toBe("1280");
    expect(Number(attr(unit.xml, "w:ind", "w:right"))).toBe(880);
  });

  it("never prints a placeholder or an empty paragraph in the body", () => {
    const all = textOf(documentXml);
    expect(all).not.toMatch(/XX|xx|＿|___|某某/);
    const bodyOnly = body.filter((p) => !tableXml.includes(p.xml));
    expect(bodyOnly.filter((p) => p.text.trim() === "")).toEqual([]);
  });
});

describe("the layout rules", () => {
  const paragraph = (
    section: SummaryParagraph["section"],
    topic: string | null,
    text: string,
    key = text,
  ) => ({
    key,
    section,
    topic,
    text,
    figureKeys: [],
  });
  const doc = (paragraphs: SummaryParagraph[]): SummaryDocument => ({
    title: "西街社区2026年第一季度创建工作总结",
    unitName: "",
    dateText: "2026年4月2日",
    paragraphs,
    figures: [],
  });

  it("writes Chinese numerals past ten", () => {
    expect([1, 9, 10, 11, 12, 19, 20, 21, 35, 99].map(chineseNumeral)).toEqual([
      "一",
      "九",
      "十",
      "十一",
      "十二",
      "十九",
      "二十",
      "二十一",
      "三十五",
      "九十九",
    ]);
  });

  it("numbers twelve topics （一）…（十二）", () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) =>
      paragraph("practice", `事项${i + 1}`, `第${i + 1}段。`),
    );
    const subheadings = layoutSummary(doc(paragraphs)).filter((b) => b.kind === "subheading");
    expect(subheadings.map((b) => b.text.replace(/事项\d+$/, ""))).toEqual(
      ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"].map((n) => `（${n}）`),
    );
  });

  it("skips empty paragraphs and sections, renumbering the sections left, and restarts a topic that comes back", () => {
    const blocks = layoutSummary(
      doc([
        paragraph("plans", "整改", "逐项整改。"),
        paragraph("basic", null, "  "),
        paragraph("practice", "宣传", "更新宣传栏。\n\n张贴公益广告。"),
        paragraph("practice", null, "其他工作。"),
        paragraph("practice", "宣传", "再次更新。"),
        paragraph("practice", "空的", ""),
      ]),
    );
    expect(blocks.map((b) => `${b.kind}:${b.text}`)).toEqual([
      "title:西街社区2026年第一季度创建工作总结",
      "heading:一、主要做法及成效",
      "subheading:（一）宣传",
      "body:更新宣传栏。",
      "body:张贴公益广告。",
      "body:其他工作。",
      "subheading:（二）宣传",
      "body:再次更新。",
      "heading:二、下一步打算",
      "subheading:（一）整改",
      "body:逐项整改。",
      // no figures: no 附表 note; no unit: only the date
      "date:2026年4月2日",
    ]);
  });

  it("drops what XML cannot hold and keeps a topic on one line, and the .docx still opens", async () => {
    const odd = {
      ...doc([paragraph("basic", "志愿\n服务", "含控制字符\u0001与孤立代理\uD800的段落。")]),
      unitName: "东街社区\t居委会",
    };
    const blocks = layoutSummary(odd);
    expect(blocks.map((b) => b.text)).toEqual([
      "西街社区2026年第一季度创建工作总结",
      "一、基本情况",
      "（一）志愿 服务",
      "含控制字符与孤立代理的段落。",
      "东街社区 居委会",
      "2026年4月2日",
    ]);
    const zip = await JSZip.loadAsync(await buildSummaryDocx(odd));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("含控制字符与孤立代理的段落。");
    expect(xml.includes("\u0001") || xml.includes("\uD800")).toBe(false);
  });

  it("breaks a long title where the words allow, evenly", () => {
    expect(titleLines("东街社区2026年度创建全国文明城市工作总结")).toEqual([
      "东街社区2026年度",
      "创建全国文明城市工作总结",
    ]);
    expect(titleLines("东街社区工作总结")).toEqual(["东街社区工作总结"]);
  });

  it("centres the unit over a date set 右空四字", () => {
    // "2026年12月3日" is 6.5 characters wide, "东街社区居民委员会" 9.
    expect(signatureIndents("东街社区居民委员会", "2026年12月3日")).toEqual({ unit: 2.75, date: 4 });
    expect(signatureIndents("某市某区某某街道办事处社区居民委员会联合党委", "2026年12月3日").unit).toBe(0);
  });

  it("builds the bench's large document (60 paragraphs, 80 figures) into a .docx holding all of them", async () => {
    const large = largeSummaryDocument(60, 80);
    const zip = await JSZip.loadAsync(await buildSummaryDocx(large));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect([...xml.matchAll(/<w:tr\b/g)]).toHaveLength(81);
    for (const figure of large.figures) expect(xml).toContain(figure.label);
  });
});

const soffice = spawnSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" }).stdout.trim();

describe("the 工作总结 .docx, rendered by LibreOffice", () => {
  it.skipIf(!soffice)(
    soffice
      ? "opens and lays out: pages, title, headings, figures, page numbers"
      : "SKIPPED: soffice (LibreOffice) is not installed",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "summary-docx-"));
      try {
        const docx = join(dir, "summary.docx");
        writeFileSync(docx, await buildSummaryDocx(sample));
        const large = join(dir, "large.docx");
        writeFileSync(large, await buildSummaryDocx(largeSummaryDocument(60, 80)));
        execFileSync(
          soffice,
          [
            `-env:UserInstallation=file://${join(dir, "profile")}`,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir,
            docx,
            large,
          ],
          { stdio: "pipe", timeout: 55_000 },
        );
        const pdf = join(dir, "summary.pdf");
        expect(existsSync(pdf)).toBe(true);
        const pages = Number(
          /Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1],
        );
        expect(pages).toBeGreaterThanOrEqual(2);
        const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, "");
        expect(text).toContain("东街社区2026年度");
        expect(text).toContain("创建全国文明城市工作总结");
        for (const heading of [
          "一、基本情况",
          "二、主要做法及成效",
          "三、存在问题",
          "四、下一步打算",
          "（一）强化组织领导",
        ]) {
          expect(text).toContain(heading);
        }
        expect(text).toContain("5,318.5");
        expect(text).toContain("数据来源");
        expect(text).toContain("东街社区居民委员会");
        for (let page = 1; page <= pages; page++) expect(text).toContain(`—${page}—`);
        execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "2", pdf, join(dir, "page")]);
        const pngs = readdirSync(dir).filter((f) => f.endsWith(".png"));
        expect(pngs.some((f) => /page-0*1\.png$/.test(f))).toBe(true);

        // The long document's body pages: 22 lines a page at most and at least one full page; 28
        // characters on a full line of Chinese text.
        const largePages = execFileSync("pdftotext", ["-layout", join(dir, "large.pdf"), "-"], {
          encoding: "utf8",
        })
          .split("\f")
          .map((page) =>
            page.split("\n").filter((line) => line.trim() !== "" && !/^\s*—\s*\d+\s*—\s*$/.test(line)),
          );
        const bodyPages = largePages.slice(
          1,
          largePages.findIndex((page) => page[0]?.trim() === "附表"),
        );
        expect(bodyPages.length).toBeGreaterThan(3);
        const linesPerPage = bodyPages.map((page) => page.length);
        expect(Math.max(...linesPerPage), linesPerPage.join(",")).toBe(22);
        const chineseLines = bodyPages
          .flat()
          .filter((line) => /^[\u4e00-\u9fff，、。；：（）“”]+$/.test(line.trim()));
        expect(chineseLines.length).toBeGreaterThan(10);
        expect(Math.max(...chineseLines.map((line) => [...line.trim()].length))).toBe(28);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
