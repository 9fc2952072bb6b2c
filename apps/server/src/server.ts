import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import type { Kysely } from "kysely";
import type { TRPCError } from "@trpc/server";
import { registerSecurityHeaders } from "./security-headers.js";
import { registerFileRoutes } from "./files-routes.js";
import { registerLedgerRoutes } from "./ledger-routes.js";
import { registerMetricsRoute, type ServerMetrics } from "./metrics.js";
import type { WorkerPool } from "./worker-pool.js";
import { registerCertificateRoutes } from "./certificate-routes.js";
import { registerLedgerExportRoutes } from "./ledger-export-routes.js";
import { MAX_BATCH_SIZE, registerOfficialTrpc, registerTrpc } from "./trpc-http.js";
import {
  appRouter,
  BoardCache,
  createAggregateCache,
  createContextInner,
  dialectOf,
  ping,
  resolveSession,
  schemaVersion,
  SESSION_COOKIE,
  type BoardBasis,
  type Database,
  type DataKeys,
  type FileStorage,
  type Offload,
  type SmsSender,
  inlineOffload,
} from "@chuangcheng/domain";

export interface ServerOptions {
  db: Kysely<Database>;
  keys: DataKeys;
  logLevel?: string;
  /** Where log lines go (default stdout); tests pass a sink to read them. */
  logStream?: { write(line: string): void };
  cookieSecure?: boolean;
  /** Built SPAs; default: the apps' dist folders beside this package. */
  adminDir?: string;
  portalDir?: string;
  /** Origins besides the request's own that may send mutations (ALLOWED_ORIGINS, PUBLIC_URL). */
  allowedOrigins?: string[];
  /** Behind a reverse proxy: req.ip, protocol and host come from X-Forwarded-* (TRUST_PROXY). */
  trustProxy?: boolean;
  /** Sends SMS verification codes (password reset by code); none by default (SMS_TRANSPORT). */
  sms?: SmsSender | null;
  /** The public base address for links meant for phones (PUBLIC_URL); default: each request's own origin. */
  publicUrl?: string;
  /** Public registrations one client address may start in an hour (REGISTRATIONS_PER_HOUR). */
  registrationsPerHour?: number;
  /**
   * Where each tRPC handler is mounted; default the lean handler at /trpc. The conformance test and the
   * bench also mount tRPC's official Fastify adapter to compare the two.
   */
  trpcMounts?: { lean?: string; official?: string };
  /**
   * Where uploaded photos are kept (main.ts: DATA_DIR/files) and where uploads wait while they are
   * checked (default the system's temporary folder). Without it, /api/files and /files/… are 404.
   */
  files?: { storage: FileStorage; tempDir?: string };
  /**
   * /metrics (METRICS_TOKEN): the figures main.ts collects (its database reports each query to
   * `metrics.observeQuery`), served to `Authorization: Bearer <token>` only. Without it, no /metrics.
   */
  metrics?: { metrics: ServerMetrics; token: string };
  /** Where CPU-heavy work runs (main.ts: the worker pool, OFFLOAD_WORKERS); default this thread. */
  offload?: Offload;
  /** The read-only SQLite connections on worker threads (main.ts, DB_READERS), for /healthz to report. */
  readers?: { stats(): { size: number; busy: number; queued: number } } | null;
}

const appDir = (name: string) => fileURLToPath(new URL(`../../${name}/dist/`, import.meta.url));

/** Builds the HTTP host: tRPC at /trpc, the admin SPA at /admin/, the portal at /, /healthz. */
export async function buildServer(opts: ServerOptions) {
  const app = Fastify({
    trustProxy: opts.trustProxy ?? false,
    // Batched tRPC paths ("auth.me,org.publicTree") can be long.
    routerOptions: { maxParamLength: 5000 },
    logger: {
      level: opts.logLevel ?? "info",
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      // Query strings carry tRPC inputs (names, mobiles): never log them.
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, url: req.url.split("?")[0] }),
      },
      redact: ["req.headers.cookie", "req.headers.authorization"],
    },
  });

  await registerSecurityHeaders(app, { hsts: opts.cookieSecure ?? false });
  await app.register(fastifyCookie);

  // One per server: a board change made anywhere reaches it through board_revision (board-cache.ts).
  const boardCache = new BoardCache<BoardBasis>();
  // Dashboards, readiness and the public figures kept a few seconds (aggregate-cache.ts); a caller's own
  // changes show at once. SQLite only: one server owns the file and sees every write. Several servers on
  // one PostgreSQL database would each keep their own, and a write on one would not reach the others.
  const aggregates = dialectOf(opts.db) === "sqlite" ? createAggregateCache() : null;
  const trpc = {
    router: appRouter,
    // Excel imports arrive base64-encoded inside the JSON body.
    bodyLimit: 16 * 1024 * 1024,
    maxBatchSize: MAX_BATCH_SIZE,
    allowedOrigins: opts.allowedOrigins ?? [],
    createContext: async ({ req, reply: res }: { req: FastifyRequest; reply: FastifyReply }) => {
      const session = await resolveSession(opts.db, req.cookies[SESSION_COOKIE]);
      return createContextInner({
        db: opts.db,
        keys: opts.keys,
        session,
        // Throttles login per address; req.ip honours the proxy settings.
        clientAddress: req.ip,
        sms: opts.sms ?? null,
        // Links for phones (the check-in QR code): the origin the admin's browser reached, unless configured.
        publicBaseUrl: opts.publicUrl ?? `${req.protocol}://${req.host}`,
        registrationsPerHour: opts.registrationsPerHour,
        // The 整改台账 embeds photos from the store the uploads go to.
        fileStorage: opts.files?.storage ?? null,
        boardCache,
        aggregates,
        ...(opts.offload ? { offload: opts.offload } : {}),
        cookies: {
          set: (token, expiresAt) =>
            res.setCookie(SESSION_COOKIE, token, {
              httpOnly: true,
              sameSite: "lax",
              secure: opts.cookieSecure ?? false,
              path: "/",
              expires: expiresAt,
            }),
          clear: () => res.clearCookie(SESSION_COOKIE, { path: "/" }),
        },
      });
    },
    ...(opts.metrics ? { onCall: opts.metrics.metrics.observeCall } : {}),
    onError({ error, path }: { error: TRPCError; path: string | undefined }) {
      // Only unexpected failures are logged; the input is left out because it may hold personal data.
      if (error.code === "INTERNAL_SERVER_ERROR")
        app.log.error({ path, err: error.cause ?? error }, "procedure failed");
    },
  };
  const mounts = opts.trpcMounts ?? { lean: "/trpc" };
  if (mounts.lean) await registerTrpc(app, { ...trpc, prefix: mounts.lean });
  if (mounts.official) await registerOfficialTrpc(app, { ...trpc, prefix: mounts.official });
  if (opts.files)
    await registerFileRoutes(app, { db: opts.db, allowedOrigins: trpc.allowedOrigins, ...opts.files });
  // The 台账 zip streams stored files from the same store.
  if (opts.files)
    await registerLedgerRoutes(app, { db: opts.db, storage: opts.files.storage, offload: opts.offload });
  // The 志愿服务证明 as PDF and Word; its QR code links to the public verify page.
  await registerCertificateRoutes(app, {
    db: opts.db,
    offload: opts.offload ?? inlineOffload,
    ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
  });
  // The 报表与导出 台账, streamed (the 问题整改台账's photos from the same store).
  await registerLedgerExportRoutes(app, { db: opts.db, storage: opts.files?.storage ?? null });

  if (opts.metrics) await registerMetricsRoute(app, opts.metrics);

  // database: whether it answers; databaseKind: which one this server runs on (sqlite or postgres).
  const databaseKind = dialectOf(opts.db);
  app.get("/healthz", async (_req, reply) => {
    try {
      const [ok, version] = await Promise.all([ping(opts.db), schemaVersion(opts.db)]);
      // The worker pool (when there is one): its threads, the busy ones and the jobs waiting.
      const workers = opts.offload && "stats" in opts.offload ? (opts.offload as WorkerPool).stats() : null;
      // ping reads through the readers when there are any: "ok" says they answer, this how busy they are.
      const readers = opts.readers?.stats() ?? null;
      return {
        status: ok ? "ok" : "degraded",
        database: ok,
        databaseKind,
        schemaVersion: version,
        workers,
        readers,
      };
    } catch (err) {
      app.log.error({ err }, "health check failed");
      return reply.code(503).send({ status: "down", database: false, databaseKind, schemaVersion: null });
    }
  });

  const adminDir = opts.adminDir ?? appDir("admin");
  const portalDir = opts.portalDir ?? appDir("portal");
  const haveAdmin = existsSync(adminDir);
  const havePortal = existsSync(portalDir);
  if (haveAdmin) {
    await app.register(fastifyStatic, {
      root: adminDir,
      prefix: "/admin/",
      wildcard: false,
      index: "index.html",
    });
  }
  if (havePortal) {
    await app.register(fastifyStatic, {
      root: portalDir,
      prefix: "/",
      wildcard: false,
      decorateReply: !haveAdmin,
    });
  }
  app.get("/admin", (_req, reply) => reply.redirect("/admin/"));

  // Deep links (/admin/org, /me) load the SPA, which routes on the client; API and files stay 404.
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    const api = ["/trpc", "/api/", "/files/"].some((prefix) => path.startsWith(prefix));
    const wantsPage = req.method === "GET" && !api && !/\.[a-z0-9]+$/i.test(path);
    if (wantsPage && path.startsWith("/admin") && haveAdmin) return reply.sendFile("index.html", adminDir);
    if (wantsPage && !path.startsWith("/admin") && havePortal) return reply.sendFile("index.html", portalDir);
    return reply.code(404).send({ error: "未找到", path });
  });

  return app;
}
