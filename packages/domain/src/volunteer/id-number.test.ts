import { describe, expect, it } from "vitest";
import { ageOn, ageRule, checkCharacter, maskIdNumber, parseIdNumber } from "./id-number.js";

const TODAY = "2026-11-29";

describe("parseIdNumber", () => {
  it("accepts the known-good 11010519491231002X and derives gender and birth date", () => {
    const r = parseIdNumber("11010519491231002X", TODAY);
    expect(r).toEqual({ ok: true, info: { normalized: "11010519491231002X", gender: "female", birthDate: "1949-12-31" } });
  });

  it("reads a lower-case x as X", () => {
    const r = parseIdNumber(" 11010519491231002x ", TODAY);
    expect(r.ok && r.info.normalized).toBe("11010519491231002X");
  });

  it("derives male from an odd 17th digit", () => {
    const first17 = "44030419900101001";
    const r = parseIdNumber(first17 + checkCharacter(first17), TODAY);
    expect(r.ok && r.info.gender).toBe("male");
    expect(r.ok && r.info.birthDate).toBe("1990-01-01");
  });

  it("refuses a wrong check character", () => {
    expect(parseIdNumber("110105194912310021", TODAY)).toEqual({ ok: false, error: "checksum" });
  });

  it("refuses wrong length and format", () => {
    expect(parseIdNumber("11010519491231002", TODAY)).toEqual({ ok: false, error: "length" });
    expect(parseIdNumber("1101051949123100AX", TODAY)).toEqual({ ok: false, error: "format" });
  });

  it("refuses impossible and future birth dates", () => {
    const feb30 = "11010519900230001";
    expect(parseIdNumber(feb30 + checkCharacter(feb30), TODAY)).toEqual({ ok: false, error: "birth_date" });
    const future = "11010520300101001";
    expect(parseIdNumber(future + checkCharacter(future), TODAY)).toEqual({ ok: false, error: "future" });
  });

  it("computes the check character with the GB 11643 weights", () => {
    expect(checkCharacter("11010519491231002")).toBe("X");
    expect(checkCharacter("44052418800101001")).toBe("4");
  });
});

describe("age rules", () => {
  it("counts full years", () => {
    expect(ageOn("2012-11-30", TODAY)).toBe(13);
    expect(ageOn("2012-11-29", TODAY)).toBe(14);
    expect(ageOn("1949-12-31", TODAY)).toBe(76);
  });
  it("refuses under 14 and asks for a guardian under 18", () => {
    expect(ageRule(13)).toBe("refused");
    expect(ageRule(14)).toBe("guardian");
    expect(ageRule(17)).toBe("guardian");
    expect(ageRule(18)).toBe("adult");
  });
});

it("masks all but the first 6 and last 4 characters", () => {
  expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
});
