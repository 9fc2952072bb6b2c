import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import {
  certificateDocument,
  DomainError,
  MissingFontError,
  type CertificateDocument,
  type Database,
  type Offload,
} from "@chuangcheng/domain";
import { contentDisposition, cookieSession, fail } from "./download-route.js";

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
  /** where the PDF and .docx are built (the worker pool) */
  offload: Offload;
  /** PUBLIC_URL; default each request's own origin */
  publicUrl?: string;
}

const STATUS_OF = { forbidden: 403, not_found: 404, conflict: 409, invalid: 400, unauthorized: 401 } as const;

const FILE = /^([1-9]\d{0,14})\.(pdf|docx)$/;
const MIME = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

export async function registerCertificateRoutes(app: FastifyInstance, opts: CertificateRoutesOptions) {
  app.get("/api/certificates/:file", { exposeHeadRoute: false }, (req, reply) =>
    certificateFile(req, reply, opts),
  );
}

async function certificateFile(req: FastifyRequest, reply: FastifyReply, opts: CertificateRoutesOptions) {
  const session = await cookieSession(opts.db, req, reply);
  if (!session) return;
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
    body = await opts.offload.run(format === "pdf" ? "certificatePdf" : "certificateDocx", doc);
  } catch (error) {
    // From a worker thread the error arrives as its name and message.
    if (error instanceof MissingFontError || (error instanceof Error && error.name === "MissingFontError")) {
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
      contentDisposition({ fileName: name, asciiFileName: `certificate-${doc.id}.${format}` }),
    )
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .send(body);
}
