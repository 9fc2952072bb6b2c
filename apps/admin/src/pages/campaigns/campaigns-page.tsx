import { Button, Card, Empty, Grid, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_STAGE_LABELS, ORG_KIND_LABELS } from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { periodText, STAGE_COLORS } from "./campaign-labels";
import type { CampaignRow } from "./campaign-types";

/** 创城活动: the campaigns of the user's 街道 and 社区, newest period first; 新建创城活动 for admins. */
export default function CampaignsPage() {
  const trpc = useTRPC();
  const me = useMe();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().md !== false;
  const { units } = useCommunities();
  const canCreate =
    can(me.data, "campaign.manage") &&
    units.some((u) => (u.kind === "street" || u.kind === "community") && u.canManage);
  const list = useQuery(trpc.campaign.list.queryOptions());

  const columns: TableColumnsType<CampaignRow> = [
    {
      title: "活动名称",
      dataIndex: "name",
      key: "name",
      render: (name: string, c) => (
        <div>
          {/* A block of its own: beside the line below it, a link told apart by colour alone fails axe. */}
          <div>
            <Link to={`/campaigns/${c.id}`}>{name}</Link>
          </div>
          {!wide && (
            <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
              {c.scope.name} · {periodText(c.periodStart, c.periodEnd)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: "类型",
      dataIndex: "kind",
      key: "kind",
      width: 130,
      responsive: ["md"],
      render: (k: CampaignRow["kind"]) => CAMPAIGN_KIND_LABELS[k],
    },
    {
      title: "范围",
      key: "scope",
      width: 160,
      responsive: ["md"],
      render: (_, c) => (
        <Space size={4}>
          <Tag>{ORG_KIND_LABELS[c.scope.kind]}</Tag>
          {c.scope.name}
        </Space>
      ),
    },
    {
      title: "期间",
      key: "period",
      width: 220,
      responsive: ["md"],
      render: (_, c) => periodText(c.periodStart, c.periodEnd),
    },
    {
      title: "阶段",
      dataIndex: "stage",
      key: "stage",
      width: 90,
      render: (s: CampaignRow["stage"]) => <Tag color={STAGE_COLORS[s]}>{CAMPAIGN_STAGE_LABELS[s]}</Tag>,
    },
  ];

  return (
    <Card
      title="创城活动"
      size="small"
      extra={
        <Space>
          <RefreshButton queryKeys={[trpc.campaign.list.pathKey()]} />
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => navigate("/campaigns/new")}
            >
              新建创城活动
            </Button>
          )}
        </Space>
      }
    >
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      <Table<CampaignRow>
        rowKey="id"
        size={wide ? "middle" : "small"}
        columns={columns}
        dataSource={list.data ?? []}
        loading={listLoading(list)}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={canCreate ? "还没有创城活动，点击“新建创城活动”创建" : "还没有创城活动"}
            />
          ),
        }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </Card>
  );
}
