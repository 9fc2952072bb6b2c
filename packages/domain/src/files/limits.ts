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
