import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { CertificateDocument } from "./certificate-service.js";
import { certificateFont, type ParsedFont } from "./certificate-fonts.js";
import { chineseDate } from "./certificate-rules.js";

// The 志愿服务证明 as an A4 PDF for printing: the Chinese font embedded (its used glyphs only), the
// activity list as a table that runs on to further pages, the QR code of the verify page at the end.

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 64;
const CONTENT = A4.width - MARGIN * 2;

/** The sentence the certificate states, shared by the PDF and the Word file. */
export function certificateStatement(c: CertificateDocument): string {
  const registered = c.registeredOn ? `，于${chineseDate(c.registeredOn)}注册` : "";
  return (
    `兹证明${c.name}（身份证号：${c.idNumber}）为${c.communityName}志愿者${registered}。` +
    `${chineseDate(c.periodStart)}至${chineseDate(c.periodEnd)}期间，参加志愿服务活动${c.activities.length}次，` +
    `经活动组织方确认的志愿服务时长累计 ${c.hours} 小时；当前星级：${c.star}。`
  );
}

export const VERIFY_NOTE = "扫描二维码或访问下方网址，可核验本证明的真伪";

/** The QR code of the verify page as PNG bytes. */
export function verifyQrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: "png", margin: 1, width: 240, errorCorrectionLevel: "M" });
}

/** Builds the PDF. `font` defaults to the shared Chinese font (certificate-fonts.ts). */
export async function certificatePdf(
  c: CertificateDocument,
  font: ParsedFont = certificateFont(),
): Promise<Buffer> {
  const qr = await verifyQrPng(c.verifyUrl);
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: "志愿服务证明", Author: c.issuer, Subject: `验证码 ${c.code}` },
    pdfVersion: "1.7",
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  doc.font(font);

  // No bold face is loaded (a second 20 MB font): the title is drawn with a thin outline instead.
  doc
    .fontSize(26)
    .lineWidth(0.6)
    .text("志愿服务证明", { align: "center", characterSpacing: 8, fill: true, stroke: true });
  doc.lineWidth(1);
  doc.moveDown(1.2);
  doc.fontSize(13).text(certificateStatement(c), { indent: 26, lineGap: 8, align: "justify" });
  doc.moveDown(0.8);
  doc.fontSize(12).text("志愿服务记录：", { lineGap: 4 });
  doc.moveDown(0.3);

  // The table: 序号 | 日期 | 活动名称 | 时长（小时）
  const cols = [
    { label: "序号", width: 44, align: "center" as const },
    { label: "日期", width: 96, align: "center" as const },
    { label: "活动名称", width: CONTENT - 44 - 96 - 84, align: "left" as const },
    { label: "时长（小时）", width: 84, align: "center" as const },
  ];
  const row = (cells: string[], bold: boolean): void => {
    doc.fontSize(10.5);
    const height =
      Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: cols[i]!.width - 10 }))) + 10;
    if (doc.y + height > A4.height - MARGIN) {
      doc.addPage();
      // The table goes on under its header row again.
      if (!bold)
        row(
          cols.map((c) => c.label),
          true,
        );
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((text, i) => {
      const col = cols[i]!;
      if (bold) doc.save().rect(x, top, col.width, height).fill("#f2f2f2").restore();
      doc.rect(x, top, col.width, height).lineWidth(0.6).stroke("#444444");
      doc.fillColor("#000000").text(text, x + 5, top + 5, { width: col.width - 10, align: col.align });
      x += col.width;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  row(
    cols.map((c) => c.label),
    true,
  );
  c.activities.forEach((a, i) => row([String(i + 1), a.date, a.title, String(a.hours)], false));
  row(["", "合计", `${c.activities.length} 次`, String(c.hours)], false);

  doc.moveDown(1);
  doc.fontSize(13).text("特此证明。", MARGIN, doc.y, { indent: 26 });

  // The issuer and the date, on the right; then the QR code and the code: kept together on one page.
  const blockHeight = 80 + 150;
  if (doc.y + blockHeight > A4.height - MARGIN) doc.addPage();
  doc.moveDown(1.5);
  doc.fontSize(13).text(`${c.issuer}（盖章）`, MARGIN, doc.y, { width: CONTENT - 20, align: "right" });
  doc.moveDown(0.4);
  doc.text(chineseDate(c.issuedOn), { width: CONTENT - 20, align: "right" });
  doc.moveDown(1.5);
  const qrTop = doc.y;
  doc.image(qr, MARGIN, qrTop, { width: 110, height: 110 });
  const textX = MARGIN + 126;
  doc.fontSize(11).text(`验证码：${c.code}`, textX, qrTop + 14, { width: CONTENT - 126 });
  doc.moveDown(0.5);
  doc.fontSize(10).text(VERIFY_NOTE, textX, doc.y, { width: CONTENT - 126 });
  doc.moveDown(0.3);
  doc
    .fontSize(9)
    .fillColor("#333333")
    .text(c.verifyUrl, textX, doc.y, { width: CONTENT - 126, link: c.verifyUrl });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
