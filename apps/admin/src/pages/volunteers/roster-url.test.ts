import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, readRosterView, writeRosterView, type RosterView } from "./roster-url";

const read = (query: string) => readRosterView(new URLSearchParams(query));

describe("the roster's address", () => {
  it("reads search, filters, sort and page", () => {
    expect(
      read(
        "q=1234&skill=medical&team=3&community=2&grid=5&courtyard=9&status=registered&political=party_member&sort=hours&order=asc&page=3&size=50",
      ),
    ).toEqual({
      filters: {
        search: "1234",
        skill: "medical",
        teamId: 3,
        communityId: 2,
        gridId: 5,
        courtyardId: 9,
        status: "registered",
        politicalStatus: "party_member",
      },
      sort: "hours",
      order: "asc",
      page: 3,
      pageSize: 50,
    });
  });

  it("ignores what is not valid instead of failing", () => {
    expect(
      read(
        "q=%20%20&skill=juggling&team=-1&community=abc&grid=0&status=gone&political=&sort=age&order=up&page=0&size=7",
      ),
    ).toEqual(DEFAULT_VIEW);
    expect(read("q=1381111000212").filters).toEqual({}); // more digits than a mobile has
    expect(read("q=" + "王".repeat(21)).filters).toEqual({});
    expect(read("page=1e3&team=99999999999").page).toBe(1);
  });

  it("writes only what differs from the plain roster, and reads back what it wrote", () => {
    expect(writeRosterView(DEFAULT_VIEW).toString()).toBe("");
    const view: RosterView = {
      filters: { search: "王", status: "pending", gridId: 4 },
      sort: "name",
      order: "asc",
      page: 2,
      pageSize: 50,
    };
    const written = writeRosterView(view);
    expect(written.toString()).toBe("q=%E7%8E%8B&grid=4&status=pending&sort=name&order=asc&page=2&size=50");
    expect(readRosterView(written)).toEqual(view);
  });
});
