import { PassThrough, type Readable } from "node:stream";
import type { Archiver, ArchiverError } from "archiver";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import {
  DomainError,
  openLedger,
  recordLedgerExport,
  ValidationError,
  writeLedgerXlsx,
  type Database,
  type FileStorage,
  type OpenedLedger,
} from "@chuangcheng/domain";
import { archiver, contentDisposition, cookieSession, fail, ID, written } from "./download-route.js";

/**
 * The 台账 of the 报表与导出 page (packages/domain/src/report/ledger-*.ts):
 * `GET /api/ledgers/:kind?unitId=N&from=YYYY-MM-DD&to=YYYY-MM-DD` with the session cookie, where kind
 * is volunteers, activities, lectures, problems, board or tasks. The workbook is written while it is
 * sent, a page of rows read from the database at a time and each row committed, so memory stays flat
 * whatever the number of rows. The 问题整改台账 comes as a zip (a streamed sheet cannot hold pictures):
 * the sheet, then the 照片 folder its cells link to, each photo streamed from the file store.
 *
 * `x-ledger-rows` says how many rows are coming (a streamed file has no length), for the progress bar.
 * Answers `{ error, code, field? }` in Chinese before the file starts: 400 bad parameters (naming the
 * field), 401 no session, 403 not allowed for that unit. The export is written to the 操作日志
 * (report.ledger_export) before the first byte goes. A client that goes away stops the reading at once.
 */
export interface LedgerExportRoutesOptions {
  db: Kysely<Database>;
  storage: FileStorage | null;
}

export async function registerLedgerExportRoutes(app: FastifyInstance, opts: LedgerExportRoutesOptions) {
  // No HEAD twin: it would record an export and start a file nobody reads.
  app.get("/api/ledgers/:kind", { exposeHeadRoute: false }, (req, reply) => ledgerExport(req, reply, opts));
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function ledgerExport(req: FastifyRequest, reply: FastifyReply, opts: LedgerExportRoutesOptions) {
  const session = await cookieSession(opts.db, req, reply);
  if (!session) return;
  const { kind } = req.params as { kind: string };
  const query = req.query as Record<string, unknown>;
  const unitId = query.unitId;
  if (typeof unitId !== "string" || !ID.test(unitId))
    return fail(reply, 400, "请选择要导出台账的单位", "unitId");
  let ledger: OpenedLedger;
  try {
    ledger = await openLedger(opts.db, session, kind, {
      unitId: Number(unitId),
      from: query.from,
      to: query.to,
    });
  } catch (error) {
    if (error instanceof ValidationError) return fail(reply, 400, error.message, error.field);
    if (error instanceof DomainError && error.kind === "forbidden") return fail(reply, 403, error.message);
    throw error;
  }
  await recordLedgerExport(opts.db, session, ledger);

  const stop = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) stop.abort();
  });
  if (reply.raw.destroyed || req.raw.socket.destroyed) stop.abort();
  const { stream, done } = ledgerStream(ledger, opts.storage, stop.signal, (msg, path) =>
    req.log.error({ path }, msg),
  );
  done.catch((err: unknown) => {
    if (stop.signal.aborted) return;
    req.log.error({ err, kind: ledger.info.kind }, "ledger export failed");
    // Cut the response: a file that ends early must not look complete.
    reply.raw.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header("content-type", ledger.info.zip ? "application/zip" : XLSX)
    .header("content-disposition", contentDisposition(ledger))
    .header("x-ledger-rows", String(ledger.count))
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .send(stream);
}

/**
 * The ledger's file as a stream, written as it is read: the .xlsx, or for a ledger with photos a zip
 * of the .xlsx and its 照片 folder. `done` settles when all is written (or rejects on a failure).
 */
export function ledgerStream(
  ledger: OpenedLedger,
  storage: FileStorage | null,
  signal: AbortSignal,
  logMissing: (message: string, path: string) => void = () => {},
): { stream: Readable; done: Promise<void> } {
  const sheet = new PassThrough();
  if (!ledger.info.zip || !ledger.photos) {
    const done = writeLedgerXlsx(ledger, sheet, { signal }).then(() => undefined);
    done.catch((err: unknown) => sheet.destroy(err instanceof Error ? err : new Error(String(err))));
    return { stream: sheet, done };
  }
  const archive = archiver("zip", { zlib: { level: 6 } });
  archive.on("warning", (err: ArchiverError) => logMissing(`ledger zip warning: ${err.message}`, ""));
  const done = fillZip(archive, sheet, ledger, storage, signal, logMissing);
  done.catch(() => archive.abort());
  return { stream: archive, done };
}

async function fillZip(
  archive: Archiver,
  sheet: PassThrough,
  ledger: OpenedLedger,
  storage: FileStorage | null,
  signal: AbortSignal,
  logMissing: (message: string, path: string) => void,
) {
  let current: Readable | null = sheet;
  signal.addEventListener("abort", () => {
    current?.destroy();
    archive.abort();
  });
  // The sheet first (already a zip inside: stored, not deflated again), written while archiver reads it.
  archive.append(sheet, { name: ledger.sheetName, store: true });
  const entry = written(archive, signal);
  await writeLedgerXlsx(ledger, sheet, { signal });
  await entry;
  current = null;
  const missing: string[] = [];
  if (storage) {
    for await (const photo of ledger.photos!()) {
      if (signal.aborted) return;
      const stream = await storage.get(photo.storageKey);
      if (!stream) {
        logMissing("stored photo missing from the ledger export", photo.path);
        missing.push(photo.path);
        continue;
      }
      if (signal.aborted) {
        stream.destroy();
        return;
      }
      current = stream;
      archive.append(stream, { name: photo.path, store: true });
      await written(archive, signal);
      current = null;
    }
  }
  if (missing.length > 0) {
    const text = `以下照片在存储中缺失，未能打包：\r\n${missing.join("\r\n")}\r\n`;
    archive.append(Buffer.from(`\uFEFF${text}`, "utf8"), { name: "缺失照片清单.txt" });
  }
  if (!signal.aborted) await archive.finalize();
}
