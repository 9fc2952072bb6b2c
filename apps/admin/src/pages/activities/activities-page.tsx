import { useState } from "react";
import { Button, Card, Grid, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { ACTIVITY_KIND_LABELS, type ActivityKind } from "@chuangcheng/domain/rules";
import { activityTimeText } from "@chuangcheng/client";
import { activityPhase, PHASE_COLORS, PHASE_LABELS } from "../../lib/activity";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, type ActivityRow } from "../../lib/trpc";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { ActivityFormModal } from "./activity-form-modal";

const KIND_COLORS: Record<ActivityKind, string> = {
  volunteer_service: "red",
  moral_lecture: "gold",
  culture_sports: "cyan",
  publicity: "purple",
};

/** 活动管理: the activities of the user's 社区, newest first; 发布活动 for organisers. */
export default function ActivitiesPage() {
  const trpc = useTRPC();
  const me = useMe();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().md !== false;
  const { all, allOptions, managed } = useCommunities();
  const canCreate = can(me.data, "activity.manage") && managed.length > 0;
  const [communityId, setCommunityId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);

  const list = useQuery({
    ...trpc.activity.list.queryOptions({ communityId, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  // The list answers "is there more" rather than a total: offer one page beyond the current one.
  const total = (page - 1) * pageSize + items.length + (list.data?.hasMore ? 1 : 0);

  const columns: TableColumnsType<ActivityRow> = [
    {
      title: "类型",
      dataIndex: "kind",
      key: "kind",
      width: 100,
      responsive: ["md"],
      render: (k: ActivityRow["kind"]) => <Tag color={KIND_COLORS[k]}>{ACTIVITY_KIND_LABELS[k]}</Tag>,
    },
    {
      title: "名称",
      dataIndex: "title",
      key: "title",
      render: (title: string, a) => (
        <div>
          <Link to={`/activities/${a.id}`}>{title}</Link>
          {!wide && (
            <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
              {activityTimeText(a.startsAt, a.endsAt)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: "时间",
      key: "time",
      width: 210,
      responsive: ["md"],
      render: (_, a) => activityTimeText(a.startsAt, a.endsAt),
    },
    { title: "地点", dataIndex: "place", key: "place", width: 160, responsive: ["lg"] },
    ...(all.length > 1
      ? [
          {
            title: "社区",
            dataIndex: "communityName",
            key: "community",
            width: 120,
            responsive: ["lg" as const],
          },
        ]
      : []),
    {
      title: "已报名/名额",
      key: "signed",
      width: 110,
      render: (_, a) => (
        <Typography.Text type={a.signedCount >= a.capacity ? "danger" : undefined}>
          {a.signedCount}/{a.capacity}
        </Typography.Text>
      ),
    },
    {
      title: "状态",
      key: "status",
      width: 90,
      render: (_, a) => {
        const phase = activityPhase(a);
        return <Tag color={PHASE_COLORS[phase]}>{PHASE_LABELS[phase]}</Tag>;
      },
    },
  ];

  return (
    <Card
      title="活动管理"
      size="small"
      extra={
        <Space>
          <RefreshButton queryKeys={[trpc.activity.pathKey()]} />
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              发布活动
            </Button>
          )}
        </Space>
      }
    >
      {all.length > 1 && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<number>
            placeholder="全部社区"
            aria-label="按社区筛选"
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 220 }}
            value={communityId}
            options={allOptions}
            onChange={(v) => {
              setCommunityId(v);
              setPage(1);
            }}
          />
        </Space>
      )}
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      <Table<ActivityRow>
        rowKey="id"
        size={wide ? "middle" : "small"}
        columns={columns}
        dataSource={items}
        loading={listLoading(list)}
        scroll={wide ? { x: 900 } : undefined}
        locale={{ emptyText: canCreate ? "还没有活动，点击“发布活动”创建" : "还没有活动" }}
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50],
          onChange: (p, size) => {
            setPage(size === pageSize ? p : 1);
            setPageSize(size);
          },
        }}
      />
      {creating && (
        <ActivityFormModal
          activity={null}
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate(`/activities/${id}`)}
        />
      )}
    </Card>
  );
}
