import { Button, Card, Empty, Space, Spin, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { chinaToday } from "@chuangcheng/client";
import { TASK_ACTION_BY, taskActionsFrom, type TaskAction } from "@chuangcheng/domain/rules";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { positiveInt } from "../../lib/url-values";
import { ColourTag, DueText, TaskProgress, TaskStateTag } from "./task-bits";
import { TaskDrawer } from "./task-drawer";
import { TaskStepButtons } from "./task-step-buttons";
import { SupervisionList } from "./supervision-list";

type MyTask = inferOutput<ReturnType<typeof useTRPC>["task"]["mine"]>[number];

/** The steps the 责任人 takes on their own task: by the one transition table both apps use. */
const ownSteps = (t: MyTask): TaskAction[] =>
  taskActionsFrom(t.state).filter((a) => TASK_ACTION_BY[a] === "assignee");

/**
 * 我的任务, made for a phone as much as a desk: the open tasks given to the caller, overdue first,
 * then by 时限; 开始办理, 汇报进展 (with photos from the camera) and 提交验收 straight from the card.
 */
export default function MyTasksPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const mine = useQuery(trpc.task.mine.queryOptions());
  const supervisions = useQuery(trpc.task.supervisions.queryOptions());
  const owed = supervisions.data?.owedByMe ?? [];
  const issued = supervisions.data?.issuedByMe ?? [];
  const openId = positiveInt(params.get("task"));
  const open = (id: number | undefined) =>
    setParams(
      (p) => {
        if (id === undefined) p.delete("task");
        else p.set("task", String(id));
        return p;
      },
      { replace: true },
    );
  const today = chinaToday();
  const items = mine.data ?? [];
  const overdue = items.filter((t) => t.overdue).length;
  const dueToday = items.filter((t) => t.dueOn === today).length;

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%", maxWidth: 640 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          我的任务
        </Typography.Title>
        <RefreshButton queryKeys={[trpc.task.pathKey()]} />
      </div>
      {mine.data && (
        <Typography.Text data-testid="my-tasks-summary">
          共 {items.length} 项
          {dueToday > 0 && <Typography.Text type="warning">，今日到期 {dueToday} 项</Typography.Text>}
          {overdue > 0 && <Typography.Text type="danger">，已逾期 {overdue} 项</Typography.Text>}
        </Typography.Text>
      )}
      {owed.length > 0 && (
        <section aria-label="待我反馈的督办">
          <Typography.Title level={5}>待我反馈的督办（{owed.length}）</Typography.Title>
          <SupervisionList items={owed} showTask onOpenTask={open} />
        </section>
      )}
      {issued.length > 0 && (
        <section aria-label="我发出的督办">
          <Typography.Title level={5}>我发出的督办（{issued.length}）</Typography.Title>
          <SupervisionList items={issued} showTask onOpenTask={open} />
        </section>
      )}
      {(owed.length > 0 || issued.length > 0) && <Typography.Title level={5}>待办任务</Typography.Title>}
      {mine.isPending && <Spin />}
      {mine.isError && <Typography.Paragraph type="danger">{errorMessage(mine.error)}</Typography.Paragraph>}
      {mine.data && items.length === 0 && <Empty description="没有待办的任务" />}
      {items.map((t) => (
        <Card key={t.id} size="small" data-testid="task-card" styles={{ body: { padding: 12 } }}>
          <Space orientation="vertical" size={6} style={{ width: "100%" }}>
            <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
              <strong>{t.title}</strong>
              <span style={{ flexShrink: 0 }}>
                <TaskStateTag state={t.state} />
              </span>
            </div>
            <Typography.Text type="secondary">责任单位：{t.unit.name}</Typography.Text>
            <div>
              时限：
              <DueText dueOn={t.dueOn} today={today} open />
              <ColourTag colour={t.colour} />
            </div>
            <TaskProgress percent={t.rolledUp} state={t.state} />
            <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
              <TaskStepButtons
                task={{ id: t.id, title: t.title, version: t.version, progress: t.progress }}
                actions={ownSteps(t)}
              />
              <Button onClick={() => open(t.id)}>查看详情</Button>
            </div>
          </Space>
        </Card>
      ))}
      {openId !== undefined && <TaskDrawer id={openId} onClose={() => open(undefined)} />}
    </Space>
  );
}
