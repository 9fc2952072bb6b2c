import { Progress, Tag, Typography } from "antd";
import { TASK_STATE_LABELS, type SupervisionColour, type TaskState } from "@chuangcheng/domain/rules";

// The small pieces every task view shows the same way: the state, the 督办 colour, the 时限, the bar.
// Tag colours are antd's named presets: its status colours (success, warning) fail 4.5:1 contrast.

const STATE_COLOURS: Record<TaskState, string> = {
  not_started: "default",
  in_progress: "blue",
  pending_acceptance: "orange",
  done: "green",
  cancelled: "default",
};

export function TaskStateTag({ state }: { state: TaskState }) {
  return <Tag color={STATE_COLOURS[state]}>{TASK_STATE_LABELS[state]}</Tag>;
}

/** Short names, as a 督查 office says them: the full label is the tag's title. */
export const COLOUR_SHORT: Record<SupervisionColour, string> = { blue: "蓝色", yellow: "黄色", red: "红色" };
const COLOUR_TAGS: Record<SupervisionColour, string> = { blue: "blue", yellow: "gold", red: "red" };
const COLOUR_HINTS: Record<SupervisionColour, string> = {
  blue: "临期：3天内到期",
  yellow: "逾期7天内，或进度明显落后于时间",
  red: "逾期超过7天，或已挂牌督办",
};

export function ColourTag({ colour }: { colour: SupervisionColour | null }) {
  if (!colour) return null;
  return (
    <Tag color={COLOUR_TAGS[colour]} title={COLOUR_HINTS[colour]}>
      {COLOUR_SHORT[colour]}督办
    </Tag>
  );
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 时限 in words beside the date: 已逾期 N 天 / 今天到期 / 还剩 N 天 (open tasks only). */
export function DueText({ dueOn, today, open }: { dueOn: string; today: string; open: boolean }) {
  const left = daysFrom(today, dueOn);
  const words = !open ? null : left < 0 ? `已逾期${-left}天` : left === 0 ? "今天到期" : `还剩${left}天`;
  return (
    <span>
      {dueOn}
      {words && (
        <Typography.Text type={left < 0 ? "danger" : left <= 3 ? "warning" : "secondary"}>
          {" "}
          {words}
        </Typography.Text>
      )}
    </span>
  );
}

export function TaskProgress({ percent, state }: { percent: number; state: TaskState }) {
  return (
    <Progress
      percent={percent}
      size="small"
      status={state === "done" ? "success" : state === "cancelled" ? "exception" : "normal"}
      aria-label={`完成进度 ${percent}%`}
    />
  );
}

export const isOpenTask = (state: TaskState) => state !== "done" && state !== "cancelled";
