import { BOARD_KINDS, BOARD_STATES, type BoardKind, type BoardState } from "@chuangcheng/domain/rules";
import { oneOf, positiveInt } from "../../lib/url-values";

// The 黑白榜 list's tab (a state, or 全部), filters and page live in the address, so that a reload, a
// shared link and back/forward keep them. Admins land on 待审核 (their queue), grid workers on 全部.

export const PAGE_SIZES = [10, 20, 50, 100] as const;

export type BoardTab = BoardState | "all";

export interface BoardView {
  tab: BoardTab;
  communityId?: number | undefined;
  kind?: BoardKind | undefined;
  page: number;
  pageSize: number;
}

/** The tab a view opens on when the address names none. */
export const defaultTab = (moderates: boolean): BoardTab => (moderates ? "pending" : "all");

/** The tabs in their order: 待审核 first for those who review, 全部 first for those who propose. */
export function tabOrder(moderates: boolean): BoardTab[] {
  const states = moderates
    ? (["pending", ...BOARD_STATES.filter((s) => s !== "pending")] as BoardState[])
    : BOARD_STATES;
  return moderates ? [...states.slice(0, 1), "all", ...states.slice(1)] : ["all", ...states];
}

export function readBoardView(params: URLSearchParams, moderates: boolean): BoardView {
  const size = positiveInt(params.get("size"));
  const rawState = params.get("state");
  return {
    tab: rawState === "all" ? "all" : (oneOf(BOARD_STATES, rawState) ?? defaultTab(moderates)),
    communityId: positiveInt(params.get("community")),
    kind: oneOf(BOARD_KINDS, params.get("kind")),
    page: positiveInt(params.get("page")) ?? 1,
    pageSize: PAGE_SIZES.find((s) => s === size) ?? 20,
  };
}

/** The address of a view: only what differs from the defaults, in a fixed order. */
export function writeBoardView(view: BoardView, moderates: boolean): URLSearchParams {
  const out = new URLSearchParams();
  if (view.tab !== defaultTab(moderates)) out.set("state", view.tab);
  if (view.communityId !== undefined) out.set("community", String(view.communityId));
  if (view.kind !== undefined) out.set("kind", view.kind);
  if (view.page !== 1) out.set("page", String(view.page));
  if (view.pageSize !== 20) out.set("size", String(view.pageSize));
  return out;
}
