import type { TagProps } from "antd-mobile/es/components/tag";
import { BOARD_STATE_LABELS, type BoardState } from "@chuangcheng/domain/rules";
import { chinaToday } from "@chuangcheng/client";

/** A board state as its tag: 待审核 waiting, 已公示 done, 已驳回 refused … */
export const BOARD_STATE_TAG: Record<BoardState, TagProps["color"]> = {
  draft: "default",
  pending: "warning",
  published: "success",
  appealing: "primary",
  rectified: "success",
  withdrawn: "default",
  rejected: "danger",
};

export const boardStateText = (state: BoardState) => BOARD_STATE_LABELS[state];

/** An appeal's outcome, in the appellant's words. */
export function appealOutcomeText(decision: "upheld" | "revoked" | null): string {
  if (decision === "upheld") return "申诉未被采纳，维持公示";
  if (decision === "revoked") return "申诉成立，已撤销公示";
  return "社区正在处理您的申诉";
}

/**
 * A notice's state as the person it names reads it: an approved entry still in its notice period or
 * before its start is 待公示, not 已公示 (it is not on the board yet).
 */
export function noticeTag(n: { state: BoardState; startDate: string | null }, today = chinaToday()) {
  if (n.state === "published" && n.startDate !== null && today < n.startDate) {
    return { color: "warning" as TagProps["color"], text: "待公示" };
  }
  return { color: BOARD_STATE_TAG[n.state], text: BOARD_STATE_LABELS[n.state] };
}
