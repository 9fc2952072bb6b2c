import { describe, expect, it } from "vitest";
import { matchesRoute, pageTitle } from "./page-title.js";

const ROUTES = [
  { path: "/", title: "首页" },
  { path: "/activities", title: "活动" },
  { path: "/activities/mine", title: "我的活动" },
  { path: "/activities/:id", title: "活动详情" },
];

describe("pageTitle", () => {
  it("names each page from the route table, the first match winning", () => {
    expect(pageTitle(ROUTES, "/", "创城通", "页面不存在")).toBe("首页 - 创城通");
    expect(pageTitle(ROUTES, "/activities", "创城通", "页面不存在")).toBe("活动 - 创城通");
    expect(pageTitle(ROUTES, "/activities/", "创城通", "页面不存在")).toBe("活动 - 创城通");
    expect(pageTitle(ROUTES, "/activities/mine", "创城通", "页面不存在")).toBe("我的活动 - 创城通");
    expect(pageTitle(ROUTES, "/activities/12", "创城通", "页面不存在")).toBe("活动详情 - 创城通");
  });
  it("falls back for a path of no route", () => {
    expect(pageTitle(ROUTES, "/activities/12/edit", "创城通管理后台", "页面不存在")).toBe(
      "页面不存在 - 创城通管理后台",
    );
    expect(pageTitle([], "/", "创城通", "修改临时密码")).toBe("修改临时密码 - 创城通");
  });
  it("matches a parameter to exactly one segment", () => {
    expect(matchesRoute("/activities/:id", "/activities")).toBe(false);
    expect(matchesRoute("/activities/:id", "/activities/3")).toBe(true);
    expect(matchesRoute("/volunteers", "/volunteers/review")).toBe(false);
  });
});
