import { describe, expect, it } from "vitest";
import { keepAsIs, shrinkTarget, uploadErrorMessage, UPLOAD_NETWORK_MESSAGE } from "./photo-upload.js";

describe("shrinkTarget", () => {
  it("brings a phone photo's long edge down to 2048 px, keeping its shape", () => {
    expect(shrinkTarget(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(shrinkTarget(3000, 4000)).toEqual({ width: 1536, height: 2048 });
    expect(shrinkTarget(4032, 3024)).toEqual({ width: 2048, height: 1536 });
    expect(shrinkTarget(8160, 6144)).toEqual({ width: 2048, height: 1542 });
    expect(shrinkTarget(9000, 1000)).toEqual({ width: 2048, height: 228 });
  });

  it("never enlarges, and keeps at least one pixel", () => {
    expect(shrinkTarget(1280, 960)).toEqual({ width: 1280, height: 960 });
    expect(shrinkTarget(2048, 2048)).toEqual({ width: 2048, height: 2048 });
    expect(shrinkTarget(2049, 1)).toEqual({ width: 2048, height: 1 });
    expect(shrinkTarget(100_000, 10)).toEqual({ width: 2048, height: 1 });
  });

  it("takes another limit, and refuses a size that is no size", () => {
    expect(shrinkTarget(4000, 3000, 320)).toEqual({ width: 320, height: 240 });
    expect(() => shrinkTarget(0, 100)).toThrow(RangeError);
    expect(() => shrinkTarget(Number.NaN, 100)).toThrow(RangeError);
  });
});

describe("keepAsIs", () => {
  it("sends a small JPEG within 2048 px unchanged, re-encodes everything else", () => {
    expect(keepAsIs("image/jpeg", 400_000, 1600, 1200)).toBe(true);
    expect(keepAsIs("image/jpeg", 3_000_000, 1600, 1200)).toBe(false);
    expect(keepAsIs("image/jpeg", 400_000, 4000, 3000)).toBe(false);
    expect(keepAsIs("image/png", 400_000, 800, 600)).toBe(false);
  });
});

describe("uploadErrorMessage", () => {
  it("shows the server's Chinese message, else one by status", () => {
    expect(uploadErrorMessage(400, JSON.stringify({ error: "文件不是有效的图片", field: "file" }))).toBe(
      "文件不是有效的图片",
    );
    expect(uploadErrorMessage(413, "<html>413 Request Entity Too Large</html>")).toBe(
      "文件超过 10MB，请压缩后再上传",
    );
    expect(uploadErrorMessage(401, "")).toBe("登录已失效，请重新登录后再上传");
    expect(uploadErrorMessage(0, "")).toBe(UPLOAD_NETWORK_MESSAGE);
    expect(uploadErrorMessage(502, "Bad Gateway")).toBe("照片上传失败，请稍后重试");
  });
});
