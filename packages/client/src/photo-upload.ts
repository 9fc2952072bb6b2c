import type { PhotoRef } from "@chuangcheng/domain";
import { MAX_EDGE, MAX_UPLOAD_BYTES, TOO_LARGE } from "@chuangcheng/domain/rules";

// Photos from a phone to the server: shrunk in the browser first (a 4000 × 3000 picture of 4–8 MB
// travels as a 2048 px JPEG well under 1 MB on 4G), then sent with progress. The server decides
// whether it is a photo and makes the stored copy (packages/domain/src/files); both apps' pickers
// (portal photo-picker.tsx, admin photo-upload.tsx) use this.

export type { PhotoRef };

/** JPEG quality of the shrunk copy: small on the wire, and the server re-encodes anyway. */
export const SHRINK_QUALITY = 0.8;
export const UPLOAD_URL = "/api/files";
export const UPLOAD_NETWORK_MESSAGE = "网络异常，照片未能上传，请重试";

/**
 * The size a picture of `width` × `height` is drawn at: the long edge at most `maxEdge`, the shape
 * kept, never enlarged, never below 1 px.
 */
export function shrinkTarget(
  width: number,
  height: number,
  maxEdge = MAX_EDGE,
): { width: number; height: number } {
  if (!(width > 0 && height > 0)) throw new RangeError(`shrinkTarget: bad size ${width} × ${height}`);
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** Whether the picture is sent as it is: already a JPEG, small on the wire and within the size. */
export function keepAsIs(
  type: string,
  bytes: number,
  width: number,
  height: number,
  maxEdge = MAX_EDGE,
): boolean {
  return type === "image/jpeg" && bytes <= 1024 * 1024 && Math.max(width, height) <= maxEdge;
}

/**
 * A copy of the picture for upload: turned upright by its EXIF orientation (createImageBitmap with
 * imageOrientation "from-image"), drawn on white at shrinkTarget and encoded as JPEG 0.8, which also
 * leaves the phone's EXIF (GPS, device) behind. What the browser cannot decode (HEIC on most
 * browsers but Safari) is sent unchanged: the server decides.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file;
  }
  try {
    if (keepAsIs(file.type, file.size, bitmap.width, bitmap.height)) return file;
    const { width, height } = shrinkTarget(bitmap.width, bitmap.height);
    if (typeof OffscreenCanvas !== "undefined") {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext("2d");
      if (!ctx) return file;
      draw(ctx, bitmap, width, height);
      return await canvas.convertToBlob({ type: "image/jpeg", quality: SHRINK_QUALITY });
    }
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    if (!ctx) return file;
    draw(ctx, bitmap, width, height);
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, "image/jpeg", SHRINK_QUALITY),
    );
    return blob ?? file;
  } finally {
    bitmap.close();
  }
}

function draw(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  bitmap: ImageBitmap,
  width: number,
  height: number,
) {
  // A transparent PNG would otherwise turn black in a JPEG.
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, width, height);
}

/** A refused or failed upload, with the message to show (the server's, in Chinese). */
export class PhotoUploadError extends Error {
  constructor(
    message: string,
    /** the HTTP status; 0 when the request never got an answer */
    readonly status: number,
  ) {
    super(message);
    this.name = "PhotoUploadError";
  }
}

/** The message for an answer of the upload route: its `error` when it sent one, else by status. */
export function uploadErrorMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string" && parsed.error !== "") return parsed.error;
  } catch {
    // not JSON (a proxy's error page): fall through
  }
  if (status === 0) return UPLOAD_NETWORK_MESSAGE;
  if (status === 401) return "登录已失效，请重新登录后再上传";
  if (status === 413) return TOO_LARGE;
  return "照片上传失败，请稍后重试";
}

export interface UploadOptions {
  /** 0–100 as the bytes leave the browser */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  /** default UPLOAD_URL; same origin, so the session cookie goes along */
  url?: string;
}

/**
 * Shrinks `file` and uploads it (multipart field `file`) with XMLHttpRequest, whose upload events give
 * the progress that fetch does not. Resolves with the stored photo's ref, whose id the form then
 * submits; rejects with a PhotoUploadError carrying the message to show.
 */
export async function uploadPhoto(file: Blob, opts: UploadOptions = {}): Promise<PhotoRef> {
  const shrunk = await shrinkPhoto(file);
  if (shrunk.size > MAX_UPLOAD_BYTES) throw new PhotoUploadError(TOO_LARGE, 413);
  const name = shrunk === file && file instanceof File ? file.name : "photo.jpg";
  const form = new FormData();
  form.append("file", shrunk, name);
  return new Promise<PhotoRef>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", opts.url ?? UPLOAD_URL);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable)
        opts.onProgress?.(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as PhotoRef);
        } catch {
          reject(new PhotoUploadError(uploadErrorMessage(xhr.status, ""), xhr.status));
        }
      } else {
        reject(new PhotoUploadError(uploadErrorMessage(xhr.status, xhr.responseText), xhr.status));
      }
    };
    xhr.onerror = () => reject(new PhotoUploadError(UPLOAD_NETWORK_MESSAGE, 0));
    xhr.onabort = () => reject(new PhotoUploadError("已取消上传", 0));
    if (opts.signal) {
      if (opts.signal.aborted) return xhr.abort();
      opts.signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}
