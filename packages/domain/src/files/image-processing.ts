import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import sharp from "sharp";
import { ValidationError } from "../errors.js";
import { MAX_EDGE, MAX_UPLOAD_BYTES, THUMB_EDGE, TOO_LARGE } from "./limits.js";

export { MAX_EDGE, MAX_UPLOAD_BYTES, THUMB_EDGE, TOO_LARGE };

/**
 * Pixels a source may have: a 50-megapixel phone (8160 × 6144) passes, a pixel bomb (a small PNG
 * claiming 30000 × 30000, which would take gigabytes to decode) is refused from its header.
 */
export const MAX_INPUT_PIXELS = 64_000_000;
const JPEG_QUALITY = 82;
const THUMB_QUALITY = 75;

/** Formats decoded from their content; anything else (SVG, PDF, a renamed program) is refused. */
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(["jpeg", "png", "webp", "gif", "heif", "avif", "tiff"]);

export const NOT_AN_IMAGE = "文件不是有效的图片，请上传 JPG、PNG 或 WebP 照片";
export const TOO_MANY_PIXELS = "图片尺寸过大（最多约 6400 万像素），请缩小后再上传";
export const DAMAGED_IMAGE = "图片已损坏或不完整，请重新拍摄或选择";
export const EMPTY_FILE = "文件是空的，请重新选择照片";

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface ProcessedPhoto {
  image: EncodedImage;
  thumb: EncodedImage;
  mime: "image/jpeg";
}

// libvips runs on its own threads; each decode of a phone photo holds tens of megabytes (turning it
// upright needs the whole picture). Uploads arriving together wait here instead of decoding at once,
// so memory stays bounded: two at a time keep two cores busy.
const MAX_CONCURRENT = Math.max(1, Math.min(2, availableParallelism()));
// libvips caches recent operations for reuse; every upload is a new picture, so that is memory for nothing.
sharp.cache(false);
let running = 0;
const waiting: Array<() => void> = [];

async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/**
 * Decides from the content alone whether `input` (a file path or bytes) is a photo, and makes what
 * is stored: upright by its EXIF orientation, every metadata block (EXIF with GPS and device, XMP,
 * ICC after conversion to sRGB) dropped, JPEG with the long edge at most 2048 px, and a thumbnail of
 * about 320 px. Refuses with a ValidationError on `field` (Chinese, for the user) and stores nothing.
 */
export function processPhoto(input: string | Buffer, field = "file"): Promise<ProcessedPhoto> {
  return inSlot(async () => {
    const bytes = Buffer.isBuffer(input) ? input.length : (await stat(input)).size;
    if (bytes === 0) throw new ValidationError(field, EMPTY_FILE);
    if (bytes > MAX_UPLOAD_BYTES) throw new ValidationError(field, TOO_LARGE);
    const open = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "truncated", pages: 1 });

    let format: string | undefined;
    let width = 0;
    let height = 0;
    let hasAlpha = false;
    try {
      ({ format, width = 0, height = 0, hasAlpha = false } = await open().metadata());
    } catch (error) {
      throw refusal(error, field);
    }
    if (!format || !ACCEPTED_FORMATS.has(format) || width <= 0 || height <= 0)
      throw new ValidationError(field, NOT_AN_IMAGE);
    if (width * height > MAX_INPUT_PIXELS) throw new ValidationError(field, TOO_MANY_PIXELS);

    let image: EncodedImage;
    try {
      // rotate() without an angle applies the EXIF orientation; sharp writes no metadata unless asked
      // (keepMetadata/withMetadata), so the output carries no EXIF, GPS, XMP or ICC block.
      // A transparent PNG goes on white, as JPEG has no transparency. Baseline (not progressive) JPEG:
      // progressive encoding holds the whole picture's coefficients in memory.
      const upright = open().rotate();
      const { data, info } = await (hasAlpha ? upright.flatten({ background: "#ffffff" }) : upright)
        .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: JPEG_QUALITY })
        .toBuffer({ resolveWithObject: true });
      image = { data, width: info.width, height: info.height };
    } catch (error) {
      throw refusal(error, field);
    }
    // The thumbnail from the re-encoded image: a second decode of 2048 px instead of the original.
    const thumbOut = await sharp(image.data)
      .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: THUMB_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return {
      image,
      thumb: { data: thumbOut.data, width: thumbOut.info.width, height: thumbOut.info.height },
      mime: "image/jpeg",
    };
  });
}

/** What a failure of libvips means to the user; sharp's messages are English and technical. */
function refusal(error: unknown, field: string): ValidationError {
  if (error instanceof ValidationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new ValidationError(field, TOO_MANY_PIXELS);
  if (/premature end|truncated|corrupt|damaged|read error|invalid (huffman|stored block)/i.test(message))
    return new ValidationError(field, DAMAGED_IMAGE);
  return new ValidationError(field, NOT_AN_IMAGE);
}
