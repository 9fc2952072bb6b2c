import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import JSZip from "jszip";
import { archiver } from "./download-route.js";
import { nativeBuf, useNativeZipCrc } from "./zip-crc.js";

describe("zip CRC-32 by zlib", () => {
  it("keeps crc-32's answers: the check value, a signed result, a seed carried across chunks", () => {
    expect(nativeBuf(Buffer.from("123456789")) >>> 0).toBe(0xcbf43926);
    expect(nativeBuf(Buffer.from("123456789"))).toBeLessThan(0);
    const data = randomBytes(100_000);
    const chained = nativeBuf(data.subarray(40_000), nativeBuf(data.subarray(0, 40_000)));
    expect(chained).toBe(nativeBuf(data));
  });

  it("is the function archiver's crc32-stream calls", () => {
    expect(useNativeZipCrc().buf).toBe(nativeBuf);
  });

  it("writes zips whose entries pass their CRC check, stored and deflated, in many chunks", async () => {
    const photo = randomBytes(300_000);
    const text = Buffer.from("整改前后对比照片说明\n".repeat(5_000));
    const archive = archiver("zip", { zlib: { level: 6 } });
    const chunks: Buffer[] = [];
    archive.on("data", (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve, reject) => {
      archive.on("end", resolve);
      archive.on("error", reject);
    });
    // A stream of 64 KB pieces, stored as photos are; a buffer deflated, as generated files are.
    const pieces = Array.from({ length: Math.ceil(photo.length / 65_536) }, (_, i) =>
      photo.subarray(i * 65_536, (i + 1) * 65_536),
    );
    archive.append(Readable.from(pieces), { name: "photo.jpg", store: true });
    archive.append(text, { name: "说明.txt" });
    await archive.finalize();
    await done;
    const zip = await JSZip.loadAsync(Buffer.concat(chunks), { checkCRC32: true });
    expect(await zip.file("photo.jpg")!.async("nodebuffer")).toEqual(photo);
    expect(await zip.file("说明.txt")!.async("nodebuffer")).toEqual(text);
  });
});
