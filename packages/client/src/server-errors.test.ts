import { describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { errorMessage, NETWORK_MESSAGE, splitServerErrors } from "./server-errors.js";

function trpcError(message: string, code: string, fieldErrors: Record<string, string[]> | null = null) {
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code, httpStatus: 400, path: "x", fieldErrors } },
  });
}

describe("errorMessage", () => {
  it("is the server's message, or says the network failed", () => {
    expect(errorMessage(trpcError("该网格下还有2个下级单位，不能删除", "CONFLICT"))).toBe(
      "该网格下还有2个下级单位，不能删除",
    );
    expect(errorMessage(new TypeError("Failed to fetch"))).toBe(NETWORK_MESSAGE);
    // tRPC wraps a failed fetch in its own error class, with no server data: still the network.
    const wrapped = TRPCClientError.from(new TypeError("Failed to fetch"));
    expect(wrapped).toBeInstanceOf(TRPCClientError);
    expect(errorMessage(wrapped)).toBe(NETWORK_MESSAGE);
    expect(splitServerErrors(wrapped, ["password"], { fallbackField: "password" })).toEqual({
      fields: [],
      rest: [NETWORK_MESSAGE],
    });
  });

  it("says the call failed when the answer has no message", () => {
    expect(errorMessage(trpcError("", "INTERNAL_SERVER_ERROR"))).toBe("操作失败");
    expect(errorMessage(trpcError("", "INTERNAL_SERVER_ERROR"), "操作失败，请稍后重试")).toBe(
      "操作失败，请稍后重试",
    );
  });
});

describe("splitServerErrors", () => {
  it("puts field errors beside known fields and the rest in rest", () => {
    const error = trpcError("名称重复", "BAD_REQUEST", {
      name: ["同一上级下已有名为“A”的单位"],
      parentId: ["上级无效"],
    });
    expect(splitServerErrors(error, ["name", "population"])).toEqual({
      fields: [{ name: "name", errors: ["同一上级下已有名为“A”的单位"] }],
      rest: ["上级无效"],
    });
  });

  it("maps server fields to form fields, merging those that land on one field", () => {
    const error = trpcError("地点最多100个字", "BAD_REQUEST", {
      placeUnitId: ["活动地点应在本社区内"],
      placeText: ["地点最多100个字", "活动地点应在本社区内"],
      title: ["请填写标题"],
    });
    const fieldMap = { placeUnitId: "place", placeText: "place" };
    expect(splitServerErrors(error, ["place", "title"], { fieldMap })).toEqual({
      fields: [
        { name: "place", errors: ["活动地点应在本社区内", "地点最多100个字"] },
        { name: "title", errors: ["请填写标题"] },
      ],
      rest: [],
    });
  });

  it("keeps nested names as dotted paths", () => {
    const error = trpcError("请选择楼院", "BAD_REQUEST", { "address.unitId": ["请选择楼院"] });
    expect(splitServerErrors(error, ["address.unitId"]).fields).toEqual([
      { name: "address.unitId", errors: ["请选择楼院"] },
    ]);
  });

  it("gives an answer without field errors its message", () => {
    expect(splitServerErrors(trpcError("该网格下还有2个下级单位，不能删除", "CONFLICT"), [])).toEqual({
      fields: [],
      rest: ["该网格下还有2个下级单位，不能删除"],
    });
    expect(splitServerErrors(trpcError("名称重复", "BAD_REQUEST", {}), ["name"]).rest).toEqual(["名称重复"]);
    expect(
      splitServerErrors(trpcError("", "CONFLICT"), [], { failedMessage: "操作失败，请稍后重试" }).rest,
    ).toEqual(["操作失败，请稍后重试"]);
  });

  it("shows what names no known field beside the fallback field", () => {
    const throttled = trpcError("登录失败次数过多，请15分钟后再试", "TOO_MANY_REQUESTS");
    expect(splitServerErrors(throttled, ["mobile", "password"], { fallbackField: "password" })).toEqual({
      fields: [{ name: "password", errors: ["登录失败次数过多，请15分钟后再试"] }],
      rest: [],
    });
    const invalid = trpcError("手机号格式不正确", "BAD_REQUEST", {
      mobile: ["手机号格式不正确"],
      captcha: ["验证码错误"],
      password: ["密码错误"],
    });
    expect(splitServerErrors(invalid, ["mobile", "password"], { fallbackField: "password" })).toEqual({
      fields: [
        { name: "mobile", errors: ["手机号格式不正确"] },
        { name: "password", errors: ["密码错误", "验证码错误"] },
      ],
      rest: [],
    });
  });

  it("keeps the rest for a toast when the fallback field is not on the form", () => {
    const throttled = trpcError("登录失败次数过多，请15分钟后再试", "TOO_MANY_REQUESTS");
    expect(splitServerErrors(throttled, [], { fallbackField: "password" })).toEqual({
      fields: [],
      rest: ["登录失败次数过多，请15分钟后再试"],
    });
  });

  it("says the network failed, beside no field, when the call never got an answer", () => {
    expect(
      splitServerErrors(new TypeError("Failed to fetch"), ["password"], { fallbackField: "password" }),
    ).toEqual({
      fields: [],
      rest: [NETWORK_MESSAGE],
    });
  });

  it("lists each message once", () => {
    const error = trpcError("请填写姓名", "BAD_REQUEST", {
      name: ["请填写姓名", "请填写姓名"],
      a: ["请填写姓名"],
      b: ["请填写姓名", "年龄不符"],
    });
    expect(splitServerErrors(error, ["name"])).toEqual({
      fields: [{ name: "name", errors: ["请填写姓名"] }],
      rest: ["请填写姓名", "年龄不符"],
    });
  });
});
