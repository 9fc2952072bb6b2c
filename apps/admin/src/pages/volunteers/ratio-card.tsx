import { Card, Empty, Progress, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, type RatioResult } from "../../lib/trpc";
import { TargetSetter } from "./target-setter";

type GridRow = RatioResult["grids"][number];
type Ratio = Omit<RatioResult, "grids">;

const RED = "#cf1322";
const GREEN = "#389e0d";

/** People still needed to reach the target, or 0. */
function shortfall(r: Ratio): number {
  if (!r.population) return 0;
  return Math.max(0, Math.ceil((r.population * r.targetPercent) / 100) - r.registered);
}

/** The ratio as a bar towards the target: full at the target, red below it. */
function RatioProgress({ r, size }: { r: Ratio; size?: "small" }) {
  const percent = r.ratioPercent === null ? 0 : Math.min(100, (r.ratioPercent / r.targetPercent) * 100);
  return (
    <Progress
      percent={Math.round(percent)}
      size={size}
      strokeColor={r.reached ? GREEN : RED}
      status="normal"
      format={() => (r.ratioPercent === null ? "—" : `${r.ratioPercent}%`)}
      aria-label={`${r.communityName}注册率`}
    />
  );
}

function summary(r: Ratio): string {
  if (r.population === null || r.ratioPercent === null) {
    return `已注册 ${r.registered} 人；未填写常住人口，无法计算注册率（请在组织架构中填写）`;
  }
  return `已注册 ${r.registered} 人 / 常住人口 ${r.population.toLocaleString("zh-CN")} = ${r.ratioPercent}%，目标 ${r.targetPercent}%`;
}

/**
 * 注册率 of one 社区: registered volunteers / 常住人口 against the target, per 网格 and (for admins) the
 * target. `publicOnly` shows the 社区's figure alone (volunteer.publicRatio), for staff below the 社区
 * such as its grid workers, who may not read the whole 社区's breakdown.
 */
export function RatioCard(props: {
  communityId: number;
  canManage: boolean;
  compact?: boolean;
  publicOnly?: boolean;
}) {
  const { communityId, canManage, compact = false, publicOnly = false } = props;
  const trpc = useTRPC();
  const full = useQuery({ ...trpc.volunteer.ratio.queryOptions({ communityId }), enabled: !publicOnly });
  const pub = useQuery({ ...trpc.volunteer.publicRatio.queryOptions({ communityId }), enabled: publicOnly });
  const ratio = publicOnly ? pub : full;
  const r: Ratio | undefined = ratio.data;
  const grids = full.data?.grids;

  if (compact) {
    return (
      <div className="ratio-strip" data-testid={`ratio-${communityId}`}>
        {r ? (
          <>
            <strong>{r.communityName}</strong>
            <div style={{ flex: "1 1 160px", minWidth: 120 }}>
              <RatioProgress r={r} size="small" />
            </div>
            <Typography.Text type={r.reached ? "success" : "danger"}>{summary(r)}</Typography.Text>
            <Link to="/volunteers/ratio">详情</Link>
          </>
        ) : (
          <Typography.Text type={ratio.isError ? "danger" : "secondary"}>
            {ratio.isError ? errorMessage(ratio.error) : "加载注册率…"}
          </Typography.Text>
        )}
      </div>
    );
  }

  const columns: TableColumnsType<GridRow> = [
    { title: "网格", dataIndex: "name", key: "name" },
    {
      title: "已注册",
      dataIndex: "registered",
      key: "registered",
      width: 90,
      render: (n: number) => `${n} 人`,
    },
    {
      title: "常住人口",
      dataIndex: "population",
      key: "population",
      width: 100,
      render: (n: number | null) =>
        n === null ? <Typography.Text type="secondary">未填写</Typography.Text> : n.toLocaleString("zh-CN"),
    },
    {
      title: "注册率",
      dataIndex: "ratioPercent",
      key: "ratio",
      width: 100,
      render: (p: number | null) =>
        p === null || !r ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Tag color={p >= r.targetPercent ? "green" : "red"}>{p}%</Tag>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={r?.communityName ?? "注册率"}
      loading={ratio.isPending}
      extra={
        r &&
        (r.reached ? (
          <Tag color="green">已达标</Tag>
        ) : (
          <Tag color="red">{r.population ? `未达标，还差 ${shortfall(r)} 人` : "未达标"}</Tag>
        ))
      }
    >
      {ratio.isError && (
        <Typography.Paragraph type="danger">{errorMessage(ratio.error)}</Typography.Paragraph>
      )}
      {r && (
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          <div>
            <RatioProgress r={r} />
            <Typography.Text data-testid="ratio-summary">{summary(r)}</Typography.Text>
          </div>
          {canManage && !publicOnly && (
            <TargetSetter key={r.targetPercent} communityId={r.communityId} targetPercent={r.targetPercent} />
          )}
          {grids && (
            <Table<GridRow>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={grids}
              pagination={false}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该社区下还没有网格" />,
              }}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
