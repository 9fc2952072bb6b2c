// The photo limits both the server and the browsers apply (the browser shrinks and checks before it
// uploads; the server decides). Browser-safe: re-exported by @chuangcheng/domain/rules.

/** Largest upload accepted, in bytes (the server answers 413 beyond it). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Long edge of the stored image, in pixels; the browser shrinks to it before uploading too. */
export const MAX_EDGE = 2048;
/** Long edge of the thumbnail, in pixels. */
export const THUMB_EDGE = 320;
/** Photos one item (a problem, a step of it, a 黑白榜 entry) may carry. */
export const MAX_PHOTOS_PER_ITEM = 9;
/** What the server says about a file over MAX_UPLOAD_BYTES, and the browser before sending one. */
export const TOO_LARGE = `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024}MB，请压缩后再上传`;

/** Documents (a 实施方案, a 总结): the kinds taken, each checked by its content, not only its name. */
export const DOCUMENT_TYPES = [
  { ext: "pdf", mime: "application/pdf", label: "PDF" },
  {
    ext: "docx",
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word 文档",
  },
  {
    ext: "xlsx",
    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    label: "Excel 表格",
  },
] as const;
export type DocumentMime = (typeof DOCUMENT_TYPES)[number]["mime"];
/** Largest document accepted, in bytes. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const DOCUMENT_TOO_LARGE = `文件超过 ${MAX_DOCUMENT_BYTES / 1024 / 1024}MB，请压缩或拆分后再上传`;
/** What an <input accept> takes. */
export const DOCUMENT_ACCEPT = DOCUMENT_TYPES.map((t) => `.${t.ext}`).join(",");
