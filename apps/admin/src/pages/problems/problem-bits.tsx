import { useCallback } from "react";
import { App, Tag, Typography } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { chinaToday, type PhotoRef } from "@chuangcheng/client";
import { PROBLEM_STATE_LABELS, type ProblemState } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { errorCode, useTRPC } from "../../lib/trpc";

// Small pieces every problem screen shows the same way: the state, the deadline, photos, a conflict.

export const STATE_COLORS: Record<ProblemState, string> = {
  pending: "orange",
  rectifying: "blue",
  reviewing: "purple",
  closed: "green",
  rejected: "default",
};

export function StateTag({ state }: { state: ProblemState }) {
  return <Tag color={STATE_COLORS[state]}>{PROBLEM_STATE_LABELS[state]}</Tag>;
}

/** Whole days from `from` to `to` (China dates, YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 时限 with 超期N天 in red once overdue (the server decides overdue; the days are counted here). */
export function DeadlineText({ deadline, overdue }: { deadline: string | null; overdue: boolean }) {
  if (!deadline) return <Typography.Text type="secondary">—</Typography.Text>;
  if (!overdue) return <span>{deadline}</span>;
  const days = Math.max(1, daysBetween(deadline, chinaToday()));
  return (
    <span className="problem-overdue" style={{ color: "#cf1322", fontWeight: 500 }}>
      {deadline}（超期{days}天）
    </span>
  );
}

/**
 * Thumbnails that open the full photo in a new tab, each named for screen readers and tests:
 * 「整改前照片 1」, 「整改后照片 1」.
 */
export function PhotoStrip({
  photos,
  label,
  size = 72,
}: {
  photos: readonly PhotoRef[];
  label: "整改前照片" | "整改后照片" | "照片";
  size?: number;
}) {
  if (photos.length === 0) return <Typography.Text type="secondary">无</Typography.Text>;
  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 8 }}>
      {photos.map((p, i) => (
        <a key={p.id} href={p.url} target="_blank" rel="noreferrer" title="查看原图">
          <img
            src={p.thumbUrl}
            alt={`${label} ${i + 1}`}
            width={size}
            height={size}
            loading="lazy"
            style={{ objectFit: "cover", borderRadius: 4, border: "1px solid #d9d9d9", display: "block" }}
          />
        </a>
      ))}
    </div>
  );
}

export const CONFLICT_MESSAGE = "该问题刚被他人处理，请刷新后查看";

/**
 * The error handler of a problem move: someone who acted first (CONFLICT) gets the one sentence and
 * the lists and details are fetched again; anything else shows the server's message (by field).
 */
export function useMoveError() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  return useCallback(
    (error: unknown, opts?: Parameters<typeof showError>[1]) => {
      if (errorCode(error) === "CONFLICT") {
        void message.warning(CONFLICT_MESSAGE);
        void queryClient.invalidateQueries({ queryKey: trpc.problem.pathKey() });
        return;
      }
      showError(error, opts);
    },
    [message, queryClient, showError, trpc],
  );
}
