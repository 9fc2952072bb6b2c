import { describe, expect, it } from "vitest";
import { checkIdNumber, idNumberProblem, UNDER_14_MESSAGE } from "./id-number-check";

const today = "2026-11-30";

describe("checkIdNumber", () => {
  it("says nothing while digits are being typed", () => {
    expect(checkIdNumber("", today).state).toBe("incomplete");
    expect(checkIdNumber("1101051949", today).state).toBe("incomplete");
    expect(checkIdNumber("1101a", today)).toEqual({
      state: "invalid",
      message: "身份证号前17位应为数字，最后一位为数字或X",
    });
  });

  it("refuses a wrong check character and derives gender and birth date from a good one", () => {
    expect(checkIdNumber("110105194912310021", today)).toEqual({
      state: "invalid",
      message: "身份证号校验位不正确，请核对",
    });
    const ok = checkIdNumber("11010519491231002x", today);
    expect(ok).toMatchObject({
      state: "valid",
      info: { gender: "female", birthDate: "1949-12-31" },
      rule: "adult",
    });
  });

  it("applies the age rules", () => {
    expect(idNumberProblem("110105201801010019", today)).toBe(UNDER_14_MESSAGE);
    expect(checkIdNumber("110105201001010010", today)).toMatchObject({
      state: "valid",
      age: 16,
      rule: "guardian",
    });
    expect(idNumberProblem("", today)).toBe("请输入身份证号");
    expect(idNumberProblem("1101051949", today)).toBe("身份证号应为18位");
  });
});
