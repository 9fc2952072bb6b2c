import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import {
  DAMAGED_IMAGE,
  EMPTY_FILE,
  MAX_UPLOAD_BYTES,
  NOT_AN_IMAGE,
  processPhoto,
  TOO_LARGE,
  TOO_MANY_PIXELS,
} from "./image-processing.js";
import {
  EXIF_GPS_TAG,
  executableBytes,
  phoneJpeg,
  pixelAt,
  pngBomb,
  solidPng,
  TEST_DEVICE,
  truncated,
} from "./test-images.js";

const dir = mkdtempSync(join(tmpdir(), "cc-photo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusalOf(input: string | Buffer): Promise<ValidationError> {
  try {
    await processPhoto(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected processPhoto to refuse the input");
}

describe("processPhoto", () => {
  it("turns a phone photo upright by its EXIF orientation and drops every metadata block (GPS, device)", async () => {
    const input = await phoneJpeg({ width: 400, height: 200, orientation: 6 });
    const before = await sharp(input).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif?.includes(EXIF_GPS_TAG)).toBe(true);
    expect(input.includes(Buffer.from(TEST_DEVICE))).toBe(true);

    const { image, thumb, mime } = await processPhoto(input);
    expect(mime).toBe("image/jpeg");
    expect([image.width, image.height]).toEqual([200, 400]);
    // Orientation 6 turns the picture 90° clockwise: its left half (red) is now on top.
    const [top, bottom] = [await pixelAt(image.data, 100, 50), await pixelAt(image.data, 100, 350)];
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(50);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(50);

    for (const out of [image.data, thumb.data]) {
      const meta = await sharp(out).metadata();
      expect(meta.format).toBe("jpeg");
      expect(meta.orientation).toBeUndefined();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(out.includes(Buffer.from("Exif\0\0"))).toBe(false);
      expect(out.includes(Buffer.from(TEST_DEVICE))).toBe(false);
    }
  });

  it("shrinks the long edge to 2048 px with a thumbnail of 320 px, keeping the shape, and never enlarges", async () => {
    const big = await processPhoto(await solidPng(3000, 1000));
    expect([big.image.width, big.image.height]).toEqual([2048, 683]);
    expect([big.thumb.width, big.thumb.height]).toEqual([320, 106]);
    const small = await processPhoto(await solidPng(300, 500));
    expect([small.image.width, small.image.height]).toEqual([300, 500]);
    expect([small.thumb.width, small.thumb.height]).toEqual([192, 320]);
  });

  it("reads the upload from a file path as well as from bytes", async () => {
    const path = join(dir, "photo.upload");
    writeFileSync(path, await phoneJpeg({ width: 640, height: 480, orientation: 1 }));
    const { image } = await processPhoto(path);
    expect([image.width, image.height]).toEqual([640, 480]);
  });

  it("puts a transparent PNG on white", async () => {
    const clear = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const { image } = await processPhoto(clear);
    expect(await pixelAt(image.data, 25, 25)).toEqual([255, 255, 255]);
  });

  it("refuses a pixel bomb (30000 × 30000 PNG of about 100 KB) from its header", async () => {
    const bomb = pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(MAX_UPLOAD_BYTES);
    const error = await refusalOf(bomb);
    expect(error.field).toBe("file");
    expect(error.message).toBe(TOO_MANY_PIXELS);
  });

  it("refuses a truncated JPEG (an upload that broke off)", async () => {
    const whole = await phoneJpeg({ width: 800, height: 600, noise: true, orientation: 1 });
    expect((await processPhoto(whole)).image.width).toBe(800);
    const error = await refusalOf(truncated(whole, 0.6));
    expect(error.message).toBe(DAMAGED_IMAGE);
  });

  it("refuses an empty file, as bytes and as a path", async () => {
    expect((await refusalOf(Buffer.alloc(0))).message).toBe(EMPTY_FILE);
    const path = join(dir, "empty.jpg");
    writeFileSync(path, "");
    expect((await refusalOf(path)).message).toBe(EMPTY_FILE);
  });

  it("refuses what is not an image whatever its name: text, a program, SVG, PDF", async () => {
    const textAsJpg = join(dir, "notes.jpg");
    writeFileSync(textAsJpg, "这不是图片，只是一段文字。\n".repeat(50));
    expect((await refusalOf(textAsJpg)).message).toBe(NOT_AN_IMAGE);
    const programAsJpg = join(dir, "setup.jpg");
    writeFileSync(programAsJpg, executableBytes());
    expect((await refusalOf(programAsJpg)).message).toBe(NOT_AN_IMAGE);
    // SVG is an image to a browser but a document (scripts, external references) to us.
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/></svg>`,
    );
    expect((await refusalOf(svg)).message).toBe(NOT_AN_IMAGE);
    expect((await refusalOf(Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"))).message).toBe(
      NOT_AN_IMAGE,
    );
  });

  it("refuses more than 10 MB even when handed the bytes directly", async () => {
    const error = await refusalOf(Buffer.alloc(MAX_UPLOAD_BYTES + 1, 1));
    expect(error.message).toBe(TOO_LARGE);
  });
});
