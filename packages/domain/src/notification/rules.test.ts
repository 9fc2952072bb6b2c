import { describe, expect, it } from "vitest";
import { NOTIFICATION_KINDS, NOTIFICATION_KIND_LABELS, clip, isInAppLink, linkTarget } from "./rules.js";

describe("isInAppLink", () => {
  it("takes paths on this site only", () => {
    for (const ok of ["/", "/volunteer", "/problems/12?tab=photos", "/admin/problems/12"])
      expect(isInAppLink(ok)).toBe(true);
    for (const bad of [
      "",
      "volunteer",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "/a b",
      `/${"x".repeat(300)}`,
    ]) {
      expect(isInAppLink(bad), bad).toBe(false);
    }
  });
});

describe("linkTarget", () => {
  it("opens the app's own paths in place and the other app's by a page load", () => {
    expect(linkTarget("/volunteer", "portal")).toEqual({ inApp: "/volunteer" });
    expect(linkTarget("/admin/volunteers/review", "portal")).toEqual({ href: "/admin/volunteers/review" });
    expect(linkTarget("/admin/volunteers/review", "console")).toEqual({ inApp: "/volunteers/review" });
    expect(linkTarget("/admin", "console")).toEqual({ inApp: "/" });
    expect(linkTarget("/volunteer", "console")).toEqual({ href: "/volunteer" });
    // "/administration" is a portal path, not the console.
    expect(linkTarget("/administration", "console")).toEqual({ href: "/administration" });
  });
});

describe("clip", () => {
  it("cuts by characters, emoji counting once, with an ellipsis", () => {
    expect(clip("  志愿者注册已通过  ", 40)).toBe("志愿者注册已通过");
    expect(clip("一二三四五", 5)).toBe("一二三四五");
    expect(clip("一二三四五六", 5)).toBe("一二三四…");
    expect(clip("😀😀😀😀😀😀", 3)).toBe("😀😀…");
  });
});

it("labels every kind in Chinese", () => {
  for (const kind of NOTIFICATION_KINDS) expect(NOTIFICATION_KIND_LABELS[kind]).toMatch(/\p{Script=Han}/u);
});
