import { describe, expect, it } from "vitest";
import { initTRPC, TRPCError, type AnyTRPCProcedure } from "@trpc/server";
import { z } from "zod";
import { callProcedure } from "./procedure-chain.js";

// callProcedure against tRPC's own caller (`procedure(opts)`), procedure by procedure: the same data,
// or an error of the same code and message, from the same middlewares.

const t = initTRPC.context<{ user: string | null; trace: string[] }>().meta<{ label: string }>().create();
const seen: Array<Record<string, unknown>> = [];
const authed = t.procedure.use(({ ctx, next, meta, path, type }) => {
  seen.push({ meta, path, type });
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "请先登录" });
  return next({ ctx: { user: ctx.user, role: "admin" as const } });
});
const router = t.router({
  me: authed
    .meta({ label: "我" })
    .output(z.object({ user: z.string(), role: z.string() }))
    .query(({ ctx }) => ({ user: ctx.user, role: ctx.role })),
  add: authed
    .input(z.object({ a: z.number({ error: "a 须为数字" }) }))
    .input(z.object({ b: z.number() }))
    .mutation(({ input, ctx }) => ({ sum: input.a + input.b, trace: [...ctx.trace, "add"] })),
  leaky: t.procedure
    .output(z.object({ n: z.number() }))
    .query(() => ({ n: "1" }) as unknown as { n: number }),
  throws: t.procedure.query(() => {
    throw new Error("boom");
  }),
  swapsInput: t.procedure.use(({ next }) => next({ input: { replaced: true } })).query(({ input }) => input),
  noNext: t.procedure.use((() => undefined) as never).query(() => 1),
  signalled: t.procedure.query(({ signal }) => signal?.aborted ?? "none"),
});
const procs = router._def.procedures as Record<string, AnyTRPCProcedure>;

async function both(path: string, ctx: { user: string | null; trace: string[] }, input?: unknown) {
  const opts = {
    path,
    ctx,
    type: procs[path]!._def.type,
    getRawInput: async () => input,
    batchIndex: 0,
  };
  const settle = (p: Promise<unknown>) =>
    p.then(
      (data) => ({ data }),
      (e: TRPCError) => ({ code: e.code, message: e.message }),
    );
  const controller = new AbortController();
  return {
    trpc: await settle(
      (procs[path] as unknown as (o: object) => Promise<unknown>)({ ...opts, signal: controller.signal }),
    ),
    ours: await settle(callProcedure(procs[path]!, { ...opts, signal: () => controller.signal })),
  };
}

describe("callProcedure", () => {
  const cases: Array<[string, { user: string | null; trace: string[] }, unknown?]> = [
    ["me", { user: "王建国", trace: [] }],
    ["me", { user: null, trace: [] }],
    ["add", { user: "李秀英", trace: ["ctx"] }, { a: 1, b: 2 }],
    ["add", { user: "李秀英", trace: [] }, { a: "1", b: 2 }],
    ["add", { user: null, trace: [] }, { a: 1, b: 2 }],
    ["leaky", { user: null, trace: [] }],
    ["throws", { user: null, trace: [] }],
    ["swapsInput", { user: null, trace: [] }, { original: 1 }],
    ["noNext", { user: null, trace: [] }],
    ["signalled", { user: null, trace: [] }],
  ];
  it.each(cases)("answers %s as tRPC's caller does", async (path, ctx, input) => {
    seen.length = 0;
    const { trpc, ours } = await both(path, ctx, input);
    expect(ours).toEqual(trpc);
    // The middleware saw the same meta, path and type both times.
    if (seen.length > 0) expect(seen[1]).toEqual(seen[0]);
  });

  it("reports what each answer was", async () => {
    expect((await both("me", { user: "王建国", trace: [] }, undefined)).ours).toEqual({
      data: { user: "王建国", role: "admin" },
    });
    expect((await both("add", { user: "李秀英", trace: ["ctx"] }, { a: 1, b: 2 })).ours).toEqual({
      data: { sum: 3, trace: ["ctx", "add"] },
    });
    expect((await both("add", { user: "李秀英", trace: [] }, { a: "1", b: 2 })).ours).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await both("leaky", { user: null, trace: [] })).ours).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      message: "Output validation failed",
    });
  });

  it("makes the abort signal only when it is read", async () => {
    let made = 0;
    const controller = new AbortController();
    controller.abort();
    const call = (path: string) =>
      callProcedure(procs[path]!, {
        path,
        ctx: { user: "王建国", trace: [] },
        type: procs[path]!._def.type,
        getRawInput: async () => undefined,
        batchIndex: 0,
        signal: () => {
          made++;
          return controller.signal;
        },
      });
    await call("me");
    expect(made).toBe(0);
    expect(await call("signalled")).toBe(true);
    expect(made).toBe(1);
  });
});
