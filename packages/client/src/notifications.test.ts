import { describe, expect, it } from "vitest";
import { bellBadge, bellLabel } from "./notifications.js";

describe("the bell", () => {
  it("says how many notices are unread, in Chinese", () => {
    expect(bellLabel(3)).toBe("消息通知，3条未读");
    expect(bellLabel(0)).toBe("消息通知，没有未读消息");
  });

  it("shows no number at 0 and 99+ past 99", () => {
    expect(bellBadge(0)).toBeNull();
    expect(bellBadge(1)).toBe("1");
    expect(bellBadge(99)).toBe("99");
    expect(bellBadge(100)).toBe("99+");
  });
});
