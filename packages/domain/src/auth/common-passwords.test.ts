import { describe, expect, it } from "vitest";
import { newPasswordSchema } from "../schemas.js";
import { COMMON_PASSWORDS, isCommonPassword, isRepeatedCharacter, usesMobile } from "./common-passwords.js";
import { PASSWORD_MIN_LENGTH } from "./rules.js";

describe("COMMON_PASSWORDS", () => {
  it("holds the usual suspects, Chinese ones included", () => {
    for (const p of [
      "12345678",
      "123456789",
      "11111111",
      "88888888",
      "00000000",
      "87654321",
      "147258369",
      "1qaz2wsx",
      "woaini1314",
      "a123456789",
      "qwertyuiop",
      "iloveyou",
      "password",
      "password1",
      "5201314520",
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
    }
  });

  it("is a real list of lower-case entries a length rule alone would let through", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(150);
    for (const p of COMMON_PASSWORDS) {
      expect(p, p).toBe(p.toLowerCase());
      expect(p.length, p).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    }
  });

  it("compares case-insensitively", () => {
    expect(isCommonPassword("PassWord1")).toBe(true);
    expect(isCommonPassword("QWERTYUIOP")).toBe(true);
  });

  it("lets the demo password and ordinary passphrases through", () => {
    for (const p of ["chuangcheng2026", "zhou-pass-2026", "password-123", "红旗渠2026精神"]) {
      expect(isCommonPassword(p), p).toBe(false);
    }
  });
});

describe("isRepeatedCharacter", () => {
  it("catches one character repeated, in characters rather than UTF-16 units", () => {
    expect(isRepeatedCharacter("aaaaaaaa")).toBe(true);
    expect(isRepeatedCharacter("9999999999")).toBe(true);
    expect(isRepeatedCharacter("😀😀😀😀😀😀😀😀")).toBe(true);
    expect(isRepeatedCharacter("aaaaaaab")).toBe(false);
  });
});

describe("usesMobile", () => {
  const mobile = "13812345678";
  it("catches the mobile itself, reversed, inside a longer password, or its last 8 digits", () => {
    expect(usesMobile("13812345678", mobile)).toBe(true);
    expect(usesMobile("87654321831", mobile)).toBe(true);
    expect(usesMobile("abc13812345678", mobile)).toBe(true);
    expect(usesMobile("12345678", mobile)).toBe(true);
  });

  it("lets other passwords through", () => {
    expect(usesMobile("chuangcheng2026", mobile)).toBe(false);
    expect(usesMobile("1381234x", mobile)).toBe(false);
    expect(usesMobile("anything", "")).toBe(false);
  });
});

describe("newPasswordSchema", () => {
  const messages = (p: string) => newPasswordSchema.safeParse(p).error?.issues.map((i) => i.message) ?? [];

  it("gives one Chinese message per kind of weak password", () => {
    expect(messages("1234567")).toEqual(["密码至少8位"]);
    expect(messages("11111111")).toEqual(["密码不能全是同一个字符"]);
    expect(messages("Password1")).toEqual(["密码过于常见，请换一个更难猜的密码"]);
    expect(messages("x".repeat(73))).toEqual(["密码最多72位"]);
    expect(messages("chuangcheng2026")).toEqual([]);
  });
});
