import { describe, expect, it, vi } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { changedBy, createQueryClient } from "./query-client.js";

const SESSION = [["auth", "me"]];

function answer(code: string) {
  return TRPCClientError.from({
    error: { message: code, code: -32600, data: { code, httpStatus: 400, path: "x", fieldErrors: null } },
  });
}

async function withSession() {
  const client = createQueryClient({ sessionKey: SESSION, changesChannel: null });
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
    const client = createQueryClient({ sessionKey: SESSION, changesChannel: null });
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
    expect(defaults.mutations?.retry).toBe(false);
    const retry = defaults.queries?.retry as (n: number, e: unknown) => boolean;
    expect(retry(0, answer("FORBIDDEN"))).toBe(false);
    expect(retry(0, new TypeError("Failed to fetch"))).toBe(true);
  });

  it("fetches again what is shown again: on mount and on focus, after a few seconds", async () => {
    const { client } = await withSession();
    const queries = client.getDefaultOptions().queries;
    expect(queries?.staleTime).toBeLessThanOrEqual(5_000);
    expect(queries?.refetchOnMount).toBe(true);
    expect(queries?.refetchOnWindowFocus).toBe(true);
  });
});

describe("what a change makes stale", () => {
  const mutationKey = (path: string) => [path.split(".")];

  it("names the routers that show what a mutation changed, and the 操作日志", () => {
    expect(changedBy(mutationKey("volunteer.review"))).toEqual([
      [["volunteer"]],
      [["activity"]],
      [["audit"]],
      [["notification"]],
    ]);
    expect(changedBy(mutationKey("activity.signup"))).toEqual([[["activity"]], [["volunteer"]], [["audit"]]]);
    expect(changedBy(mutationKey("auth.users.grantRole"))).toEqual([[["auth"]], [["audit"]]]);
    // Reading a notice changes the inbox and the bell, nothing else.
    expect(changedBy(mutationKey("notification.markRead"))).toEqual([[["notification"]]]);
    // Names and figures of units show everywhere; an unknown router is not guessed at.
    expect(changedBy(mutationKey("org.update"))).toEqual([[]]);
    expect(changedBy(mutationKey("board.publish"))).toEqual([[]]);
    expect(changedBy(undefined)).toEqual([[]]);
    // The import preview reads the file and changes nothing.
    expect(changedBy(mutationKey("volunteer.importPreview"))).toEqual([]);
  });

  async function clientWith(keys: string[][], changesChannel: string | null = null) {
    const client = createQueryClient({ sessionKey: SESSION, changesChannel });
    for (const path of keys) {
      await client.fetchQuery({ queryKey: [path, { type: "query" }], queryFn: () => path.join(".") });
    }
    const stale = () =>
      keys
        .filter((path) => client.getQueryState([path, { type: "query" }])?.isInvalidated)
        .map((p) => p.join("."));
    const mutate = (path: string) =>
      client
        .getMutationCache()
        .build(client, { mutationKey: mutationKey(path), mutationFn: () => Promise.resolve("ok") })
        .execute(undefined);
    return { client, stale, mutate };
  }

  const KEYS = [
    ["volunteer", "mine"],
    ["volunteer", "reviewQueue"],
    ["activity", "upcoming"],
    ["audit", "list"],
    ["auth", "me"],
    ["org", "tree"],
  ];

  it("invalidates those queries when a mutation succeeds, and nothing for a failed one", async () => {
    const { client, stale, mutate } = await clientWith(KEYS);
    await client
      .getMutationCache()
      .build(client, {
        mutationKey: mutationKey("volunteer.review"),
        mutationFn: () => Promise.reject(answer("FORBIDDEN")),
      })
      .execute(undefined)
      .catch(() => undefined);
    expect(stale()).toEqual([]);
    await mutate("volunteer.review");
    expect(stale()).toEqual(["volunteer.mine", "volunteer.reviewQueue", "activity.upcoming", "audit.list"]);
    await mutate("org.update");
    expect(stale()).toEqual(KEYS.map((k) => k.join(".")));
  });

  it("tells the other tabs of the origin, which invalidate the same queries", async () => {
    const channel = `test-changes-${Math.random()}`;
    const consoleTab = await clientWith(KEYS, channel);
    const portalTab = await clientWith(KEYS, channel);
    const told = new Promise<void>((resolve) => {
      const listener = new BroadcastChannel(channel);
      listener.onmessage = () => {
        listener.close();
        // the portal's own listener was added first, so it has handled the message by now
        setTimeout(resolve, 10);
      };
    });
    await consoleTab.mutate("volunteer.review");
    await told;
    expect(portalTab.stale()).toEqual([
      "volunteer.mine",
      "volunteer.reviewQueue",
      "activity.upcoming",
      "audit.list",
    ]);
    // A read-only call tells nobody.
    await consoleTab.mutate("volunteer.importPreview");
    expect(consoleTab.stale()).toEqual(portalTab.stale());
  });
});
