import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  TRPCError,
  type AnyTRPCRouter,
} from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

/**
 * tRPC's HTTP protocol (JSON, no transformer; single and batched calls; queries by GET, mutations by
 * POST) served straight from Fastify. The official adapter converts every request to a Fetch Request
 * and streams the response back, which measured at about a tenth of a plain Fastify route; this
 * keeps the protocol and calls the same procedures, without the conversion.
 */
export interface TrpcHttpOptions<TRouter extends AnyTRPCRouter> {
  prefix: string;
  router: TRouter;
  createContext: (opts: { req: FastifyRequest; reply: FastifyReply }) => Promise<unknown>;
  onError?: (opts: { error: TRPCError; path: string }) => void;
  bodyLimit?: number;
}

type Result = { result: { data: unknown } } | { error: unknown };

function parseInput(req: FastifyRequest): unknown {
  // GET carries the input in ?input=; POST in the body, kept as text by the parser below.
  const raw =
    req.method === "GET"
      ? (req.query as Record<string, string | undefined>).input
      : (req.body as string | undefined);
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new TRPCError({ code: "PARSE_ERROR", message: "请求参数不是有效的 JSON", cause });
  }
}

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
  // Bodies are parsed in the handler, so that bad JSON answers in tRPC's error shape, and so that a
  // mutation without input may send an empty body. Scoped to these routes by the plugin boundary.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit: opts.bodyLimit }, (_req, body, done) =>
    done(null, body),
  );
  const procedures = opts.router._def.procedures as Record<string, { _def: { type: string } } | undefined>;
  const config = opts.router._def._config;

  app.route({
    method: ["GET", "POST"],
    url: `${opts.prefix}/:path`,
    bodyLimit: opts.bodyLimit,
    handler: async (req, reply) => {
      const paths = (req.params as { path: string }).path.split(",");
      const batch = (req.query as Record<string, string | undefined>).batch === "1";
      const type = req.method === "GET" ? "query" : "mutation";
      const errors: Array<TRPCError | undefined> = [];
      let ctx: unknown;

      const fail = (error: TRPCError, path: string, index: number, input: unknown): Result => {
        errors[index] = error;
        opts.onError?.({ error, path });
        return { error: getTRPCErrorShape({ config, error, type, path, input, ctx }) };
      };

      let results: Result[];
      try {
        if (!batch && paths.length > 1)
          throw new TRPCError({ code: "BAD_REQUEST", message: "批量请求需带 batch=1" });
        const input = parseInput(req);
        ctx = await opts.createContext({ req, reply });
        results = await Promise.all(
          paths.map(async (path, index): Promise<Result> => {
            const raw = batch ? (input as Record<string, unknown> | undefined)?.[String(index)] : input;
            try {
              const declared = procedures[path]?._def.type;
              if (declared && declared !== type) {
                throw new TRPCError({
                  code: "METHOD_NOT_SUPPORTED",
                  message: `${path} 需用 ${declared === "query" ? "GET" : "POST"} 请求`,
                });
              }
              const data = await callTRPCProcedure({
                router: opts.router,
                path,
                type,
                ctx,
                getRawInput: async () => raw,
                signal: undefined,
                batchIndex: index,
              });
              return { result: { data } };
            } catch (cause) {
              return fail(getTRPCErrorFromUnknown(cause), path, index, raw);
            }
          }),
        );
      } catch (cause) {
        // The whole request is bad (unparseable input, no context): one error for every call in it.
        const error = getTRPCErrorFromUnknown(cause);
        results = paths.map((path, index) => fail(error, path, index, undefined));
      }

      const codes = results.map((_, i) => (errors[i] ? getHTTPStatusCodeFromError(errors[i]!) : 200));
      const status = new Set(codes).size === 1 ? codes[0]! : 207;
      return reply
        .code(status)
        .header("content-type", "application/json")
        .header("cache-control", "no-store")
        .send(JSON.stringify(batch ? results : results[0]));
    },
  });
}
