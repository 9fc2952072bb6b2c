import { phoneLink } from "@chuangcheng/domain/rules";
import { oneOf, positiveInt } from "../../lib/url-values";

// The print view's address (/board/print?communityId=…&month=YYYY-MM&courtyardId=…&size=A3) and the
// links its QR codes carry, to the portal's pages on the server the admin reached.

export const PAPER_SIZES = ["A4", "A3"] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export interface PrintParams {
  communityId: number | undefined;
  month: string | undefined;
  courtyardId: number | undefined;
  size: PaperSize;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** What the address asks for; a value that is not valid reads as not given (A4, the newest edition). */
export function readPrintParams(params: URLSearchParams): PrintParams {
  const month = params.get("month");
  return {
    communityId: positiveInt(params.get("communityId")),
    month: month !== null && MONTH.test(month) ? month : undefined,
    courtyardId: positiveInt(params.get("courtyardId")),
    size: oneOf(PAPER_SIZES, params.get("size")?.toUpperCase() ?? null) ?? "A4",
  };
}

/** The print view of a 社区's edition (the console's route, without its /admin base). */
export function boardPrintPath(p: Partial<PrintParams> & { communityId: number }): string {
  const q = new URLSearchParams({ communityId: String(p.communityId) });
  if (p.month) q.set("month", p.month);
  if (p.courtyardId) q.set("courtyardId", String(p.courtyardId));
  if (p.size && p.size !== "A4") q.set("size", p.size);
  return `/board/print?${q.toString()}`;
}

/** The portal's board of the edition (its own parameter names: community, month, courtyard). */
export function onlineBoardLink(
  origin: string,
  p: { communityId: number; month: string; courtyardId?: number | undefined },
): string {
  const q = new URLSearchParams({ community: String(p.communityId), month: p.month });
  if (p.courtyardId) q.set("courtyard", String(p.courtyardId));
  return phoneLink(origin, `/board?${q.toString()}`);
}

/** The portal's 随手拍 (report a problem). */
export function reportProblemLink(origin: string): string {
  return phoneLink(origin, "/problems/new");
}

/** "2026-12" → "2026年12月". */
export function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
}
