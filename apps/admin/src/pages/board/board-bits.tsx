import { Tag } from "antd";
import {
  BOARD_KIND_LABELS,
  BOARD_STATE_LABELS,
  type BoardKind,
  type BoardState,
  type SubjectKind,
} from "@chuangcheng/domain/rules";

// Small pieces every 黑白榜 screen shows the same way.

export const BOARD_STATE_COLORS: Record<BoardState, string> = {
  draft: "default",
  pending: "orange",
  published: "green",
  appealing: "purple",
  rectified: "cyan",
  withdrawn: "default",
  rejected: "red",
};

export function BoardStateTag({ state }: { state: BoardState }) {
  return <Tag color={BOARD_STATE_COLORS[state]}>{BOARD_STATE_LABELS[state]}</Tag>;
}

/** 白榜 in red (红榜, as on the notice board), 黑榜 in black. */
export function KindTag({ kind }: { kind: BoardKind }) {
  return kind === "white" ? (
    <Tag color="#a8071a">{BOARD_KIND_LABELS.white}</Tag>
  ) : (
    <Tag color="#262626">{BOARD_KIND_LABELS.black}</Tag>
  );
}

export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = {
  person: "个人",
  household: "家庭",
  courtyard: "楼院",
  place: "地点",
};

/** 2026-12-01 至 2026-12-30, or — */
export function windowText(start: string | null, end: string | null): string {
  if (!start && !end) return "—";
  return `${start ?? "—"} 至 ${end ?? "—"}`;
}
