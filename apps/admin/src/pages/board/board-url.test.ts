import { describe, expect, it } from "vitest";
import { readBoardView, tabOrder, writeBoardView } from "./board-url";

describe("the 黑白榜 list's address", () => {
  it("opens admins on 待审核 and grid workers on 全部, 待审核 first in an admin's tabs", () => {
    expect(readBoardView(new URLSearchParams(), true).tab).toBe("pending");
    expect(readBoardView(new URLSearchParams(), false).tab).toBe("all");
    expect(tabOrder(true).slice(0, 2)).toEqual(["pending", "all"]);
    expect(tabOrder(false)[0]).toBe("all");
    expect(new Set(tabOrder(true))).toEqual(new Set(tabOrder(false)));
  });

  it("keeps the tab, 榜别, 社区 and page, and writes only what differs from the defaults", () => {
    const view = readBoardView(new URLSearchParams("state=all&kind=black&community=3&page=2&size=50"), true);
    expect(view).toEqual({ tab: "all", kind: "black", communityId: 3, page: 2, pageSize: 50 });
    expect(writeBoardView(view, true).toString()).toBe("state=all&community=3&kind=black&page=2&size=50");
    expect(
      writeBoardView(
        { ...view, tab: "pending", kind: undefined, communityId: undefined, page: 1, pageSize: 20 },
        true,
      ).toString(),
    ).toBe("");
    expect(writeBoardView({ tab: "all", page: 1, pageSize: 20 }, false).toString()).toBe("");
  });

  it("reads what is not valid as nothing", () => {
    const view = readBoardView(new URLSearchParams("state=gone&kind=grey&community=-1&page=0&size=7"), false);
    expect(view).toEqual({ tab: "all", kind: undefined, communityId: undefined, page: 1, pageSize: 20 });
  });
});
