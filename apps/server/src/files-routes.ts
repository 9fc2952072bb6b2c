import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fastifyMultipart from "@fastify/multipart";
import type { Kysely } from "kysely";
import {
  DOCUMENT_TOO_LARGE,
  MAX_DOCUMENT_BYTES,
  MAX_UPLOAD_BYTES,
  servableDocument,
  storeDocument,
  type DocumentRef,
  MUST_CHANGE_MESSAGE,
  removeUnattachedFiles,
  resolveSession,
  servableFile,
  SESSION_COOKIE,
  storeUpload,
  ThrottledError,
  TOO_LARGE,
  ValidationError,
  type Database,
  type FileStorage,
  type PhotoRef,
} from "@chuangcheng/domain";
import { scheduleJob } from "./scheduled-job.js";
import { originAllowed } from "./trpc-http.js";

/**
 * Photos over HTTP, for every feature that shows them (packages/domain/src/files):
 * - `POST /api/files`: one photo as multipart/form-data (field `file`), with a session and from this
 *   site's own origin (as tRPC mutations). The body is streamed to a temporary file and never held in
 *   memory; sharp decides from the content what it is. Answers `{ id, width, height, url, thumbUrl }`
 *   (201), or `{ error, field }` in Chinese: 400 not a photo, 401 no session, 403 wrong origin or a
 *   temporary password, 413 over 10 MB (the rest of the body is read, so a browser gets the answer
 *   instead of a reset connection), 415 not multipart, 429 too many photos not yet submitted.
 * - `POST /api/documents`: one document (PDF, DOCX, XLSX) the same way, up to 20 MB, its content checked
 *   against its name; answers `{ id, name, mime, byteSize, url }`. `GET /documents/:id` downloads it
 *   under its name to whoever may see what it is attached to (404 otherwise).
 * - `GET /files/:id` and `/files/:id/thumb`: the image to whoever may see it, else 404 (a guessed id
 *   too). The bytes under an id never change: cached for a year, privately (access-controlled).
 */
export interface FileRoutesOptions {
  db: Kysely<Database>;
  storage: FileStorage;
  /** Origins besides the request's own that may upload (ALLOWED_ORIGINS, PUBLIC_URL), as for mutations. */
  allowedOrigins: readonly string[];
  /** Where uploads are written while they are checked; default the system's temporary folder. */
  tempDir?: string;
}

/** Bodies announced beyond this many times the limit are refused without reading them: draining a huge body costs more than a reset. */
const DRAIN_FACTOR = 4;

export async function registerFileRoutes(app: FastifyInstance, opts: FileRoutesOptions) {
  await app.register(async (scope) => fileRoutes(scope, opts));
}

function fail(reply: FastifyReply, status: number, error: string, field?: string) {
  return reply
    .code(status)
    .header("cache-control", "no-store")
    .send(field ? { error, field } : { error });
}

async function fileRoutes(app: FastifyInstance, opts: FileRoutesOptions) {
  // Scoped to these routes by the plugin boundary; tRPC keeps its own parsers.
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 50 },
  });
  const allowedOrigins = new Set(opts.allowedOrigins);
  const tempDir = opts.tempDir ?? tmpdir();

  /** What one upload route takes: a photo (re-encoded) or a document (stored as sent). */
  interface UploadKind {
    noun: string;
    maxBytes: number;
    tooLarge: string;
    store(uploaderId: number, temp: string, filename: string): Promise<PhotoRef | DocumentRef>;
  }
  const upload = (kind: UploadKind) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!originAllowed(req, allowedOrigins)) return fail(reply, 403, "请求来源不被允许（Origin 与本站不符）");
    if (!req.isMultipart())
      return fail(reply, 415, `请以 multipart/form-data 上传${kind.noun}（字段名 file）`);
    const session = await resolveSession(opts.db, req.cookies[SESSION_COOKIE]);
    if (!session) return fail(reply, 401, "请先登录");
    if (session.user.mustChangePassword) return fail(reply, 403, MUST_CHANGE_MESSAGE);
    const announced = Number(req.headers["content-length"] ?? 0);
    if (announced > DRAIN_FACTOR * kind.maxBytes)
      return fail(reply.header("connection", "close"), 413, kind.tooLarge, "file");

    const outcome = await receive(req, session.user.id, kind);
    if ("ref" in outcome) return reply.code(201).header("cache-control", "no-store").send(outcome.ref);
    return fail(reply, outcome.status, outcome.error, "file");
  };
  app.post(
    "/api/files",
    upload({
      noun: "照片",
      maxBytes: MAX_UPLOAD_BYTES,
      tooLarge: TOO_LARGE,
      store: (uploaderId, input) => storeUpload(opts.db, opts.storage, { uploaderId, input }),
    }),
  );
  app.post(
    "/api/documents",
    upload({
      noun: "文件",
      maxBytes: MAX_DOCUMENT_BYTES,
      tooLarge: DOCUMENT_TOO_LARGE,
      store: (uploaderId, path, name) => storeDocument(opts.db, opts.storage, { uploaderId, path, name }),
    }),
  );

  /** Streams the upload to a temporary file, stores it if it is what the route takes, and removes the file before answering. */
  async function receive(
    req: FastifyRequest,
    uploaderId: number,
    kind: UploadKind,
  ): Promise<{ ref: PhotoRef | DocumentRef } | { status: number; error: string }> {
    const temp = join(tempDir, `cc-upload-${randomUUID()}`);
    try {
      const part = await req.file({ limits: { fileSize: kind.maxBytes } });
      if (!part) return { status: 400, error: `请选择要上传的${kind.noun}` };
      await pipeline(part.file, createWriteStream(temp));
      // Past the limit busboy stops writing the file and reads the rest of the body to the end, so
      // the client has sent everything by the time it reads this answer.
      if (part.file.truncated) return { status: 413, error: kind.tooLarge };
      return { ref: await kind.store(uploaderId, temp, part.filename) };
    } catch (error) {
      if (error instanceof ValidationError) return { status: 400, error: error.message };
      if (error instanceof ThrottledError) return { status: 429, error: error.message };
      if (error instanceof app.multipartErrors.RequestFileTooLargeError)
        return { status: 413, error: kind.tooLarge };
      // Malformed multipart, too many parts, a body that broke off: the client's fault, said plainly.
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== undefined && status >= 400 && status < 500)
        return { status: 400, error: "上传的数据不完整或格式有误，请重新上传" };
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }

  const serve = (variant: "image" | "thumb") => async (req: FastifyRequest, reply: FastifyReply) => {
    const { id } = req.params as { id: string };
    if (!/^[1-9]\d{0,14}$/.test(id)) return fail(reply, 404, "未找到");
    const session = await resolveSession(opts.db, req.cookies[SESSION_COOKIE]);
    const file = await servableFile(opts.db, session, Number(id), variant);
    if (!file) return fail(reply, 404, "未找到");
    const etag = `"${file.key}"`;
    reply
      .header("content-type", file.mime)
      .header("cache-control", "private, max-age=31536000, immutable")
      .header("x-content-type-options", "nosniff")
      .header("etag", etag);
    if (req.headers["if-none-match"] === etag) return reply.code(304).send();
    const stream = await opts.storage.get(file.key);
    if (!stream) {
      // A row whose bytes are gone: the store was not backed up with the database.
      req.log.error({ fileId: Number(id) }, "stored file missing");
      return fail(reply.header("cache-control", "no-store"), 404, "未找到");
    }
    return reply.header("content-length", String(file.bytes)).send(stream);
  };
  app.get("/files/:id", serve("image"));
  app.get("/files/:id/thumb", serve("thumb"));

  // A document downloads under its own name; the browser never renders it in this origin.
  app.get("/documents/:id", async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!/^[1-9]\d{0,14}$/.test(id)) return fail(reply, 404, "未找到");
    const session = await resolveSession(opts.db, req.cookies[SESSION_COOKIE]);
    const document = await servableDocument(opts.db, session, Number(id));
    if (!document) return fail(reply, 404, "未找到");
    const stream = await opts.storage.get(document.key);
    if (!stream) {
      req.log.error({ documentId: Number(id) }, "stored document missing");
      return fail(reply, 404, "未找到");
    }
    return reply
      .header("content-type", document.mime)
      .header("content-disposition", attachment(document.name))
      .header("cache-control", "private, no-cache")
      .header("x-content-type-options", "nosniff")
      .header("content-length", String(document.bytes))
      .send(stream);
  });
}

/**
 * Removes uploads never attached within a day: once at start, then every `everyMs` (an hour). A
 * failure is logged and tried again at the next run. The timer does not keep the process alive and
 * stops when the server closes.
 */
export function scheduleFileCleanup(
  app: FastifyInstance,
  opts: { db: Kysely<Database>; storage: FileStorage; everyMs?: number },
) {
  return scheduleJob(app, {
    job: async () => {
      const { files, objects } = await removeUnattachedFiles(opts.db, opts.storage);
      if (files > 0) app.log.info({ files, objects }, "removed photos never attached");
    },
    everyMs: opts.everyMs ?? 60 * 60 * 1000,
    failure: "photo cleanup failed",
  });
}

/** Content-Disposition for a download named `name` (Chinese names: RFC 6266 filename*, ASCII fallback). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
