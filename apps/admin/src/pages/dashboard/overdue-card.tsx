import { Tag, Typography } from "antd";
import { TASK_STATE_LABELS } from "@chuangcheng/domain/rules";
import { ChartCard, type FigureColumn } from "./chart-card";
import { COLOUR_NAMES } from "./figures";
import type { OverdueTask } from "./types";

// antd's named tag presets: a chart's hex colour as text on its pale tint fails 4.5:1 contrast.
const COLOUR_TAGS = { blue: "blue", yellow: "gold", red: "red" } as const;

/** 逾期任务: the most overdue first; the 社区 column on the street's. */
export function OverdueCard({
  tasks,
  total,
  withCommunity,
  fileName,
}: {
  tasks: readonly OverdueTask[];
  total: number;
  withCommunity: boolean;
  fileName: string;
}) {
  const columns: FigureColumn<OverdueTask>[] = [
    ...(withCommunity ? [{ title: "社区", value: (t: OverdueTask) => t.communityName }] : []),
    { title: "任务", value: (t) => t.title },
    { title: "责任单位", value: (t) => t.unitName },
    { title: "责任人", value: (t) => t.assigneeName ?? "未指定" },
    { title: "时限", value: (t) => t.dueOn },
    { title: "逾期天数", value: (t) => t.daysOverdue, align: "right" },
    { title: "状态", value: (t) => TASK_STATE_LABELS[t.state] },
    {
      title: "督办",
      value: (t) => (t.colour ? COLOUR_NAMES[t.colour] : "—"),
      render: (t) => (t.colour ? <Tag color={COLOUR_TAGS[t.colour]}>{COLOUR_NAMES[t.colour]}</Tag> : "—"),
    },
  ];
  return (
    <ChartCard
      title="逾期任务"
      testId="dashboard-overdue"
      columns={columns}
      rows={tasks}
      rowKey={(t) => t.id}
      fileName={fileName}
      extra={
        <Typography.Text type="secondary">
          共 {total} 项{total > tasks.length ? `，显示逾期最久的 ${tasks.length} 项` : ""}
        </Typography.Text>
      }
    />
  );
}
