import { Button, Typography, type TableColumnsType } from "antd";
import type { SupervisionColour, TaskState } from "@chuangcheng/domain/rules";
import { ColourTag, DueText, TaskProgress, TaskStateTag, isOpenTask } from "./task-bits";

interface ColumnTask {
  id: number;
  title: string;
  unit: { name: string };
  assignee: { name: string } | null;
  dueOn: string;
  state: TaskState;
  colour: SupervisionColour | null;
  rolledUp: number;
  depth: number;
}

/** The task table's columns: 任务 (opens it), 责任单位, 责任人, 时限, 状态 with 督办, 进度, 拆分子任务. */
export function taskColumns<T extends ColumnTask>(opts: {
  today: string;
  mayCreate: boolean;
  onOpen: (id: number) => void;
  onSplit: (t: T) => void;
}): TableColumnsType<T> {
  return [
    {
      title: "任务",
      dataIndex: "title",
      render: (title: string, t) => (
        <Button
          type="link"
          style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "left" }}
          onClick={() => opts.onOpen(t.id)}
        >
          {title}
        </Button>
      ),
    },
    { title: "责任单位", dataIndex: ["unit", "name"], width: 120 },
    {
      title: "责任人",
      width: 90,
      render: (_, t) => t.assignee?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: "时限",
      dataIndex: "dueOn",
      width: 170,
      render: (dueOn: string, t) => <DueText dueOn={dueOn} today={opts.today} open={isOpenTask(t.state)} />,
    },
    {
      title: "状态",
      width: 150,
      render: (_, t) => (
        <>
          <TaskStateTag state={t.state} />
          <ColourTag colour={t.colour} />
        </>
      ),
    },
    {
      title: "进度",
      width: 160,
      render: (_, t) => <TaskProgress percent={t.rolledUp} state={t.state} />,
    },
    {
      title: "操作",
      width: 110,
      render: (_, t) =>
        opts.mayCreate && isOpenTask(t.state) && t.depth < 4 ? (
          <Button size="small" onClick={() => opts.onSplit(t)}>
            拆分子任务
          </Button>
        ) : null,
    },
  ];
}
