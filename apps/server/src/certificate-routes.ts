import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import {
  certificateDocument,
  certificateDocx,
  certificatePdf,
  DomainError,
  MissingFontError,
  MUST_CHANGE_MESSAGE,
  resolveSession,
  SESSION_COOKIE,
  type CertificateDocument,
  type Database,
} from "@chuangcheng/domain";

/**
 * The 志愿服务证明 files (packages/domain/src/volunteer/certificate-*.ts), issued first through
 * `volunteer.issueCertificate`: `GET /api/certificates/:id.pdf` (A4, for printing) and
 * `GET /api/certificates/:id.docx`, with the session cookie, to the volunteer themself or an admin of
 * the 社区 (the domain checks). The QR code leads to `${publicUrl}/verify/<code>` (PUBLIC_URL, else the
 * origin the request came to). Answers `{ error, code }` in Chinese: 400 a bad address, 401 no session,
 * 403 not theirs, 404 no such certificate, 409 revoked, 503 the Chinese font is not installed.
 */
export interface CertificateRoutesOptions {
  db: Kysely<Database>;
  /** PUBLIC_URL; default each request's own origin */
  publicUrl?: string;
}

const CODES = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  503: "SERVICE_UNAVAILABLE",
} as const;
const STATUS_OF = { forbidden: 403, not_found: 404, conflict: 409, invalid: 400, unauthorized: 401 } as const;

function fail(reply: FastifyReply, status: keyof typeof CODES, error: string) {
  return reply.code(status).header("cache-control", "no-store").send({ error, code: CODES[status] });
}

const FILE = /^([1-9]\d{0,14})\.(pdf|docx)$/;
const MIME = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

/** RFC 5987 ext-value: percent-encoded UTF-8, with ' ( ) * encoded too. */
function rfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function registerCertificateRoutes(app: FastifyInstance, opts: CertificateRoutesOptions) {
  app.get("/api/certificates/:file", { exposeHeadRoute: false }, (req, reply) =>
    certificateFile(req, reply, opts),
  );
}

async function certificateFile(req: FastifyRequest, reply: FastifyReply, opts: CertificateRoutesOptions) {
  const session = await resolveSession(opts.db, req.cookies[SESSION_COOKIE]);
  if (!session) return fail(reply, 401, "请先登录");
  if (session.user.mustChangePassword) return fail(reply, 403, MUST_CHANGE_MESSAGE);
  const match = FILE.exec((req.params as { file: string }).file);
  if (!match) return fail(reply, 400, "证明编号或文件格式不正确（应为 编号.pdf 或 编号.docx）");
  const format = match[2] as "pdf" | "docx";
  let doc: CertificateDocument;
  try {
    doc = await certificateDocument(
      opts.db,
      session,
      Number(match[1]),
      opts.publicUrl ?? `${req.protocol}://${req.host}`,
    );
  } catch (error) {
    if (error instanceof DomainError && error.kind in STATUS_OF)
      return fail(reply, STATUS_OF[error.kind as keyof typeof STATUS_OF], error.message);
    throw error;
  }
  let body: Buffer;
  try {
    body = format === "pdf" ? await certificatePdf(doc) : await certificateDocx(doc);
  } catch (error) {
    if (error instanceof MissingFontError) {
      req.log.error(error.message);
      return fail(reply, 503, error.message);
    }
    throw error;
  }
  const name = `志愿服务证明-${doc.name}-${doc.periodStart.slice(0, 4)}.${format}`;
  return reply
    .header("content-type", MIME[format])
    .header(
      "content-disposition",
      `attachment; filename="certificate-${doc.id}.${format}"; filename*=UTF-8''${rfc5987(name)}`,
    )
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .send(body);
}
