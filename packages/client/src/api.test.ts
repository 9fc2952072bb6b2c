import { afterEach, describe, expect, it, vi } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createApiClient, errorCode, shouldRetry } from "./api.js";

function trpcError(code: string, message = "失败") {
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code, httpStatus: 400, path: "x", fieldErrors: null } },
  });
}

describe("errorCode", () => {
  it("reads the tRPC code of a server answer", () => {
    expect(errorCode(trpcError("UNAUTHORIZED"))).toBe("UNAUTHORIZED");
    expect(errorCode(trpcError("BAD_REQUEST"))).toBe("BAD_REQUEST");
  });

  it("is null for anything else", () => {
    expect(errorCode(new TypeError("Failed to fetch"))).toBeNull();
    expect(errorCode(TRPCClientError.from(new TypeError("Failed to fetch")))).toBeNull();
    expect(errorCode(null)).toBeNull();
    expect(errorCode({ data: { code: "UNAUTHORIZED" } })).toBeNull();
  });
});

describe("shouldRetry", () => {
  it("never retries an answer that asking again cannot change", () => {
    for (const code of [
      "UNAUTHORIZED",
      "FORBIDDEN",
      "NOT_FOUND",
      "BAD_REQUEST",
      "CONFLICT",
      "TOO_MANY_REQUESTS",
    ]) {
      expect(shouldRetry(0, trpcError(code)), code).toBe(false);
    }
  });

  it("retries other failures twice", () => {
    for (const error of [
      trpcError("INTERNAL_SERVER_ERROR"),
      trpcError("TIMEOUT"),
      new TypeError("Failed to fetch"),
    ]) {
      expect([0, 1, 2, 3].map((count) => shouldRetry(count, error))).toEqual([true, true, false, false]);
    }
  });
});

describe("createApiClient", () => {
  afterEach(() => vi.unstubAllGlobals());

  function serve(status: number, body: unknown) {
    const fetch = vi.fn(
      async (_input: unknown, _init?: RequestInit) =>
        new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
    );
    vi.stubGlobal("fetch", fetch);
    return fetch;
  }

  it("calls /trpc on this origin with the session cookie", async () => {
    const fetch = serve(200, [{ result: { data: null } }]);
    await expect(createApiClient().auth.me.query()).resolves.toBeNull();
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toMatch(/^\/trpc\/auth\.me\?batch=1/);
    expect(init?.credentials).toBe("same-origin");
  });

  it("fails with a tRPC error that carries the server's code", async () => {
    serve(401, [
      {
        error: {
          message: "请先登录",
          code: -32001,
          data: { code: "UNAUTHORIZED", httpStatus: 401, path: "auth.me", fieldErrors: null },
        },
      },
    ]);
    const error = await createApiClient()
      .auth.me.query()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(errorCode(error)).toBe("UNAUTHORIZED");
    expect(shouldRetry(0, error)).toBe(false);
  });
});
