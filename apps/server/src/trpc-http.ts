import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  TRPCError,
  type AnyTRPCProcedure,
  type AnyTRPCRouter,
} from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { MAX_CALLS_PER_REQUEST } from "@chuangcheng/domain/rules";
import { callProcedure } from "./procedure-chain.js";
import { acceptsGzip, bodyOf, gzipOf, type CallResult } from "./response-bodies.js";

/**
 * tRPC's HTTP protocol (JSON, no transformer; single and batched calls; queries by GET, mutations by
 * POST) served straight from Fastify. The official adapter converts every request to a Fetch Request
 * and streams the response back, which measured several times slower than a plain Fastify route; this
 * keeps the protocol and calls the same procedures, without the conversion. trpc-conformance.test.ts
 * runs the official client against this handler and the official adapter and expects the same answers;
 * `npm run bench` prints both, and this file only stays while it is measurably faster.
 *
 * Beyond the official adapter, for a browser-facing endpoint whose session is a cookie:
 * - only GET (queries) and POST (mutations) reach a procedure; HEAD and every other method get 405,
 *   so that `HEAD /trpc/auth.logout` cannot end a session;
 * - a POST must be `application/json` (415 otherwise), so that a plain cross-site HTML form
 *   (text/plain, urlencoded) cannot reach a mutation;
 * - a POST whose Origin header is present must come from the request's own origin or an allowed one
 *   (403 otherwise); no Origin (curl, scripts) is accepted;
 * - at most `maxBatchSize` calls per request (400 otherwise, as the official `maxBatchSize`);
 * - the procedures get an abort signal that fires when the client goes away before the answer.
 */
export interface TrpcHttpOptions<TRouter extends AnyTRPCRouter> {
  prefix: string;
  router: TRouter;
  createContext: (opts: { req: FastifyRequest; reply: FastifyReply }) => Promise<unknown>;
  /** `path` is undefined when the whole request was refused (method, content type, origin, batch size). */
  onError?: (opts: { error: TRPCError; path: string | undefined }) => void;
  /** Each call of a procedure the router has, when it finished (for /metrics). */
  onCall?: (call: { path: string; type: string; ms: number; ok: boolean }) => void;
  bodyLimit?: number;
  maxBatchSize?: number;
  /** Origins besides the request's own that may send mutations, as `scheme://host[:port]`. */
  allowedOrigins?: readonly string[];
}

/** Calls per batched request; the official adapter gets the same `maxBatchSize` (server.ts), and the
 * browser client splits its batches at it (packages/client). */
export const MAX_BATCH_SIZE = MAX_CALLS_PER_REQUEST;

type ProcedureType = AnyTRPCProcedure["_def"]["type"];

/** The method each procedure type is called with; subscriptions are not served over HTTP here. */
const METHOD_OF: Partial<Record<ProcedureType, string>> = { query: "GET", mutation: "POST" };

export async function registerTrpc<TRouter extends AnyTRPCRouter>(
  app: FastifyInstance,
  opts: TrpcHttpOptions<TRouter>,
) {
  await app.register(async (scope) => trpcRoutes(scope, opts));
}

async function trpcRoutes<TRouter extends AnyTRPCRouter>(
  app: FastifyInstance,
  opts: TrpcHttpOptions<TRouter>,
) {
  // Bodies are kept as text and parsed in the handler, so that bad JSON answers in tRPC's error shape
  // and the content type is checked there. Scoped to these routes by the plugin boundary.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit: opts.bodyLimit }, (_req, body, done) =>
    done(null, body),
  );
  const procedures = opts.router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  const config = opts.router._def._config;
  const maxBatchSize = opts.maxBatchSize ?? MAX_BATCH_SIZE;
  const allowedOrigins = new Set(opts.allowedOrigins ?? []);

  /** One error for the whole request, in the official adapter's shape: a single object, no path. */
  const refuse = (reply: FastifyReply, cause: unknown, type: ProcedureType | "unknown", ctx?: unknown) => {
    const error = getTRPCErrorFromUnknown(cause);
    opts.onError?.({ error, path: undefined });
    const shape = getTRPCErrorShape({ config, error, type, path: undefined, input: undefined, ctx });
    return send(reply, getHTTPStatusCodeFromError(error), { error: shape });
  };

  app.route({
    method: ["GET", "POST"],
    url: `${opts.prefix}/:path`,
    bodyLimit: opts.bodyLimit,
    // Fastify would answer HEAD with this handler, and run the procedure.
    exposeHeadRoute: false,
    handler: async (req, reply) => {
      const query = req.query as Record<string, string | undefined>;
      const batch = query.batch === "1";
      const rawPath = (req.params as { path: string }).path;
      const paths = batch ? rawPath.split(",") : [rawPath];
      let type: ProcedureType | "unknown" = "unknown";

      let calls: Array<{ path: string; procedure: AnyTRPCProcedure | undefined }>;
      let inputs: Inputs;
      try {
        if (req.method === "POST") {
          if (!originAllowed(req, allowedOrigins))
            throw new TRPCError({ code: "FORBIDDEN", message: "请求来源不被允许（Origin 与本站不符）" });
          if (!isJson(req.headers["content-type"]))
            throw new TRPCError({
              code: "UNSUPPORTED_MEDIA_TYPE",
              message: "请求内容须为 JSON（Content-Type: application/json）",
            });
        }
        if (batch && paths.length > maxBatchSize)
          throw new TRPCError({ code: "BAD_REQUEST", message: `一次批量请求最多 ${maxBatchSize} 个调用` });
        calls = paths.map((path) => ({
          path,
          procedure: Object.hasOwn(procedures, path) ? procedures[path] : undefined,
        }));
        const types = new Set(calls.map((c) => c.procedure?._def.type).filter((t) => t !== undefined));
        if (types.size > 1)
          throw new TRPCError({ code: "BAD_REQUEST", message: "一次批量请求不能同时包含查询与修改" });
        type = types.values().next().value ?? "unknown";
        inputs = readInputs(req, batch);
      } catch (cause) {
        return refuse(reply, cause, type);
      }

      // The context is made once for the batch; if that fails, every call answers with its error.
      let ctx: unknown;
      let ctxError: unknown;
      try {
        ctx = await opts.createContext({ req, reply });
      } catch (cause) {
        ctxError = cause;
      }
      const signal = abortOnClose(reply);

      const errors: Array<TRPCError | undefined> = [];
      const results = await Promise.all(
        calls.map(async ({ path, procedure }, index): Promise<CallResult> => {
          try {
            if (!procedure) throw new TRPCError({ code: "NOT_FOUND", message: `没有这个接口：${path}` });
            const method = METHOD_OF[procedure._def.type];
            if (method !== req.method) {
              throw new TRPCError({
                code: "METHOD_NOT_SUPPORTED",
                message: method ? `${path} 需用 ${method} 请求` : `${path} 不能通过 HTTP 调用`,
              });
            }
            if (ctxError !== undefined) throw ctxError;
            const started = performance.now();
            let ok = false;
            try {
              const data: unknown = await callProcedure(procedure, {
                path,
                ctx,
                type: procedure._def.type,
                getRawInput: () => inputs.get(index),
                signal,
                batchIndex: index,
              });
              ok = true;
              return { result: { data } };
            } finally {
              opts.onCall?.({ path, type: procedure._def.type, ms: performance.now() - started, ok });
            }
          } catch (cause) {
            const error = getTRPCErrorFromUnknown(cause);
            errors[index] = error;
            opts.onError?.({ error, path });
            const procType = procedure?._def.type ?? "unknown";
            return {
              error: getTRPCErrorShape({ config, error, type: procType, path, input: undefined, ctx }),
            };
          }
        }),
      );

      const codes = results.map((_, i) => (errors[i] ? getHTTPStatusCodeFromError(errors[i]!) : 200));
      const status = new Set(codes).size === 1 ? codes[0]! : 207;
      const body = bodyOf(results, batch);
      const zipped = body.again && acceptsGzip(req.headers["accept-encoding"]) ? gzipOf(body) : undefined;
      if (zipped) reply.header("content-encoding", "gzip");
      // Whether it is zipped depends on the request's Accept-Encoding: a shared cache must know that.
      reply.header("vary", "accept-encoding");
      return sendJson(reply, status, zipped ?? body.bytes);
    },
  });

  // HEAD, PUT, DELETE …: refused before anything runs. `Allow` names what is served.
  app.route({
    method: ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"],
    url: `${opts.prefix}/:path`,
    handler: (_req, reply) => {
      reply.header("allow", "GET, POST");
      return refuse(
        reply,
        new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: "只接受 GET（查询）与 POST（修改）请求" }),
        "unknown",
      );
    },
  });
}

/**
 * The same router through tRPC's official Fastify adapter, for the conformance test and the bench. It
 * has none of the hardening above (Origin, HEAD, content type beyond its own 415); never mount it for users.
 */
export async function registerOfficialTrpc<TRouter extends AnyTRPCRouter>(
  app: FastifyInstance,
  opts: TrpcHttpOptions<TRouter>,
) {
  const pluginOptions: FastifyTRPCPluginOptions<TRouter> = {
    prefix: opts.prefix,
    trpcOptions: {
      router: opts.router,
      maxBatchSize: opts.maxBatchSize ?? MAX_BATCH_SIZE,
      createContext: ({ req, res }) =>
        opts.createContext({ req, reply: res }) as ReturnType<
          NonNullable<FastifyTRPCPluginOptions<TRouter>["trpcOptions"]["createContext"]>
        >,
      onError: ({ error, path }) => opts.onError?.({ error, path }),
    },
  };
  await app.register(fastifyTRPCPlugin, pluginOptions);
}

function send(reply: FastifyReply, status: number, body: unknown) {
  return sendJson(reply, status, JSON.stringify(body));
}

function sendJson(reply: FastifyReply, status: number, json: string | Buffer) {
  // Bytes, so that Fastify leaves the content type alone: JSON has no charset parameter (RFC 8259).
  return reply
    .code(status)
    .header("content-type", "application/json")
    .header("cache-control", "no-store")
    .send(typeof json === "string" ? Buffer.from(json) : json);
}

/** Media types are case-insensitive and may carry parameters (`application/json; charset=utf-8`). */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}

/**
 * A browser sends Origin on every POST; it must be this server's own origin (as the client reached it:
 * scheme from the protocol, host from the Host header, both from X-Forwarded-* when the proxy is
 * trusted) or a configured one. No Origin at all is a non-browser client, which a cross-site page
 * cannot impersonate, so it passes; the session cookie stays the authentication.
 */
export function originAllowed(req: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.has(origin)) return true;
  const own = `${req.protocol}://${req.host.toLowerCase()}`;
  if (origin === own) return true;
  try {
    // "https://cc.example.cn:443" in Host is "https://cc.example.cn" in Origin.
    return new URL(own).origin === origin;
  } catch {
    return false;
  }
}

interface Inputs {
  get(index: number): Promise<unknown>;
}

/**
 * The raw input of each call. GET carries it in ?input=, POST in the body. As in the official adapter, a
 * bad input is not an error of the request but of each call that reads it: a procedure without input,
 * or whose middleware refuses first (no session), answers as if the input were fine.
 */
function readInputs(req: FastifyRequest, batch: boolean): Inputs {
  const raw =
    req.method === "GET"
      ? (req.query as Record<string, string | undefined>).input
      : (req.body as string | undefined);
  let parsed: unknown;
  let error: TRPCError | undefined;
  if (raw !== undefined && raw !== "") {
    try {
      parsed = JSON.parse(raw);
    } catch (cause) {
      error = new TRPCError({ code: "BAD_REQUEST", message: "请求参数不是有效的 JSON", cause });
    }
  }
  if (
    !error &&
    batch &&
    parsed !== undefined &&
    (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
  ) {
    error = new TRPCError({ code: "BAD_REQUEST", message: "批量请求的 input 须为以序号为键的对象" });
  }
  return {
    get: async (index) => {
      if (error) throw error;
      if (!batch) return parsed;
      return (parsed as Record<string, unknown> | undefined)?.[String(index)];
    },
  };
}

/**
 * Aborted when the connection closes before the answer was written: the client has gone away. Made
 * when a procedure first asks for it (few do; an AbortController and a listener on every request cost
 * 2 % of auth.me), already aborted if the client went away before that.
 */
function abortOnClose(reply: FastifyReply): () => AbortSignal {
  let signal: AbortSignal | undefined;
  return () => {
    if (signal) return signal;
    const controller = new AbortController();
    const res = reply.raw;
    if (res.closed) {
      if (!res.writableEnded) controller.abort();
    } else {
      res.once("close", () => {
        if (!res.writableEnded) controller.abort();
      });
    }
    signal = controller.signal;
    return signal;
  };
}
