import type { LedgerKind } from "@chuangcheng/domain/rules";

// The 台账 download as the 报表与导出 page does it: fetch the stream (apps/server/src/ledger-export-routes.ts),
// read its body chunk by chunk to show progress, then save it under the name the server gave.

export interface LedgerRequest {
  kind: LedgerKind;
  unitId: number;
  from: string;
  to: string;
}

export function ledgerUrl({ kind, unitId, from, to }: LedgerRequest): string {
  const query = new URLSearchParams({ unitId: String(unitId), from, to });
  return `/api/ledgers/${kind}?${query.toString()}`;
}

export interface LedgerProgress {
  /** rows the file holds (x-ledger-rows), null until the answer arrives */
  rows: number | null;
  bytes: number;
  /** an estimate of the share received, 0–1 (a streamed file has no length); 1 once complete */
  share: number;
  done: boolean;
}

/** Bytes a row takes in the compressed sheet, about (measured on the bench); photos come on top. */
const BYTES_PER_ROW: Record<LedgerKind, number> = {
  volunteers: 90,
  activities: 45,
  lectures: 60,
  problems: 90,
  board: 60,
  tasks: 60,
};
/** A 问题整改台账 row's photos (one before, one after), about. */
const PHOTO_BYTES_PER_ROW = 150_000;

/** A refusal the server answered in Chinese before the file started ({ error, field }). */
export class LedgerError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The file name of a Content-Disposition: the UTF-8 one (filename*) if there is one. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** Fetches the ledger, reporting progress; resolves with the file (not yet saved). */
export async function fetchLedger(
  request: LedgerRequest,
  onProgress: (p: LedgerProgress) => void,
  signal?: AbortSignal,
): Promise<{ blob: Blob; fileName: string; rows: number; bytes: number }> {
  const res = await fetch(ledgerUrl(request), { credentials: "same-origin", signal });
  if (!res.ok) {
    let body: { error?: string; field?: string } = {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      // not JSON: a proxy's page
    }
    throw new LedgerError(body.error ?? `导出失败（${res.status}），请稍后重试`, body.field);
  }
  const rows = Number(res.headers.get("x-ledger-rows") ?? "0");
  const zip = (res.headers.get("content-type") ?? "").includes("zip");
  const expected = Math.max(8_000, rows * (BYTES_PER_ROW[request.kind] + (zip ? PHOTO_BYTES_PER_ROW : 0)));
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  onProgress({ rows, bytes, share: 0, done: false });
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      onProgress({ rows, bytes, share: Math.min(0.95, bytes / expected), done: false });
    }
  }
  onProgress({ rows, bytes, share: 1, done: true });
  const type = res.headers.get("content-type") ?? "application/octet-stream";
  const fallback = `${request.kind}.${zip ? "zip" : "xlsx"}`;
  return {
    blob: new Blob(chunks as BlobPart[], { type }),
    fileName: fileNameOf(res.headers.get("content-disposition"), fallback),
    rows,
    bytes,
  };
}

/** Saves a Blob under its name (the browser's download, no new tab). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 1.2 MB, 640 KB: what has arrived so far. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
