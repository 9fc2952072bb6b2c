import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from "docx";
import type { CertificateDocument } from "./certificate-service.js";
import { certificateStatement, VERIFY_NOTE, verifyQrPng } from "./certificate-pdf.js";
import { chineseDate } from "./certificate-rules.js";

// The 志愿服务证明 as a Word file (for an office that wants to add to it): A4, the Chinese text in 宋体
// (eastAsia set on every run and in the document defaults, so Word and WPS do not fall back to a
// Western font), the same statement, table and QR code as the PDF.

const FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体", cs: "Times New Roman" };
const HEI = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体", cs: "Times New Roman" };
/** 1 mm in twips. */
const MM = 56.7;
/** 小四 = 12 pt, 四号 = 14 pt, 二号 = 22 pt (sizes in half-points). */
const SIZE = { body: 28, table: 24, title: 44, small: 21 };

const run = (text: string, opts: Omit<IRunOptions, "text"> = {}) =>
  new TextRun({ text, font: FONT, ...opts });

function cell(
  text: string,
  width: number,
  header = false,
  align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER,
) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: header ? { fill: "F2F2F2" } : undefined,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: [
      new Paragraph({ alignment: align, children: [run(text, { size: SIZE.table, bold: header })] }),
    ],
  });
}

export async function certificateDocx(c: CertificateDocument): Promise<Buffer> {
  const qr = await verifyQrPng(c.verifyUrl);
  const widths = [800, 1700, 4500, 1900];
  const border = { style: BorderStyle.SINGLE, size: 4, color: "444444" };
  const table = new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        children: ["序号", "日期", "活动名称", "时长（小时）"].map((t, i) => cell(t, widths[i]!, true)),
      }),
      ...c.activities.map(
        (a, i) =>
          new TableRow({
            cantSplit: true,
            children: [
              cell(String(i + 1), widths[0]!),
              cell(a.date, widths[1]!),
              cell(a.title, widths[2]!, false, AlignmentType.LEFT),
              cell(String(a.hours), widths[3]!),
            ],
          }),
      ),
      new TableRow({
        children: [
          cell("", widths[0]!),
          cell("合计", widths[1]!),
          cell(`${c.activities.length} 次`, widths[2]!, false, AlignmentType.LEFT),
          cell(String(c.hours), widths[3]!),
        ],
      }),
    ],
  });
  const doc = new Document({
    title: "志愿服务证明",
    creator: c.issuer,
    styles: {
      default: { document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { line: 360 } } } },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(30 * MM),
              bottom: Math.round(25 * MM),
              left: Math.round(25 * MM),
              right: Math.round(25 * MM),
            },
          },
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [
              new TextRun({ text: "志愿服务证明", font: HEI, size: SIZE.title, characterSpacing: 120 }),
            ],
          }),
          new Paragraph({
            indent: { firstLine: 2 * 280 },
            alignment: AlignmentType.BOTH,
            spacing: { after: 200 },
            children: [run(certificateStatement(c))],
          }),
          new Paragraph({ spacing: { after: 120 }, children: [run("志愿服务记录：", { size: SIZE.table })] }),
          table,
          new Paragraph({
            indent: { firstLine: 2 * 280 },
            spacing: { before: 300, after: 400 },
            children: [run("特此证明。")],
          }),
          new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(`${c.issuer}（盖章）`)] }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { after: 400 },
            children: [run(chineseDate(c.issuedOn))],
          }),
          new Paragraph({
            keepNext: true,
            // Single line spacing: the document's 1.5 lines would cut the picture to one line's height.
            spacing: { line: 240, lineRule: LineRuleType.AUTO },
            children: [
              new ImageRun({
                type: "png",
                data: qr,
                transformation: { width: 110, height: 110 },
                altText: { name: "核验二维码", description: c.verifyUrl, title: "核验二维码" },
              }),
            ],
          }),
          new Paragraph({ keepNext: true, children: [run(`验证码：${c.code}`, { size: SIZE.table })] }),
          new Paragraph({ keepNext: true, children: [run(VERIFY_NOTE, { size: SIZE.small })] }),
          new Paragraph({ children: [run(c.verifyUrl, { size: SIZE.small })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
