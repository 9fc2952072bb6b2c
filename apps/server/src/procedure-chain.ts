import { getTRPCErrorFromUnknown, TRPCError, type AnyTRPCProcedure } from "@trpc/server";

/**
 * Calls a procedure as tRPC's own caller does (`procedure(opts)`: its middlewares in order, each
 * `next()` merging the context and taking the new input, a thrown error becoming a failed result,
 * the first middleware the error formatter), with one difference: the options each middleware gets
 * are object literals. tRPC builds them with a transpiled spread (a defineProperty per key, twice per
 * level); for auth.me, four levels of them were 8 % of the server's CPU. trpc-conformance.test.ts
 * runs the official adapter (tRPC's caller) against the lean handler (this) and expects the same answers.
 */
export interface ChainCall {
  path: string;
  ctx: unknown;
  type: AnyTRPCProcedure["_def"]["type"];
  getRawInput: () => Promise<unknown>;
  /** the call's abort signal, made when a middleware or the resolver first reads `signal` */
  signal: () => AbortSignal;
  batchIndex: number;
}

type Result = { ok: true; data: unknown; ctx?: unknown } | { ok: false; error: TRPCError };
type Middleware = (opts: object) => Promise<Result>;
interface NextOptions {
  ctx?: Record<string, unknown>;
  input?: unknown;
  getRawInput?: () => Promise<unknown>;
}
interface Level {
  ctx: unknown;
  input: unknown;
  getRawInput: () => Promise<unknown>;
}

/**
 * What each middleware is called with. A class, not an object literal: a literal with a getter makes
 * V8 (Node 20) give every object its own hidden class, and those, held in old space, kept each call's
 * objects alive through the young generation's collections. auth.me spent 16 % of the event loop's time
 * in the garbage collector; with this, 2 % (`npm run bench -- http`). The getter on the prototype is shared.
 */
class MiddlewareOptions {
  readonly path: string;
  readonly type: ChainCall["type"];
  readonly batchIndex: number;
  readonly ctx: unknown;
  readonly input: unknown;
  readonly getRawInput: () => Promise<unknown>;
  readonly meta: unknown;
  readonly next: (next?: NextOptions) => Promise<Result>;
  readonly #call: ChainCall;

  constructor(call: ChainCall, level: Level, meta: unknown, next: (next?: NextOptions) => Promise<Result>) {
    this.path = call.path;
    this.type = call.type;
    this.batchIndex = call.batchIndex;
    this.ctx = level.ctx;
    this.input = level.input;
    this.getRawInput = level.getRawInput;
    this.meta = meta;
    this.next = next;
    this.#call = call;
  }

  /** Made when a middleware or the resolver first reads it (few do). */
  get signal(): AbortSignal {
    return this.#call.signal();
  }
}

export async function callProcedure(procedure: AnyTRPCProcedure, call: ChainCall): Promise<unknown> {
  const def = procedure._def as unknown as { middlewares: Middleware[]; meta: unknown };
  const run = async (index: number, level: Level): Promise<Result> => {
    try {
      return await def.middlewares[index]!(
        new MiddlewareOptions(call, level, def.meta, (next?: NextOptions) =>
          run(index + 1, {
            ctx: next?.ctx ? { ...(level.ctx as object), ...next.ctx } : level.ctx,
            input: next && "input" in next ? next.input : level.input,
            getRawInput: next?.getRawInput ?? level.getRawInput,
          }),
        ),
      );
    } catch (cause) {
      return { ok: false, error: getTRPCErrorFromUnknown(cause) };
    }
  };
  const result = await run(0, { ctx: call.ctx, input: undefined, getRawInput: call.getRawInput });
  if (!result)
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "No result from middlewares - did you forget to `return next()`?",
    });
  if (!result.ok) throw result.error;
  return result.data;
}
