import { useState } from "react";
import { Button, Descriptions, Drawer, Grid, Space, Spin, Tag, Timeline, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { chinaToday, formatTime } from "@chuangcheng/client";
import { TASK_PRIORITY_LABELS, TASK_STEP_LABELS } from "@chuangcheng/domain/rules";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { PhotoStrip } from "../problems/problem-bits";
import { ColourTag, DueText, TaskProgress, TaskStateTag, isOpenTask } from "./task-bits";
import { TaskStepButtons } from "./task-step-buttons";
import { SupervisionList } from "./supervision-list";
import { SuperviseModal } from "./supervision-modals";

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * A task's detail (task.detail): what, who, by when, the roll-up, the steps the caller may take
 * (decided on the server), and the timeline of steps with reports and their photos.
 * `extra` shows beside the steps (编辑 / 拆分子任务 from the tree page).
 */
export function TaskDrawer({
  id,
  onClose,
  extra,
  children,
}: {
  id: number;
  onClose: () => void;
  extra?: (task: { id: number; mayEdit: boolean; state: string }) => React.ReactNode;
  children?: React.ReactNode;
}) {
  const trpc = useTRPC();
  const wide = Grid.useBreakpoint().md !== false;
  const detail = useQuery(trpc.task.detail.queryOptions({ id }));
  const [supervising, setSupervising] = useState(false);
  const t = detail.data;
  const today = chinaToday();

  return (
    <Drawer
      title={t ? t.title : "任务详情"}
      open
      onClose={onClose}
      size={wide ? 720 : "100%"}
      destroyOnHidden
    >
      {detail.isPending && <Spin />}
      {detail.isError && (
        <Typography.Paragraph type="danger">{errorMessage(detail.error)}</Typography.Paragraph>
      )}
      {t && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="task-detail">
          <Space wrap>
            <TaskStepButtons
              task={{ id: t.id, title: t.title, version: t.version, progress: t.progress }}
              actions={t.actions}
            />
            {extra?.(t)}
            {t.maySupervise && (
              <Button danger onClick={() => setSupervising(true)}>
                督办
              </Button>
            )}
          </Space>
          <Descriptions size="small" column={wide ? 2 : 1} bordered>
            <Descriptions.Item label="状态">
              <TaskStateTag state={t.state} />
              <ColourTag colour={t.colour} />
            </Descriptions.Item>
            <Descriptions.Item label="优先级">{TASK_PRIORITY_LABELS[t.priority]}</Descriptions.Item>
            <Descriptions.Item label="责任单位">{t.unit.name}</Descriptions.Item>
            <Descriptions.Item label="责任人">{t.assignee?.name ?? dash}</Descriptions.Item>
            <Descriptions.Item label="开始日期">{t.startOn}</Descriptions.Item>
            <Descriptions.Item label="时限">
              <DueText dueOn={t.dueOn} today={today} open={isOpenTask(t.state)} />
            </Descriptions.Item>
            <Descriptions.Item label="完成进度" span={wide ? 2 : 1}>
              <TaskProgress percent={t.rolledUp} state={t.state} />
              {t.rolledUp !== t.progress && (
                <Typography.Text type="secondary">按子任务汇总；本任务自报 {t.progress}%</Typography.Text>
              )}
            </Descriptions.Item>
            {t.weight !== null && <Descriptions.Item label="权重">{t.weight}</Descriptions.Item>}
            <Descriptions.Item label="协办" span={wide ? 2 : 1}>
              {t.helpers.length > 0
                ? t.helpers.map((h) => <Tag key={`${h.kind}${h.id}`}>{h.name}</Tag>)
                : dash}
            </Descriptions.Item>
            <Descriptions.Item label="关联测评内容" span={wide ? 2 : 1}>
              {t.items.length > 0
                ? t.items.map((i) => (
                    <div key={i.id}>
                      {i.project}：{i.content}
                    </div>
                  ))
                : dash}
            </Descriptions.Item>
            <Descriptions.Item label="任务说明" span={wide ? 2 : 1}>
              {t.description ? <span style={{ whiteSpace: "pre-wrap" }}>{t.description}</span> : dash}
            </Descriptions.Item>
            {t.cancelReason && (
              <Descriptions.Item label="取消原因" span={wide ? 2 : 1}>
                {t.cancelReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          {t.supervisions.length > 0 && (
            <div>
              <Typography.Title level={5}>督办</Typography.Title>
              <SupervisionList items={t.supervisions} />
            </div>
          )}
          {children}
          <div>
            <Typography.Title level={5}>办理记录</Typography.Title>
            <Timeline
              items={[...t.steps].reverse().map((s) => ({
                key: s.id,
                content: (
                  <div data-testid="task-step">
                    <Typography.Text strong>{TASK_STEP_LABELS[s.action]}</Typography.Text>
                    {s.progress !== null && <Typography.Text>（进度 {s.progress}%）</Typography.Text>}
                    <Typography.Text type="secondary">
                      {" "}
                      {s.by} · {formatTime(s.at)}
                    </Typography.Text>
                    {s.note && <div style={{ whiteSpace: "pre-wrap" }}>{s.note}</div>}
                    {s.photos.length > 0 && <PhotoStrip photos={s.photos} label="照片" />}
                  </div>
                ),
              }))}
            />
          </div>
        </Space>
      )}
      {supervising && t && <SuperviseModal task={t} onClose={() => setSupervising(false)} />}
    </Drawer>
  );
}
