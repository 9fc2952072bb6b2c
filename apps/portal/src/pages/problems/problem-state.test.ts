import { describe, expect, it } from "vitest";
import type { MyProblem } from "../../lib/trpc";
import { placeText, ratingText, stateHint, stateText } from "./problem-state";

const base: MyProblem = {
  id: 1,
  version: 1,
  courtyardId: 10,
  courtyardName: "邮政局家属院",
  buildingName: null,
  place: null,
  description: "楼道堆物",
  category: "corridor_clutter",
  categoryLabel: "楼道堆物",
  source: "snapshot",
  state: "pending",
  deadline: null,
  overdue: false,
  createdAt: "2026-12-01T01:00:00.000Z",
  closedAt: null,
  rejectReason: null,
  referredDepartment: null,
  rating: null,
  ratingComment: null,
  canRate: false,
  reopenedOnce: false,
  thumb: null,
  hasAfter: false,
};
const p = (change: Partial<MyProblem>): MyProblem => ({ ...base, ...change });

describe("how a report's state reads to the resident", () => {
  it("names the state, and says when it is overdue", () => {
    expect(stateText(p({}))).toBe("待受理");
    expect(stateText(p({ state: "rectifying", overdue: true }))).toBe("整改中（已超期）");
  });

  it("says what happens next in each state", () => {
    expect(stateHint(p({}))).toBe("已提交，等待社区受理。");
    expect(stateHint(p({ state: "rectifying", deadline: "2026-12-03" }))).toBe(
      "社区已安排整改，整改期限 2026-12-03。",
    );
    expect(stateHint(p({ state: "reviewing" }))).toBe("已整改，等待社区复查。");
    expect(stateHint(p({ state: "reviewing", reopenedOnce: true }))).toBe(
      "您对整改结果不满意，社区正在重新复查。",
    );
    expect(stateHint(p({ state: "closed", canRate: true }))).toBe("问题已办结，请对整改结果进行评价。");
    expect(stateHint(p({ state: "closed", rating: "satisfied" }))).toBe("问题已办结，感谢您的参与。");
  });

  it("gives the reason of a 不予受理 and where it was referred", () => {
    expect(stateHint(p({ state: "rejected", rejectReason: "untrue" }))).toBe("不予受理（不属实）。");
    expect(
      stateHint(p({ state: "rejected", rejectReason: "not_our_duty", referredDepartment: "供电公司" })),
    ).toBe("不予受理（非社区职责），已转交供电公司处理。");
  });

  it("joins the 楼院, 楼栋 and place it names", () => {
    expect(placeText(p({}))).toBe("邮政局家属院");
    expect(placeText(p({ buildingName: "3号楼", place: "1单元门口" }))).toBe(
      "邮政局家属院 · 3号楼 · 1单元门口",
    );
    expect(ratingText(p({}))).toBeNull();
    expect(ratingText(p({ rating: "basically_satisfied" }))).toBe("基本满意");
  });
});
