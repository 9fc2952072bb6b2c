import { existsSync, readFileSync } from "node:fs";
import PDFDocument from "pdfkit";

// The Chinese font of the certificate PDF: Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk;
// .ci/run installs it). Serif (宋体-like) for a document people print, Sans when only that is there.
// Parsing the 20 MB collection takes fontkit 200–350 ms, so it is parsed once per process and the
// parsed font is handed to every document (pdfkit embeds only the glyphs each document uses).

const CANDIDATES = [
  {
    path: "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    postscriptName: "NotoSerifCJKsc-Regular",
  },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", postscriptName: "NotoSansCJKsc-Regular" },
] as const;

/** What the server says at start, and the download answers, when no Chinese font is installed. */
export const MISSING_FONT_MESSAGE =
  "缺少中文字体，无法生成志愿服务证明 PDF：请安装 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk），" +
  `需要 ${CANDIDATES[0].path} 或 ${CANDIDATES[1].path}`;

export class MissingFontError extends Error {
  constructor() {
    super(MISSING_FONT_MESSAGE);
    // Kept when the error crosses from a worker thread (only name and message do).
    this.name = "MissingFontError";
  }
}

/** The font file found, or null: for the check at server start (cheap, reads nothing). */
export function certificateFontFile(): { path: string; postscriptName: string } | null {
  return CANDIDATES.find((c) => existsSync(c.path)) ?? null;
}

/** A font as pdfkit takes it in `doc.font(…)`: a parsed fontkit font (pdfkit 0.20 accepts one as is). */
export type ParsedFont = Parameters<PDFKit.PDFDocument["font"]>[0];

let cached: ParsedFont | null = null;

/** The parsed Chinese font, read and parsed on first use, then shared. Throws MissingFontError. */
export function certificateFont(): ParsedFont {
  cached ??= parseCertificateFont();
  return cached;
}

/** Reads and parses the font file afresh (what every document would pay without the cache; the bench's baseline). */
export function parseCertificateFont(): ParsedFont {
  const file = certificateFontFile();
  if (!file) throw new MissingFontError();
  // pdfkit parses a font with fontkit when a document first selects it; the parsed font is kept from
  // that one throwaway document (no direct dependency on fontkit, whose version pdfkit chooses).
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.font(readFileSync(file.path), file.postscriptName);
  return (probe as unknown as { _font: { font: ParsedFont } })._font.font;
}
