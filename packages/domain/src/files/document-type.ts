import { open } from "node:fs/promises";
import { ValidationError } from "../errors.js";
import { DOCUMENT_TYPES } from "./limits.js";

// What an uploaded document is, from its bytes: a PDF starts with %PDF-; a DOCX or XLSX is a zip whose
// central directory lists word/document.xml or xl/workbook.xml. The name's extension must say the
// same, so a renamed file (an .exe called 总结.pdf, a .xlsx called .docx) is refused before it is
// stored, and the download's name never lies about what opens it.

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;
/** A real DOCX or XLSX lists a few hundred entries at most; this bounds what a crafted zip makes us read. */
const MAX_CENTRAL_BYTES = 4 * 1024 * 1024;

/** The names in a zip's central directory, or null when the bytes are not a readable zip. */
function zipEntryNames(tail: Buffer, central: (offset: number, size: number) => Promise<Buffer>) {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIGNATURE) continue;
    const size = tail.readUInt32LE(i + 12);
    const offset = tail.readUInt32LE(i + 16);
    return { size, offset, read: () => central(offset, size) };
  }
  return null;
}

function namesIn(directory: Buffer): string[] {
  const names: string[] = [];
  let at = 0;
  while (at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL_SIGNATURE) {
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    names.push(directory.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The document type of the file at `path` by its content, or null when it is none of those taken. */
export async function sniffDocument(path: string): Promise<DocumentType | null> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(8, size));
    await handle.read(head, 0, head.length, 0);
    if (head.toString("latin1", 0, 5) === "%PDF-") return DOCUMENT_TYPES[0];
    if (head.readUInt32LE(0) !== 0x04034b50 || size < 22) return null;
    const tailLength = Math.min(size, EOCD_SEARCH);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    const end = zipEntryNames(tail, async (offset, length) => {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, offset);
      return buffer;
    });
    if (!end || end.size > MAX_CENTRAL_BYTES || end.offset + end.size > size) return null;
    const names = new Set(namesIn(await end.read()));
    if (names.has("word/document.xml")) return DOCUMENT_TYPES[1];
    if (names.has("xl/workbook.xml")) return DOCUMENT_TYPES[2];
    return null;
  } finally {
    await handle.close();
  }
}

const extensionOf = (name: string) => /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? "";

/**
 * The type of an upload named `name`, checked against its content; refuses on `field` with a message
 * that says what is wrong: a kind not taken (old .doc/.xls, images: photos have their own upload), or
 * content that is not what the name says.
 */
export async function checkDocument(path: string, name: string, field = "file"): Promise<DocumentType> {
  const ext = extensionOf(name);
  const named = DOCUMENT_TYPES.find((t) => t.ext === ext);
  const accepted = DOCUMENT_TYPES.map((t) => `.${t.ext}`).join("、");
  if (!named) {
    const hint =
      ext === "doc" || ext === "xls"
        ? `旧版 .${ext} 请在 Office 或 WPS 中另存为 .${ext}x 后再上传`
        : `只能上传 ${accepted} 文件（照片请用上传照片）`;
    throw new ValidationError(field, `「${name}」${hint}`);
  }
  const actual = await sniffDocument(path);
  if (actual?.ext !== named.ext) {
    throw new ValidationError(
      field,
      actual
        ? `「${name}」的内容是${actual.label}，与扩展名 .${ext} 不符，请改正文件名后再上传`
        : `「${name}」不是有效的${named.label}（文件内容与扩展名不符或已损坏）`,
    );
  }
  return named;
}

/** A name safe to store and send back: no folders, no control characters, at most 100 characters. */
export function cleanDocumentName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (clean.length <= 100) return clean;
  const ext = extensionOf(clean);
  return `${clean.slice(0, 99 - ext.length)}.${ext}`;
}
