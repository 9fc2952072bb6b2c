import { monthLabel } from "@chuangcheng/domain/rules";

/** 2026-12-02 → 2026年12月2日: a date as a resident reads it. */
export function dayText(date: string): string {
  const [y, m, d] = date.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** The 公示 window of an entry, e.g. 2026年12月2日 至 2027年3月1日. */
export function windowText(start: string | null, end: string | null): string | null {
  if (start && end) return `${dayText(start)} 至 ${dayText(end)}`;
  if (start) return `${dayText(start)} 起`;
  return null;
}

/** The board's address for a 社区 and month: what the archive links to. */
export function boardHref(communityId: number | null, month?: string): string {
  const q = new URLSearchParams();
  if (communityId !== null) q.set("community", String(communityId));
  if (month) q.set("month", month);
  const s = q.toString();
  return s ? `/board?${s}` : "/board";
}

export { monthLabel };
