import type { ReactNode } from "react";
import { Card, Space, Typography } from "antd";
import { formatTime } from "@chuangcheng/client";
import { PROBLEM_SOURCE_LABELS } from "@chuangcheng/domain/rules";
import type { useTRPC } from "../../lib/trpc";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { DeadlineText, StateTag } from "./problem-bits";

export type ProblemRow = inferOutput<ReturnType<typeof useTRPC>["problem"]["todo"]>["items"][number];

/** One problem on a phone (我的待办, 复查): what and where, the deadline, its photos and buttons. */
export function ProblemCard({
  problem: p,
  children,
  actions,
}: {
  problem: ProblemRow;
  children?: ReactNode;
  actions: ReactNode;
}) {
  return (
    <Card size="small" data-testid="problem-card" styles={{ body: { padding: 12 } }}>
      <Space orientation="vertical" size={6} style={{ width: "100%" }}>
        <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
          <strong>
            {p.categoryLabel} · {[p.courtyardName, p.buildingName].filter(Boolean).join(" ")}
          </strong>
          <StateTag state={p.state} />
        </div>
        <div style={{ whiteSpace: "pre-wrap" }}>{p.description}</div>
        {p.place && <Typography.Text type="secondary">位置：{p.place}</Typography.Text>}
        <div>
          时限：
          <DeadlineText deadline={p.deadline} overdue={p.overdue} />
        </div>
        <Typography.Text type="secondary">
          {PROBLEM_SOURCE_LABELS[p.source]} · {formatTime(p.createdAt, "MM-DD HH:mm")} 发现
        </Typography.Text>
        {children}
        <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>{actions}</div>
      </Space>
    </Card>
  );
}
