import { describe, expect, it, vi } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { createQueryClient } from "./query-client.js";

const SESSION = [["auth", "me"]];

function answer(code: string) {
  return TRPCClientError.from({
    error: { message: code, code: -32600, data: { code, httpStatus: 400, path: "x", fieldErrors: null } },
  });
}

async function withSession() {
  const client = createQueryClient({ sessionKey: SESSION });
  let sessionCalls = 0;
  await client.fetchQuery({
    queryKey: [["auth", "me"], { type: "query" }],
    queryFn: async () => {
      sessionCalls++;
      return { id: 1 };
    },
  });
  const sessionState = () => client.getQueryState([["auth", "me"], { type: "query" }]);
  return { client, sessionState, calls: () => sessionCalls };
}

describe("createQueryClient", () => {
  it("marks the session stale when a query answers UNAUTHORIZED", async () => {
    const { client, sessionState } = await withSession();
    expect(sessionState()?.isInvalidated).toBe(false);
    await expect(
      client.fetchQuery({
        queryKey: [["volunteer", "mine"]],
        queryFn: () => Promise.reject(answer("UNAUTHORIZED")),
      }),
    ).rejects.toThrow();
    expect(sessionState()?.isInvalidated).toBe(true);
  });

  it("marks it stale when a mutation answers UNAUTHORIZED, and not for other answers", async () => {
    const { client, sessionState } = await withSession();
    const mutate = (code: string) =>
      client
        .getMutationCache()
        .build(client, { mutationFn: () => Promise.reject(answer(code)) })
        .execute(undefined)
        .catch(() => undefined);
    await mutate("BAD_REQUEST");
    expect(sessionState()?.isInvalidated).toBe(false);
    await mutate("UNAUTHORIZED");
    expect(sessionState()?.isInvalidated).toBe(true);
  });

  it("does not set itself off when the session query itself answers UNAUTHORIZED", async () => {
    const client = createQueryClient({ sessionKey: SESSION });
    const invalidate = vi.spyOn(client, "invalidateQueries");
    let calls = 0;
    const key = [["auth", "me"], { type: "query" }];
    await expect(
      client.fetchQuery({
        queryKey: key,
        queryFn: () => {
          calls++;
          return Promise.reject(answer("UNAUTHORIZED"));
        },
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
    expect(invalidate).not.toHaveBeenCalled();
  });

  it("retries what asking again may fix, and never a refusal", async () => {
    const { client } = await withSession();
    const defaults = client.getDefaultOptions();
    expect(defaults.queries?.staleTime).toBe(30_000);
    expect(defaults.mutations?.retry).toBe(false);
    const retry = defaults.queries?.retry as (n: number, e: unknown) => boolean;
    expect(retry(0, answer("FORBIDDEN"))).toBe(false);
    expect(retry(0, new TypeError("Failed to fetch"))).toBe(true);
  });
});
