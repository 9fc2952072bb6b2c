import { describe, expect, it } from "vitest";
import { mobileProblem, mobileRules, passwordProblem, resetCodeRules } from "./form-rules.js";
import {
  passwordChangeInput,
  resendCodeLabel,
  sendCodeToFormMobile,
  smsResetInput,
} from "./password-forms.js";

describe("resendCodeLabel", () => {
  it("offers a code, or says how many seconds until another", () => {
    expect(resendCodeLabel(0)).toBe("获取验证码");
    expect(resendCodeLabel(-1)).toBe("获取验证码");
    expect(resendCodeLabel(60)).toBe("60秒后重发");
    expect(resendCodeLabel(1)).toBe("1秒后重发");
  });
});

describe("form rules", () => {
  const patternOf = (rules: typeof mobileRules) =>
    rules.flatMap((r) => ("pattern" in r ? [r.pattern] : []))[0]!;

  it("take a mobile of 11 digits from 13-19, with the server's message", () => {
    const pattern = patternOf(mobileRules);
    expect(["13912345678", "19900000000"].every((m) => pattern.test(m))).toBe(true);
    expect(["12345678901", "1391234567", "139123456789", "1391234567x"].some((m) => pattern.test(m))).toBe(
      false,
    );
    expect(mobileRules.map((r) => r.message)).toEqual(["请输入手机号", "手机号应为11位数字，以13-19开头"]);
  });

  it("say the same as one check", () => {
    expect(mobileProblem(undefined)).toBe("请输入手机号");
    expect(mobileProblem("")).toBe("请输入手机号");
    expect(mobileProblem("1391234567")).toBe("手机号应为11位数字，以13-19开头");
    expect(mobileProblem("13912345678")).toBeNull();
  });

  it("ask for a password of 8 to 72 characters, named as the field is", () => {
    expect(passwordProblem("新密码", undefined)).toBe("请输入新密码");
    expect(passwordProblem("密码", "")).toBe("请输入密码");
    expect(passwordProblem("新密码", "1234567")).toBe("密码至少8位");
    expect(passwordProblem("新密码", "x".repeat(73))).toBe("密码最多72位");
    expect(passwordProblem("新密码", "12345678")).toBeNull(); // common ones are the server's to refuse
  });

  it("take a code of 6 digits", () => {
    const pattern = patternOf(resetCodeRules);
    expect(pattern.test("012345")).toBe(true);
    expect(["12345", "1234567", "12345a"].some((c) => pattern.test(c))).toBe(false);
  });
});

describe("what the password forms send", () => {
  it("keeps the repetition in the form and trims what was typed around the mobile and the code", () => {
    expect(
      passwordChangeInput({ oldPassword: " old ", newPassword: "new-pass-1", confirm: "new-pass-1" }),
    ).toEqual({
      oldPassword: " old ",
      newPassword: "new-pass-1",
    });
    expect(
      smsResetInput({ mobile: " 13912345678 ", code: " 012345", newPassword: " pass word ", confirm: "x" }),
    ).toEqual({ mobile: "13912345678", code: "012345", newPassword: " pass word " });
  });

  it("asks for a code only for a mobile that passes the field's rules", async () => {
    const sent: string[] = [];
    const form = (valid: boolean) => ({
      validateFields: () =>
        valid ? Promise.resolve({ mobile: " 13912345678 " }) : Promise.reject(new Error("invalid")),
    });
    await sendCodeToFormMobile(form(false), (m) => sent.push(m));
    expect(sent).toEqual([]);
    await sendCodeToFormMobile(form(true), (m) => sent.push(m));
    expect(sent).toEqual(["13912345678"]);
  });
});
