import * as archiverModule from "archiver";
import type { Archiver, ArchiverOptions } from "archiver";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { useNativeZipCrc } from "./zip-crc.js";
import {
  MUST_CHANGE_MESSAGE,
  resolveSession,
  SESSION_COOKIE,
  type AuthSession,
  type Database,
} from "@chuangcheng/domain";

// What the download routes share (the campaign 台账 zip, the 台账 exports, the 志愿服务证明 files): the
// session from the cookie, Chinese JSON refusals before the file starts, the file's name in the
// Content-Disposition header, and the zip writer with its wait for each entry.

export const HTTP_CODES = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  503: "SERVICE_UNAVAILABLE",
} as const;
export type RefusalStatus = keyof typeof HTTP_CODES;

/** `{ error, code, field? }` with the status, never cached. */
export function fail(reply: FastifyReply, status: RefusalStatus, error: string, field?: string) {
  return reply
    .code(status)
    .header("cache-control", "no-store")
    .send({ error, code: HTTP_CODES[status], ...(field ? { field } : {}) });
}

/** A database id as it may appear in a path or query. */
export const ID = /^[1-9]\d{0,14}$/;

/**
 * The session behind the request's cookie; null after answering 401 (none) or 403 (a password that
 * must be changed first), so the route returns at once.
 */
export async function cookieSession(
  db: Kysely<Database>,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<AuthSession | null> {
  const session = await resolveSession(db, req.cookies[SESSION_COOKIE]);
  if (!session) {
    await fail(reply, 401, "请先登录");
    return null;
  }
  if (session.user.mustChangePassword) {
    await fail(reply, 403, MUST_CHANGE_MESSAGE);
    return null;
  }
  return session;
}

/** RFC 5987 ext-value: percent-encoded UTF-8, with ' ( ) * encoded too (not attr-chars). */
function rfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** attachment, with the Chinese name for every current browser and an ASCII one for the rest. */
export function contentDisposition(file: { fileName: string; asciiFileName: string }): string {
  return `attachment; filename="${file.asciiFileName}"; filename*=UTF-8''${rfc5987(file.fileName)}`;
}

// archiver 5.3.2 (the version exceljs brings) exports a factory; @types/archiver 8 describes archiver 7's
// classes, whose instances have the same methods and events.
export const archiver = (
  archiverModule as unknown as { default: (format: "zip", options?: ArchiverOptions) => Archiver }
).default;
// Its entries' CRC-32 by zlib, not in JavaScript on the event loop (zip-crc.ts).
useNativeZipCrc();

/** Resolves when archiver has written the entry just appended (or the download was stopped). */
export function written(archive: Archiver, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      archive.off("entry", done);
      archive.off("error", failed);
      signal.removeEventListener("abort", done);
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const failed = (err: Error) => {
      cleanup();
      reject(err);
    };
    archive.once("entry", done);
    archive.once("error", failed);
    signal.addEventListener("abort", done, { once: true });
  });
}
