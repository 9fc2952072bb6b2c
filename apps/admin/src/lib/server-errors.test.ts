import { describe, expect, it, vi } from "vitest";
import { TRPCClientError } from "@trpc/client";
import type { FormInstance } from "antd";
import { showServerError } from "./server-errors";

function trpcError(message: string, code: string, fieldErrors: Record<string, string[]> | null) {
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code, httpStatus: 400, path: "x", fieldErrors } },
  });
}

function fakeForm(fields: string[]) {
  const setFields = vi.fn();
  const form = {
    getFieldsError: () => fields.map((f) => ({ name: [f], errors: [], warnings: [] })),
    setFields,
  };
  return { form: form as unknown as FormInstance, setFields };
}

function fakeMessage() {
  const error = vi.fn();
  return { api: { error } as unknown as Parameters<typeof showServerError>[1], error };
}

describe("showServerError", () => {
  it("puts field errors beside their fields and the rest in a toast", () => {
    const { form, setFields } = fakeForm(["name", "population"]);
    const msg = fakeMessage();
    const err = trpcError("名称重复", "BAD_REQUEST", {
      name: ["同一上级下已有名为“A”的单位"],
      parentId: ["上级无效"],
    });
    showServerError(err, msg.api, { form });
    expect(setFields).toHaveBeenCalledWith([{ name: ["name"], errors: ["同一上级下已有名为“A”的单位"] }]);
    expect(msg.error).toHaveBeenCalledWith("上级无效");
  });

  it("shows a message without fields beside the fallback field", () => {
    const { form, setFields } = fakeForm(["mobile", "password"]);
    const msg = fakeMessage();
    showServerError(trpcError("登录失败次数过多，请15分钟后再试", "TOO_MANY_REQUESTS", null), msg.api, {
      form,
      fallbackField: "password",
    });
    expect(setFields).toHaveBeenCalledWith([
      { name: ["password"], errors: ["登录失败次数过多，请15分钟后再试"] },
    ]);
    expect(msg.error).not.toHaveBeenCalled();
  });

  it("toasts when there is no form, and says so when the network failed", () => {
    const msg = fakeMessage();
    showServerError(trpcError("该网格下还有2个下级单位，不能删除", "CONFLICT", null), msg.api);
    expect(msg.error).toHaveBeenCalledWith("该网格下还有2个下级单位，不能删除");
    showServerError(new TypeError("Failed to fetch"), msg.api);
    expect(msg.error).toHaveBeenLastCalledWith("网络连接失败，请检查网络后重试");
  });
});
