import { Card, Empty, Progress, Table, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { ReadinessCompare, ShareCell } from "./readiness-compare";
import { ReadinessGaps } from "./readiness-gaps";
import { BAND_COLORS, shareBand, type CommunityReadiness } from "./readiness-types";
import "./readiness.css";

/**
 * 准备情况 of a campaign (campaign.readiness): for a street's staff every 社区 side by side, a 社区's
 * name opening its checklist; for the chosen 社区 its items 齐全 / 部分 / 缺失, the share ready, per
 * 测评项目 (when it is the only one shown), and the items still lacking something.
 */
export function ReadinessCard(props: {
  campaignId: number;
  communityId: number | undefined;
  onPick: (communityId: number) => void;
}) {
  const { campaignId, communityId, onPick } = props;
  const trpc = useTRPC();
  const readiness = useQuery(trpc.campaign.readiness.queryOptions({ campaignId }));
  const communities = readiness.data?.communities ?? [];
  const chosen = communities.find((c) => c.id === communityId) ?? communities[0];

  return (
    <Card
      size="small"
      title="准备情况"
      data-testid="readiness"
      loading={readiness.isPending}
      extra={readiness.data && <Typography.Text type="secondary">截至 {readiness.data.asOf}</Typography.Text>}
    >
      {readiness.isError && (
        <Typography.Paragraph type="danger">{errorMessage(readiness.error)}</Typography.Paragraph>
      )}
      {readiness.data && !chosen && <Empty description="没有可查看的社区测评清单" />}
      {communities.length > 1 && (
        <ReadinessCompare communities={communities} chosenId={chosen?.id} onPick={onPick} />
      )}
      {chosen && (
        <div data-testid="readiness-community-detail" style={{ marginTop: communities.length > 1 ? 16 : 0 }}>
          <CommunitySummary community={chosen} />
          {communities.length === 1 && <ProjectTable community={chosen} />}
          <ReadinessGaps community={chosen} />
        </div>
      )}
    </Card>
  );
}

function CommunitySummary({ community: c }: { community: CommunityReadiness }) {
  const counts = [
    { key: "complete", label: "齐全", value: c.complete, color: "#135200" },
    { key: "partial", label: "部分", value: c.partial, color: "#613400" },
    { key: "missing", label: "缺失", value: c.missing, color: "#820014" },
  ];
  return (
    <div data-testid="readiness-summary">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {c.name} · 共 {c.items} 项
      </Typography.Title>
      <div className="readiness-summary">
        {counts.map((n) => (
          <div key={n.key} className="readiness-count" data-testid={`readiness-${n.key}`}>
            <div>{n.label}</div>
            <div className="readiness-count-value" style={{ color: n.color }}>
              {n.value}
            </div>
          </div>
        ))}
      </div>
      <div style={{ display: "flex", alignItems: "center", gap: 8, marginBottom: 12 }}>
        <span style={{ whiteSpace: "nowrap" }}>准备率</span>
        <Progress
          percent={c.readyPercent}
          strokeColor={BAND_COLORS[shareBand(c.readyPercent)]}
          aria-label={`${c.name} 准备率`}
          data-testid="readiness-percent"
          style={{ margin: 0, flex: 1 }}
        />
      </div>
    </div>
  );
}

/** The 社区's 测评项目, each with its counts and share ready. */
function ProjectTable({ community }: { community: CommunityReadiness }) {
  return (
    <Table
      rowKey="project"
      size="small"
      bordered
      pagination={false}
      style={{ marginBottom: 12 }}
      data-testid="readiness-projects"
      dataSource={community.projects}
      scroll={{ x: 360 }}
      columns={[
        { title: "测评项目", key: "project", dataIndex: "project" },
        { title: "齐全", key: "complete", dataIndex: "complete", width: 52, align: "right" },
        { title: "部分", key: "partial", dataIndex: "partial", width: 52, align: "right" },
        { title: "缺失", key: "missing", dataIndex: "missing", width: 52, align: "right" },
        {
          title: "准备率",
          key: "share",
          width: 112,
          render: (_, p) => <ShareCell share={p} />,
        },
      ]}
    />
  );
}
