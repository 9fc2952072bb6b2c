import { buildWorkbook, readSheet, type Sheet } from "./excel/workbook.js";
import { buildSummaryDocx } from "./report/summary-docx.js";
import { certificateDocx } from "./volunteer/certificate-docx.js";
import { certificatePdf } from "./volunteer/certificate-pdf.js";
import type { CertificateDocument } from "./volunteer/certificate-service.js";
import { readImportRows, type ImportRowsContext } from "./volunteer/volunteer-import-rows.js";
import type { SummaryDocument, SummaryImage } from "./report/summary-model.js";

/**
 * The CPU-heavy work a request may need — reading an uploaded Excel sheet, building one, a .docx or a PDF —
 * by name, so that the server can run it on a worker thread (apps/server/src/worker-pool.ts) while the
 * event loop goes on serving others. Each task is a pure function of plain data (structured-cloneable
 * arguments and result). In-process callers and tests use `inlineOffload`, which runs it right here.
 */
export const OFFLOAD_TASKS = {
  readSheet: (base64: string) => readSheet(base64),
  // The 志愿者 import's rows: read and checked, 身份证号 hashed with the key passed along.
  volunteerImportRows: (base64: string, context: ImportRowsContext) => readImportRows(base64, context),
  // Pictures arrive from another thread as Uint8Array: exceljs wants Buffers.
  workbook: (sheets: Sheet[]) =>
    buildWorkbook(
      sheets.map((s) =>
        s.images
          ? {
              ...s,
              images: s.images.map((im) => ({
                ...im,
                data: Buffer.from(im.data.buffer, im.data.byteOffset, im.data.byteLength),
              })),
            }
          : s,
      ),
    ),
  summaryDocx: (doc: SummaryDocument, images: ReadonlyMap<number, SummaryImage>) =>
    buildSummaryDocx(doc, images),
  certificatePdf: (c: CertificateDocument) => certificatePdf(c),
  certificateDocx: (c: CertificateDocument) => certificateDocx(c),
} as const;

export type OffloadTasks = typeof OFFLOAD_TASKS;
export type OffloadTask = keyof OffloadTasks;

export interface Offload {
  run<K extends OffloadTask>(
    task: K,
    ...args: Parameters<OffloadTasks[K]>
  ): Promise<Awaited<ReturnType<OffloadTasks[K]>>>;
}

/** Runs each task in this thread. */
export const inlineOffload: Offload = {
  run: (task, ...args) =>
    (OFFLOAD_TASKS[task] as (...a: unknown[]) => Promise<never>)(...(args as unknown[])),
};
