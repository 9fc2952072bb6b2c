import { describe, expect, it } from "vitest";
import { isLoopbackUrl, phoneLink } from "./public-url.js";

describe("phoneLink", () => {
  it("puts the path under the public base, with or without a path prefix or trailing slash", () => {
    expect(phoneLink("https://cc.example.cn", "/checkin?t=a")).toBe("https://cc.example.cn/checkin?t=a");
    expect(phoneLink("https://example.cn/cc/", "/checkin?t=a")).toBe("https://example.cn/cc/checkin?t=a");
    expect(phoneLink("http://10.0.0.5:3000", "checkin")).toBe("http://10.0.0.5:3000/checkin");
  });
  it("is the bare path without a base", () => {
    expect(phoneLink(null, "/checkin?t=a")).toBe("/checkin?t=a");
  });
});

describe("isLoopbackUrl", () => {
  it.each([
    "http://localhost:3000/checkin",
    "http://LOCALHOST/",
    "http://app.localhost:5173/",
    "http://127.0.0.1:3000/",
    "http://127.1.2.3/",
    "http://[::1]:3000/",
    "http://[::ffff:127.0.0.1]:3000/",
    "http://0.0.0.0:3000/",
  ])("%s is this computer", (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });
  it.each([
    "http://192.168.1.20:3000/",
    "https://cc.example.cn/",
    "http://10.0.0.5/",
    "http://[fe80::1]/",
    "http://localhost.example.cn/",
    "/checkin",
    "not a url",
  ])("%s is not", (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });
});
