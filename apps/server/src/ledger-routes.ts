import type { Readable } from "node:stream";
import type { Archiver, ArchiverError } from "archiver";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import {
  DomainError,
  ledgerPlan,
  recordLedgerDownload,
  ValidationError,
  type Database,
  type FileStorage,
  type LedgerPlan,
  type Offload,
} from "@chuangcheng/domain";
import { archiver, contentDisposition, cookieSession, fail, ID, written } from "./download-route.js";

/**
 * The 台账 package of a campaign, one 社区's copy (packages/domain/src/campaign/campaign-ledger.ts):
 * `GET /api/campaigns/:id/ledger.zip?communityId=N[&project=…]` with the session cookie. The zip is
 * written while it is sent: one entry at a time, each stored file streamed from the file store and
 * each generated one (the index, a sign-in sheet) built when its turn comes, so memory stays flat
 * whatever the package's size. Photos, documents and the generated spreadsheets are compressed
 * already: stored as they are; the generated text files deflated. A client that goes away stops the
 * work at once.
 *
 * Answers `{ error, code, field? }` in Chinese before the zip starts: 400 bad parameters (naming the
 * field), 401 no session, 403 not a reader of that 社区's copy, 404 no such campaign. The download
 * is written to the 操作日志 (campaign.ledger_download) before the first byte goes.
 */
export interface LedgerRoutesOptions {
  db: Kysely<Database>;
  storage: FileStorage;
  /** where the package's spreadsheets are built (the worker pool); default this thread */
  offload?: Offload;
}

export async function registerLedgerRoutes(app: FastifyInstance, opts: LedgerRoutesOptions) {
  // No HEAD twin: it would record a download and start a zip nobody reads.
  app.get("/api/campaigns/:id/ledger.zip", { exposeHeadRoute: false }, (req, reply) =>
    ledgerZip(req, reply, opts),
  );
}

async function ledgerZip(req: FastifyRequest, reply: FastifyReply, opts: LedgerRoutesOptions) {
  const session = await cookieSession(opts.db, req, reply);
  if (!session) return;
  const { id } = req.params as { id: string };
  const query = req.query as Record<string, unknown>;
  if (!ID.test(id)) return fail(reply, 400, "创城活动编号不正确", "campaignId");
  const communityId = query.communityId;
  if (typeof communityId !== "string" || !ID.test(communityId))
    return fail(reply, 400, "请选择要下载台账的社区", "communityId");
  const project = query.project;
  if (project !== undefined && (typeof project !== "string" || project.trim() === "" || project.length > 100))
    return fail(reply, 400, "测评项目不正确", "project");

  let plan: LedgerPlan;
  try {
    plan = await ledgerPlan(
      opts.db,
      session,
      {
        campaignId: Number(id),
        communityId: Number(communityId),
        project: project?.trim(),
      },
      opts.offload,
    );
  } catch (error) {
    if (error instanceof ValidationError) return fail(reply, 400, error.message, error.field);
    if (error instanceof DomainError && error.kind === "forbidden") return fail(reply, 403, error.message);
    if (error instanceof DomainError && error.kind === "not_found") return fail(reply, 404, error.message);
    throw error;
  }
  await recordLedgerDownload(opts.db, session, plan);

  const archive = archiver("zip", { zlib: { level: 6 } });
  const stop = new AbortController();
  // The client went away (or the response broke): stop reading files and building entries.
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) stop.abort();
  });
  // …or went away while the plan was worked out, before anyone listened.
  if (reply.raw.destroyed || req.raw.socket.destroyed) stop.abort();
  archive.on("warning", (err: ArchiverError) => req.log.warn({ err }, "ledger zip warning"));
  fill(archive, plan, opts.storage, stop.signal, req).catch((err: unknown) => {
    if (stop.signal.aborted) return;
    req.log.error({ err, campaignId: plan.campaign.id }, "ledger zip failed");
    // Cut the response: a zip that ends early must not look complete.
    reply.raw.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header("content-type", "application/zip")
    .header("content-disposition", contentDisposition(plan))
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .send(archive);
}

/** Appends the entries one after another, each once the previous one is written; then finalizes. */
async function fill(
  archive: Archiver,
  plan: LedgerPlan,
  storage: FileStorage,
  signal: AbortSignal,
  req: FastifyRequest,
) {
  let current: Readable | null = null;
  signal.addEventListener("abort", () => {
    current?.destroy();
    archive.abort();
  });
  const missing: string[] = [];
  for (const entry of plan.entries) {
    if (signal.aborted) return;
    if (entry.kind === "stored") {
      const stream = await storage.get(entry.storageKey);
      if (!stream) {
        // A row whose bytes are gone (the store was not restored with the database): listed, not fatal.
        req.log.error({ path: entry.path }, "stored file missing from the ledger package");
        missing.push(entry.path);
        continue;
      }
      if (signal.aborted) {
        stream.destroy();
        return;
      }
      current = stream;
      archive.append(stream, { name: entry.path, store: true });
    } else {
      const data = await entry.build();
      if (signal.aborted) return;
      // A spreadsheet is a zip already: deflating it again gains nothing. Over the mixed bench's package
      // the deflate stream took 190 ms of the event loop's profile samples; 80 ms with these stored.
      archive.append(data, { name: entry.path, store: entry.path.endsWith(".xlsx") });
    }
    await written(archive, signal);
    current = null;
  }
  if (missing.length > 0) {
    const text = `以下文件在存储中缺失，未能打包：\r\n${missing.join("\r\n")}\r\n`;
    archive.append(Buffer.from(`\uFEFF${text}`, "utf8"), { name: "缺失文件清单.txt" });
  }
  if (!signal.aborted) await archive.finalize();
}
