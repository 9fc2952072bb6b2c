import { expect, it } from "vitest";
import { InvalidTransitionError } from "../errors.js";
import { ratioTargetError, volunteerTransition, type VolunteerAction } from "./rules.js";
import type { VolunteerStatus } from "../db/database.js";

const STATES: VolunteerStatus[] = ["pending", "registered", "rejected", "withdrawn"];
const ACTIONS: VolunteerAction[] = ["approve", "reject", "resubmit", "withdraw"];

const ALLOWED: Record<string, VolunteerStatus> = {
  "pending:approve": "registered",
  "pending:reject": "rejected",
  "pending:withdraw": "withdrawn",
  "rejected:resubmit": "pending",
  "rejected:withdraw": "withdrawn",
  "registered:withdraw": "withdrawn",
};

it.each(STATES.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))("%s + %s", (state, action) => {
  const expected = ALLOWED[`${state}:${action}`];
  if (expected) {
    expect(volunteerTransition(state, action)).toBe(expected);
  } else {
    expect(() => volunteerTransition(state, action)).toThrow(InvalidTransitionError);
  }
});

it("says in Chinese what cannot be done from where", () => {
  expect(() => volunteerTransition("registered", "approve")).toThrow("当前状态为“已注册”，不能通过");
  expect(() => volunteerTransition("withdrawn", "resubmit")).toThrow("当前状态为“已注销”，不能重新提交");
});

it("refuses a 注册率 target outside 0.1%–100% or finer than 0.1%, saying why", () => {
  expect(ratioTargetError(100)).toBeNull();
  expect(ratioTargetError(1)).toBeNull();
  expect(ratioTargetError(1000)).toBeNull();
  expect(ratioTargetError(0)).toBe("目标至少为0.1%");
  expect(ratioTargetError(-50)).toBe("目标至少为0.1%");
  expect(ratioTargetError(1500)).toBe("目标不能超过100%");
  expect(ratioTargetError(102.5)).toBe("目标最多保留1位小数");
  expect(ratioTargetError(Number.NaN)).toBe("请输入目标（%）");
});
