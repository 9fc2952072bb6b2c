import { describe, expect, it } from "vitest";
import { readProblemsView, tabOf, withTab, writeProblemsView } from "./problems-url";

describe("the problem list's address", () => {
  it("round-trips every filter and the page", () => {
    const view = {
      filters: {
        communityId: 3,
        state: "rectifying" as const,
        category: "exposed_garbage" as const,
        gridId: 4,
        courtyardId: 5,
        source: "snapshot" as const,
        overdue: true,
        from: "2026-11-01",
        to: "2026-11-30",
      },
      page: 3,
      pageSize: 50,
    };
    const params = writeProblemsView(view);
    expect(params.toString()).toBe(
      "community=3&state=rectifying&category=exposed_garbage&grid=4&courtyard=5&source=snapshot&overdue=1&from=2026-11-01&to=2026-11-30&page=3&size=50",
    );
    expect(readProblemsView(params)).toEqual(view);
  });

  it("ignores what is not valid: unknown states, bad dates, a range the wrong way round, odd sizes", () => {
    const view = readProblemsView(
      new URLSearchParams("state=done&category=x&grid=-1&from=2026-02-30&to=2026-03-01&size=7&page=0"),
    );
    expect(view.filters).toEqual({
      communityId: undefined,
      state: undefined,
      category: undefined,
      gridId: undefined,
      courtyardId: undefined,
      source: undefined,
      overdue: undefined,
      from: undefined,
      to: "2026-03-01",
    });
    expect(view.page).toBe(1);
    expect(view.pageSize).toBe(20);
    const reversed = readProblemsView(new URLSearchParams("from=2026-03-02&to=2026-03-01"));
    expect([reversed.filters.from, reversed.filters.to]).toEqual([undefined, undefined]);
    expect(writeProblemsView(readProblemsView(new URLSearchParams())).toString()).toBe("");
  });

  it("maps tabs to filters and back", () => {
    expect(tabOf({})).toBe("all");
    expect(tabOf({ overdue: true })).toBe("overdue");
    expect(tabOf({ state: "pending", overdue: true })).toBe("pending");
    expect(withTab({ state: "closed", category: "other" }, "overdue")).toEqual({
      state: undefined,
      overdue: true,
      category: "other",
    });
    expect(withTab({ overdue: true }, "reviewing")).toEqual({ state: "reviewing", overdue: undefined });
    expect(withTab({ state: "reviewing" }, "all")).toEqual({ state: undefined, overdue: undefined });
  });
});
