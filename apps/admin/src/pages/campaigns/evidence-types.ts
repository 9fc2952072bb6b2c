import type { inferOutput } from "@trpc/tanstack-react-query";
import type { useTRPC } from "../../lib/trpc";

type Api = ReturnType<typeof useTRPC>;
export type ItemEvidence = inferOutput<Api["campaign"]["evidence"]>;
export type FiledEvidence = ItemEvidence["evidence"][number];
export type EvidenceLink = ItemEvidence["links"][number];

/** A stored document (PDF, DOCX, XLSX) as POST /api/documents answers and campaign.evidence lists it. */
export interface DocumentRef {
  id: number;
  name: string;
  mime: string;
  byteSize: number;
  /** downloads it (same origin, the session's cookie) */
  url: string;
}

/**
 * The documents filed with a piece of evidence. Read defensively: campaign.evidence carries
 * `documents` once the documents feature is in; before that a filing has photos only.
 */
export function documentsOf(e: FiledEvidence): DocumentRef[] {
  const docs = (e as { documents?: unknown }).documents;
  return Array.isArray(docs) ? (docs as DocumentRef[]) : [];
}

/** 1.2 MB, 350 KB: a file's size as people read it. */
export function byteSizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** What the documents upload takes (the server checks each again, by its content). */
export const DOCUMENT_ACCEPT = ".pdf,.docx,.xlsx";
const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** Why the browser will not send this file, or null. */
export function documentProblem(file: { name: string; size: number }): string | null {
  const ext = file.name.includes(".") ? (file.name.toLowerCase().split(".").pop() ?? "") : "";
  if (!DOCUMENT_ACCEPT.split(",").includes(`.${ext}`))
    return "只能上传 PDF、Word（.docx）或 Excel（.xlsx）文件";
  if (file.size > MAX_DOCUMENT_BYTES) return "文件超过 20MB，请压缩或拆分后再上传";
  return null;
}
