import { describe, expect, it } from "vitest";
import { exportInputOf } from "./task-excel-buttons";

describe("the export of the task page's filters", () => {
  it("sends only the filters set, in task.exportSheet's words", () => {
    expect(exportInputOf(7)).toEqual({ campaignId: 7 });
    expect(exportInputOf(7, { unitId: undefined, state: undefined, dueFrom: "" })).toEqual({ campaignId: 7 });
    expect(
      exportInputOf(7, {
        unitId: 3,
        assigneeId: 9,
        state: "in_progress",
        colour: "none",
        dueFrom: "2027-03-01",
        dueTo: "2027-03-31",
        itemId: 12,
      }),
    ).toEqual({
      campaignId: 7,
      unitId: 3,
      assigneeUserId: 9,
      states: ["in_progress"],
      colours: ["none"],
      dueFrom: "2027-03-01",
      dueTo: "2027-03-31",
      itemId: 12,
    });
  });
});
