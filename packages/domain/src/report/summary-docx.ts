import {
  AlignmentType,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from "docx";
import {
  SUMMARY_SECTION_HEADINGS,
  SUMMARY_SECTIONS,
  type SummaryDocument,
  type SummaryFigure,
  type SummaryImage,
  type SummaryPhotoPair,
} from "./summary-model.js";

// The 工作总结 as a .docx in 公文 layout (GB/T 9704-2012): A4, the margins, 22 lines of 28 characters
// a page in 三号 仿宋_GB2312, 一、 headings in 黑体 and （一） in 楷体_GB2312, "— 1 —" page numbers,
// the unit and date at the end, and a closing 附表 listing every figure with its source.
// Pure apart from the zip: the layout is `layoutSummary`, the Word file `buildSummaryDocx`.

/** Twentieths of a point for a length in millimetres. */
export const mmToTwip = (mm: number): number => Math.round((mm / 25.4) * 1440);

/** A4 and the 公文 margins (GB/T 9704: 天头 37 mm, 订口 28 mm; the text block 156 × 225 mm). */
export const SUMMARY_PAGE = {
  width: 11906,
  height: 16838,
  top: mmToTwip(37),
  bottom: mmToTwip(35),
  left: mmToTwip(28),
  right: mmToTwip(26),
  /** From the page's bottom edge to the footer's bottom: the page number sits about 7 mm below the text block. */
  footer: mmToTwip(22),
} as const;
/** The text block's width: what the 附表 spans. */
export const SUMMARY_TEXT_WIDTH = SUMMARY_PAGE.width - SUMMARY_PAGE.left - SUMMARY_PAGE.right;

/** Font sizes in half-points (w:sz): 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
export const SUMMARY_SIZES = { title: 44, body: 32, pageNumber: 28, table: 24 } as const;
/** Exact line heights in twips: 28.95 pt gives 22 lines in the 225 mm text block. */
export const SUMMARY_LINES = { body: 579, title: 700, table: 400 } as const;

/**
 * The fonts by the names Chinese offices' Word and WPS know. Word has no fallback chain: a run names one
 * font per script, and where it is not installed Word (and WPS, which maps 仿宋_GB2312 → 仿宋 itself)
 * substitutes. docx 9 writes a font table only for embedded fonts (its `w:altName` is not reachable from
 * the public API), so the alternates 仿宋 / FangSong cannot be listed; the names below are the ones the
 * GB/T 9704 templates use.
 *
 * The title names 方正小标宋简体 and is not bold: 小标宋 is already heavy and Word/WPS would embolden it a
 * second time on the machines 公文 are written on, where it is installed; elsewhere Word substitutes
 * 宋体 at the same 二号 size, centred.
 */
export const SUMMARY_FONTS = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading: "黑体",
  subheading: "楷体_GB2312",
  pageNumber: "宋体",
  /** Latin letters and digits in body text and the 附表, as 公文 templates set them. */
  latin: "Times New Roman",
} as const;

/** 一 … 九十九 (and plain digits from 100 on): the numerals of 一、 and （一） headings. */
export function chineseNumeral(n: number): string {
  const digits = "零一二三四五六七八九";
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : digits[tens]}十${ones === 0 ? "" : digits[ones]}`;
}

/** One line or paragraph of the laid-out document, before it becomes Word XML. */
export type SummaryBlock =
  | { kind: "title"; text: string; lines: string[] }
  | { kind: "heading"; text: string }
  | { kind: "subheading"; text: string }
  | { kind: "body"; text: string }
  | { kind: "photos"; text: string; pair: SummaryPhotoPair; number: number }
  | { kind: "attachmentNote"; text: string }
  | { kind: "unit"; text: string }
  | { kind: "date"; text: string };

const SECTION_NUMERAL = /^[一二三四五六七八九十]+、/;
// Control characters XML 1.0 cannot hold (a pasted edit may carry them), and unpaired surrogates.
const XML_INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text as printed: without characters XML cannot hold, tabs as spaces, trimmed. */
function clean(text: string): string {
  return text.replace(XML_INVALID, "").replace(/\t/g, " ").trim();
}

/** A title, topic, unit or date: one line whatever was typed. */
function oneLine(text: string): string {
  return clean(text.replace(/\s+/g, " "));
}

/** A paragraph's text as printed lines: one Word paragraph per line the person typed, none empty. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map(clean)
    .filter((line) => line !== "");
}

/**
 * The document as blocks: the title, each section with paragraphs under its heading (sections are
 * numbered 一、二、… in order, so one without paragraphs leaves no gap), a （一）-style subheading before
 * each run of consecutive paragraphs with the same topic (numbered from （一） in each section), the
 * 附表 note when there are figures, then the unit and the date. Nothing empty is emitted.
 */
export function layoutSummary(doc: SummaryDocument): SummaryBlock[] {
  const blocks: SummaryBlock[] = [];
  const title = oneLine(doc.title);
  if (title) blocks.push({ kind: "title", text: title, lines: titleLines(title) });
  let sectionNumber = 0;
  let photoNumber = 0;
  for (const section of SUMMARY_SECTIONS) {
    const paragraphs = doc.paragraphs
      .filter((p) => p.section === section)
      .map((p) => ({
        topic: p.topic === null ? "" : oneLine(p.topic),
        lines: lines(p.text),
        photos: p.photos ?? [],
      }))
      .filter((p) => p.lines.length > 0);
    if (paragraphs.length === 0) continue;
    sectionNumber += 1;
    const heading = SUMMARY_SECTION_HEADINGS[section].replace(SECTION_NUMERAL, "");
    blocks.push({ kind: "heading", text: `${chineseNumeral(sectionNumber)}、${heading}` });
    let topicNumber = 0;
    let previousTopic = "";
    for (const paragraph of paragraphs) {
      if (paragraph.topic !== "" && paragraph.topic !== previousTopic) {
        topicNumber += 1;
        blocks.push({ kind: "subheading", text: `（${chineseNumeral(topicNumber)}）${paragraph.topic}` });
      }
      previousTopic = paragraph.topic;
      for (const line of paragraph.lines) blocks.push({ kind: "body", text: line });
      for (const pair of paragraph.photos)
        blocks.push({ kind: "photos", text: oneLine(pair.caption), pair, number: ++photoNumber });
    }
  }
  if (doc.figures.length > 0) blocks.push({ kind: "attachmentNote", text: "附表：数据来源" });
  const unit = oneLine(doc.unitName);
  const date = oneLine(doc.dateText);
  if (unit) blocks.push({ kind: "unit", text: unit });
  if (date) blocks.push({ kind: "date", text: date });
  return blocks;
}

/**
 * A line's printed width in characters of the body size: Chinese characters and full-width marks are
 * one, ASCII (Times New Roman digits and letters) half. Enough to set the signature block.
 */
export function textWidthInChars(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! < 0x2e80 && !/[—…“”‘’]/.test(ch) ? 0.5 : 1;
  return width;
}

/** How many 二号 characters a title line holds: the 156 mm text block at 22 pt (20.1), less one for
 * fonts whose digits are wider than half a character. */
const TITLE_CHARS_PER_LINE = Math.floor(SUMMARY_TEXT_WIDTH / 20 / 22) - 1;
const TITLE_BREAK_AFTER = ["年度", "半年", "季度", "月份", "社区", "街道", "办事处", "委员会"];
const TITLE_BREAK_BEFORE = ["关于", "创建", "工作总结", "总结"];

/**
 * The title's lines: one when it fits, else two broken where the words allow (after 年度/社区…, before
 * 创建/工作总结…), the most even pair that fits (GB/T 9704: 回行时词意完整、排列对称); when no such
 * place fits, one line for Word to wrap.
 */
export function titleLines(title: string): string[] {
  const total = textWidthInChars(title);
  if (total <= TITLE_CHARS_PER_LINE) return [title];
  const breaks = new Set<number>();
  for (const word of TITLE_BREAK_AFTER) {
    for (let i = title.indexOf(word); i >= 0; i = title.indexOf(word, i + 1)) breaks.add(i + word.length);
  }
  for (const word of TITLE_BREAK_BEFORE) {
    for (let i = title.indexOf(word); i >= 0; i = title.indexOf(word, i + 1)) breaks.add(i);
  }
  let best: [string, string] | null = null;
  let bestGap = Infinity;
  for (const at of breaks) {
    const first = title.slice(0, at);
    const second = title.slice(at);
    if (!first || !second) continue;
    const [w1, w2] = [textWidthInChars(first), textWidthInChars(second)];
    if (w1 > TITLE_CHARS_PER_LINE || w2 > TITLE_CHARS_PER_LINE) continue;
    if (Math.abs(w1 - w2) < bestGap) [best, bestGap] = [[first, second], Math.abs(w1 - w2)];
  }
  return best ?? [title];
}

/**
 * The right indents (in characters) of the unit and the date, as for a 公文 with a seal (GB/T 9704
 * 7.3.5.1): the date 右空四字, the unit centred over the date (never past the right margin).
 */
export function signatureIndents(unit: string, date: string): { unit: number; date: number } {
  const dateIndent = 4;
  const unitIndent = dateIndent + (textWidthInChars(date) - textWidthInChars(unit)) / 2;
  return { unit: Math.max(0, unitIndent), date: dateIndent };
}

const CHAR = 320; // one 三号 character in twips (16 pt)
/** Characters a body line holds (GB/T 9704: 28 a line, 22 lines a page). */
export const SUMMARY_CHARS_PER_LINE = 28;
/**
 * The spacing (w:spacing, twentieths of a point, negative) that narrows each 三号 character so that 28
 * fit the 156 mm line (442.25 pt / 28 = 15.79 pt): 16 pt − 0.25 pt. The 公文 templates get there with a
 * `linesAndChars` document grid (w:charSpace −849), which Word honours but LibreOffice lays out with
 * characters spread a cell apart; character spacing reads the same in Word, WPS and LibreOffice.
 */
export const SUMMARY_CHAR_SPACING = Math.floor((SUMMARY_TEXT_WIDTH / SUMMARY_CHARS_PER_LINE - CHAR) / 5) * 5;
const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

function cjkFont(eastAsia: string, latin: string = eastAsia) {
  return { ascii: latin, hAnsi: latin, cs: latin, eastAsia, hint: "eastAsia" };
}

/** 三号, narrowed to 28 characters a line. */
const BODY_SIZE = { size: SUMMARY_SIZES.body, characterSpacing: SUMMARY_CHAR_SPACING };
const LANGUAGE = { value: "en-US", eastAsia: "zh-CN" };
const RUN: Record<
  "title" | "body" | "heading" | "subheading" | "table" | "tableHeader" | "pageNumber",
  IRunOptions
> = {
  title: { font: cjkFont(SUMMARY_FONTS.title), size: SUMMARY_SIZES.title, language: LANGUAGE },
  body: {
    font: cjkFont(SUMMARY_FONTS.body, SUMMARY_FONTS.latin),
    ...BODY_SIZE,
    language: LANGUAGE,
  },
  heading: { font: cjkFont(SUMMARY_FONTS.heading), ...BODY_SIZE, language: LANGUAGE },
  subheading: { font: cjkFont(SUMMARY_FONTS.subheading), ...BODY_SIZE, language: LANGUAGE },
  table: {
    font: cjkFont(SUMMARY_FONTS.body, SUMMARY_FONTS.latin),
    size: SUMMARY_SIZES.table,
    language: LANGUAGE,
  },
  tableHeader: {
    font: cjkFont(SUMMARY_FONTS.heading),
    size: SUMMARY_SIZES.table,
    language: LANGUAGE,
  },
  pageNumber: {
    font: cjkFont(SUMMARY_FONTS.pageNumber),
    size: SUMMARY_SIZES.pageNumber,
    language: LANGUAGE,
  },
};

const indentedLine: IParagraphOptions = {
  alignment: AlignmentType.JUSTIFIED,
  spacing: exact(SUMMARY_LINES.body),
  // Word reads the characters, LibreOffice the twips: two characters of 三号 either way.
  indent: { firstLine: 2 * CHAR, firstLineChars: 200 },
};

function blockParagraph(
  block: SummaryBlock,
  indents: { unit: number; date: number },
  last: boolean,
  images: ReadonlyMap<number, SummaryImage>,
): Paragraph | Paragraph[] {
  switch (block.kind) {
    case "photos":
      return photoPair(block, images);
    case "title":
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        // 标题与正文之间空一行.
        spacing: { ...exact(SUMMARY_LINES.title), after: SUMMARY_LINES.body },
        keepNext: true,
        children: block.lines.map(
          (line, i) => new TextRun({ ...RUN.title, text: line, ...(i > 0 ? { break: 1 } : {}) }),
        ),
      });
    case "heading":
      return new Paragraph({
        ...indentedLine,
        alignment: AlignmentType.LEFT,
        outlineLevel: 0,
        keepNext: true,
        children: [new TextRun({ ...RUN.heading, text: block.text })],
      });
    case "subheading":
      return new Paragraph({
        ...indentedLine,
        alignment: AlignmentType.LEFT,
        outlineLevel: 1,
        keepNext: true,
        children: [new TextRun({ ...RUN.subheading, text: block.text })],
      });
    case "body":
      return new Paragraph({
        ...indentedLine,
        // The last lines of the body go with the unit and date: no page holds only the signature.
        ...(last ? { keepNext: true, keepLines: true } : {}),
        children: [new TextRun({ ...RUN.body, text: block.text })],
      });
    case "attachmentNote":
      // 正文下空一行左空二字编排"附件"二字，后标全角冒号和名称.
      return new Paragraph({
        ...indentedLine,
        spacing: { ...exact(SUMMARY_LINES.body), before: SUMMARY_LINES.body },
        keepNext: true,
        children: [new TextRun({ ...RUN.body, text: block.text })],
      });
    case "unit":
      return new Paragraph({
        alignment: AlignmentType.RIGHT,
        spacing: { ...exact(SUMMARY_LINES.body), before: SUMMARY_LINES.body },
        indent: { right: Math.round(indents.unit * CHAR) },
        keepNext: true,
        children: [new TextRun({ ...RUN.body, text: block.text })],
      });
    case "date":
      return new Paragraph({
        alignment: AlignmentType.RIGHT,
        spacing: exact(SUMMARY_LINES.body),
        indent: { right: Math.round(indents.date * CHAR) },
        children: [new TextRun({ ...RUN.body, text: block.text })],
      });
  }
}

/** The 附表's columns: header, width in twips (summing to the text width), alignment. */
const FIGURE_COLUMNS = [
  { header: "序号", width: 720, align: AlignmentType.CENTER },
  { header: "指标", width: 1680, align: AlignmentType.LEFT },
  { header: "数值", width: 1300, align: AlignmentType.CENTER },
  {
    header: "统计口径（数据来源）",
    width: SUMMARY_TEXT_WIDTH - 720 - 1680 - 1300 - 2580,
    align: AlignmentType.LEFT,
  },
  // "截至2026年12月31日" on one line of 小四; a range breaks after its dash.
  { header: "统计期间", width: 2580, align: AlignmentType.LEFT },
] as const;

function tableCell(text: string, column: (typeof FIGURE_COLUMNS)[number], header: boolean): TableCell {
  const cellLines =
    column.header === "统计期间" ? lines(text.replace(/([—～~])(?=\d)/g, "$1\n")) : lines(text);
  return new TableCell({
    width: { size: column.width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    // A cell holds at least one paragraph (Word's rule), even for a figure without a source.
    children: (cellLines.length > 0 ? cellLines : [""]).map(
      (line) =>
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : column.align,
          spacing: exact(SUMMARY_LINES.table),
          children: line ? [new TextRun({ ...(header ? RUN.tableHeader : RUN.table), text: line })] : [],
        }),
    ),
  });
}

function figuresTable(figures: SummaryFigure[]): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: FIGURE_COLUMNS.map((column) => tableCell(column.header, column, true)),
  });
  const rows = figures.map(
    (figure, i) =>
      new TableRow({
        cantSplit: true,
        children: [String(i + 1), figure.label, figure.value, figure.source, figure.period].map((text, c) =>
          tableCell(text, FIGURE_COLUMNS[c]!, false),
        ),
      }),
  );
  return new Table({
    width: { size: SUMMARY_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: FIGURE_COLUMNS.map((column) => column.width),
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    rows: [header, ...rows],
  });
}

/** The 附表 on a page of its own: "附表" 顶格 in 黑体, its name centred like a title, the table. */
function appendix(figures: SummaryFigure[]): (Paragraph | Table)[] {
  return [
    new Paragraph({
      pageBreakBefore: true,
      spacing: exact(SUMMARY_LINES.body),
      children: [new TextRun({ ...RUN.heading, text: "附表" })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...exact(SUMMARY_LINES.title), before: SUMMARY_LINES.body, after: SUMMARY_LINES.body },
      keepNext: true,
      children: [new TextRun({ ...RUN.title, text: "数据来源" })],
    }),
    figuresTable(figures),
  ];
}

/** "— 1 —" in 四号 宋体: odd pages right, even pages left, each 空一字 from the edge (GB/T 9704 7.5). */
function pageNumberFooter(side: "odd" | "even"): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === "odd" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === "odd" ? { right: 280 } : { left: 280 },
        children: [new TextRun({ ...RUN.pageNumber, children: ["— ", PageNumber.CURRENT, " —"] })],
      }),
    ],
  });
}

/** The Word document object of a 工作总结 (for tests and benches that pack it themselves). */
/** How wide each photo of a pair prints: two side by side within the 156 mm text block. */
const PHOTO_WIDTH_PX = 250; // about 66 mm at 96 px an inch

/**
 * A problem's photos before and after 整改 side by side, with a numbered caption under them (图1 …
 * 整改前（左）、整改后（右）). Auto line spacing: an exact 28.95 pt line would clip the pictures. A
 * photo whose bytes were not given is left out; a pair with neither prints nothing.
 */
function photoPair(
  block: Extract<SummaryBlock, { kind: "photos" }>,
  images: ReadonlyMap<number, SummaryImage>,
): Paragraph[] {
  const shown = (["before", "after"] as const)
    .map((side) => ({ side, image: block.pair[side] === null ? undefined : images.get(block.pair[side]!) }))
    .filter((x): x is { side: "before" | "after"; image: SummaryImage } => x.image !== undefined);
  if (shown.length === 0) return [];
  const runs = shown.flatMap(({ image }, i) => [
    ...(i > 0 ? [new TextRun({ ...RUN.body, text: "  " })] : []),
    new ImageRun({
      type: "jpg",
      data: image.data,
      transformation: {
        width: PHOTO_WIDTH_PX,
        height: Math.round((PHOTO_WIDTH_PX * image.height) / Math.max(1, image.width)),
      },
    }),
  ]);
  const sides = shown.map(({ side }) => (side === "before" ? "整改前" : "整改后"));
  const where = shown.length === 2 ? `${sides[0]}（左）、${sides[1]}（右）` : sides[0]!;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 120, after: 60 },
      keepNext: true,
      keepLines: true,
      children: runs,
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: exact(SUMMARY_LINES.table),
      children: [new TextRun({ ...RUN.table, text: `图${block.number}  ${block.text} ${where}` })],
    }),
  ];
}

export function summaryDocxDocument(
  doc: SummaryDocument,
  images: ReadonlyMap<number, SummaryImage> = new Map(),
): Document {
  const blocks = layoutSummary(doc);
  const unit = blocks.find((b) => b.kind === "unit")?.text ?? "";
  const date = blocks.find((b) => b.kind === "date")?.text ?? "";
  const indents = signatureIndents(unit || date, date || unit);
  const lastBody = blocks.findLastIndex((b) => b.kind === "body");
  const signed = blocks.some((b) => b.kind === "unit" || b.kind === "date");
  const children: (Paragraph | Table)[] = blocks.flatMap((block, i) =>
    blockParagraph(block, indents, signed && i === lastBody, images),
  );
  if (doc.figures.length > 0) children.push(...appendix(doc.figures));
  return new Document({
    title: oneLine(doc.title),
    creator: oneLine(doc.unitName) || "创城通",
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          // Without the narrowing, which docx cannot undo for other sizes (it drops a spacing of 0).
          run: { ...RUN.body, characterSpacing: undefined },
          paragraph: { spacing: exact(SUMMARY_LINES.body), alignment: AlignmentType.JUSTIFIED },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: SUMMARY_PAGE.width, height: SUMMARY_PAGE.height },
            margin: {
              top: SUMMARY_PAGE.top,
              bottom: SUMMARY_PAGE.bottom,
              left: SUMMARY_PAGE.left,
              right: SUMMARY_PAGE.right,
              header: mmToTwip(15),
              footer: SUMMARY_PAGE.footer,
            },
          },
        },
        footers: { default: pageNumberFooter("odd"), even: pageNumberFooter("even") },
        children,
      },
    ],
  });
}

/** The 工作总结 as a .docx file. */
export async function buildSummaryDocx(
  doc: SummaryDocument,
  images: ReadonlyMap<number, SummaryImage> = new Map(),
): Promise<Buffer> {
  return Packer.toBuffer(summaryDocxDocument(doc, images));
}

export { largeSummaryDocument, sampleSummaryDocument } from "./summary-docx-sample.js";
