import { useState } from "react";
import { Button, Card, Space, Tag, Typography } from "antd";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { formatTime } from "@chuangcheng/client";
import {
  SUPERVISION_COLOUR_NAMES,
  SUPERVISION_STATE_LABELS,
  type SupervisionColour,
} from "@chuangcheng/domain/rules";
import type { useTRPC } from "../../lib/trpc";
import { SupervisionStepModal } from "./supervision-modals";

export type Supervision = inferOutput<ReturnType<typeof useTRPC>["task"]["supervisions"]>["owedByMe"][number];

const TAG: Record<SupervisionColour, string> = { blue: "blue", yellow: "gold", red: "red" };

/**
 * 督办单, each with its colour, what was asked and by when, the answer, and the move the caller may
 * make (反馈 for the 责任人, 销号 for the issuer). `showTask` names the task (on 我的任务, not in
 * the task's own drawer); `onOpenTask` opens it.
 */
export function SupervisionList({
  items,
  showTask = false,
  onOpenTask,
}: {
  items: readonly Supervision[];
  showTask?: boolean;
  onOpenTask?: (taskId: number) => void;
}) {
  const [step, setStep] = useState<{ kind: "answer" | "clear"; s: Supervision } | null>(null);
  return (
    <Space orientation="vertical" size={8} style={{ width: "100%" }}>
      {items.map((s) => (
        <Card key={s.id} size="small" data-testid="supervision" styles={{ body: { padding: 12 } }}>
          <Space orientation="vertical" size={4} style={{ width: "100%" }}>
            <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
              <Tag color={TAG[s.colour]}>{SUPERVISION_COLOUR_NAMES[s.colour]}督办</Tag>
              <Tag>{SUPERVISION_STATE_LABELS[s.state]}</Tag>
              {showTask && (
                <Button
                  type="link"
                  style={{ padding: 0, height: "auto" }}
                  onClick={() => onOpenTask?.(s.task.id)}
                >
                  {s.task.title}
                </Button>
              )}
            </div>
            <div style={{ whiteSpace: "pre-wrap" }}>{s.note}</div>
            <Typography.Text type="secondary">
              {s.issuedBy?.name ?? "—"} {formatTime(s.issuedAt, "MM-DD HH:mm")} 督办 · 反馈期限 {s.replyBy}
              {s.replyOverdue && <Typography.Text type="danger">（已超期未反馈）</Typography.Text>}
            </Typography.Text>
            {showTask && (
              <Typography.Text type="secondary">
                责任单位：{s.task.unit.name}
                {s.task.assignee ? ` · 责任人：${s.task.assignee.name}` : " · 尚未指定责任人"}
              </Typography.Text>
            )}
            {s.answer && (
              <div>
                <Typography.Text strong>反馈：</Typography.Text>
                <span style={{ whiteSpace: "pre-wrap" }}>{s.answer}</span>
                <Typography.Text type="secondary">
                  {" "}
                  {s.answeredBy} {s.answeredAt && formatTime(s.answeredAt, "MM-DD HH:mm")}
                </Typography.Text>
              </div>
            )}
            {s.clearedAt && (
              <Typography.Text type="secondary">
                {s.clearedBy} {formatTime(s.clearedAt, "MM-DD HH:mm")} 销号
              </Typography.Text>
            )}
            {(s.mayAnswer || s.mayClear) && (
              <Space wrap>
                {s.mayAnswer && (
                  <Button type="primary" onClick={() => setStep({ kind: "answer", s })}>
                    {s.state === "answered" ? "补充反馈" : "反馈"}
                  </Button>
                )}
                {s.mayClear && <Button onClick={() => setStep({ kind: "clear", s })}>销号</Button>}
              </Space>
            )}
          </Space>
        </Card>
      ))}
      {step && <SupervisionStepModal kind={step.kind} supervision={step.s} onClose={() => setStep(null)} />}
    </Space>
  );
}
