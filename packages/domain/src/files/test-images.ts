import { openSync, readSync, closeSync } from "node:fs";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

// Images for tests and the bench, made on the spot: a phone photo with EXIF (orientation, GPS,
// device), a pixel bomb, damaged and disguised files. Exported through @chuangcheng/domain/testing.

/** Bytes of the EXIF GPS IFD pointer tag (0x8825), little-endian as libvips writes it. */
export const EXIF_GPS_TAG = Buffer.from([0x25, 0x88]);
export const TEST_DEVICE = "TestPhone-X1";

/**
 * A JPEG as a phone stores it: pixels landscape (left half red, right half blue) and EXIF saying to
 * turn it (orientation 6: 90° clockwise, so red ends up on top), where it was taken (GPS) and with
 * which phone. `noise` makes it large and realistic to encode (a 4000 × 3000 photo at quality 92 is
 * several MB).
 */
export async function phoneJpeg(
  opts: { width?: number; height?: number; orientation?: number; noise?: boolean; quality?: number } = {},
): Promise<Buffer> {
  const width = opts.width ?? 400;
  const height = opts.height ?? 200;
  const half = Math.max(1, Math.floor(width / 2));
  const base = opts.noise
    ? sharp({
        create: {
          width,
          height,
          channels: 3,
          background: { r: 0, g: 0, b: 0 },
          noise: { type: "gaussian", mean: 128, sigma: 60 },
        },
      })
    : sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } });
  const red = await sharp({
    create: { width: half, height, channels: 3, background: { r: 255, g: 0, b: 0 } },
  })
    .png()
    .toBuffer();
  // Composited before the EXIF is written: composite would otherwise drop it.
  const pixels = await base
    .composite([{ input: red, left: 0, top: 0, ...(opts.noise ? { blend: "multiply" as const } : {}) }])
    .png({ compressionLevel: 1 })
    .toBuffer();
  return sharp(pixels)
    .withExif({
      IFD0: { Make: "TestPhone", Model: TEST_DEVICE },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "39/1 54/1 27/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "116/1 23/1 50/1",
      },
    })
    .withMetadata({ orientation: opts.orientation ?? 6 })
    .jpeg({ quality: opts.quality ?? 90 })
    .toBuffer();
}

/** A plain PNG of one colour. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [30, 160, 60]) {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A pixel bomb: a valid PNG of `width` × `height` black pixels (1 bit, grey) whose zeros compress to
 * almost nothing, so a file of about 100 KB would decode to gigabytes. Built by hand: encoding it with
 * sharp would take that memory.
 */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte + packed bits
  const idat = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The first `fraction` of the bytes: a photo whose upload broke off. */
export function truncated(bytes: Buffer, fraction = 0.6): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

/** The start of a real program (the node binary itself): what a "photo.jpg" that is an executable holds. */
export function executableBytes(length = 64 * 1024): Buffer {
  const fd = openSync(process.execPath, "r");
  try {
    const buf = Buffer.alloc(length);
    const read = readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Pixel colour at (x, y) of an encoded image, as [r, g, b]. */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const px = await sharp(image)
    .extract({ left: x, top: y, width: 1, height: 1 })
    .removeAlpha()
    .raw()
    .toBuffer();
  return [px[0]!, px[1]!, px[2]!];
}

/** The bench's baseline: the same file only resized to `edge` and re-encoded, none of our steps. */
export function bareResize(image: Buffer, edge: number): Promise<Buffer> {
  return sharp(image).resize({ width: edge, height: edge, fit: "inside" }).jpeg().toBuffer();
}
