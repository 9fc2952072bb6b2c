import { useState } from "react";
import {
  Button,
  Card,
  Empty,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, type TeamRow } from "../../lib/trpc";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { TeamFormModal } from "./team-form-modal";
import { TeamMembersDrawer } from "./team-members-drawer";
import { TeamActions } from "./team-actions";

/** 志愿服务队 of a 社区: list, create, edit, members and 队长, 归档 / 恢复 and 删除. */
export default function TeamsPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { all, allOptions, isPending } = useCommunities();
  const [chosen, setChosen] = useState<number | undefined>();
  const [editing, setEditing] = useState<TeamRow | "new" | null>(null);
  const [viewing, setViewing] = useState<TeamRow | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  // The first 社区 the user administers, else the first they see.
  const communityId = chosen ?? (all.find((c) => c.canManage) ?? all[0])?.id;
  const community = all.find((c) => c.id === communityId);
  const canEdit = can(me.data, "volunteer.manage") && (community?.canManage ?? false);

  const teams = useQuery({
    ...trpc.volunteer.teams.list.queryOptions({
      communityId: communityId ?? 0,
      includeArchived: showArchived,
    }),
    enabled: communityId !== undefined,
  });

  // The row is re-read after changes, so the drawer follows the list (e.g. a new 队长).
  const viewed = viewing && (teams.data?.find((t) => t.id === viewing.id) ?? viewing);

  const columns: TableColumnsType<TeamRow> = [
    {
      title: "名称",
      dataIndex: "name",
      key: "name",
      width: 160,
      render: (name: string, t) => (
        <Space size={4} wrap>
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setViewing(t)}>
            {name}
          </Button>
          {t.archivedAt && <Tag>已归档</Tag>}
        </Space>
      ),
    },
    {
      title: "简介",
      dataIndex: "description",
      key: "description",
      responsive: ["md"],
      render: (d: string | null) => d ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: "队长",
      dataIndex: "leaderName",
      key: "leader",
      width: 100,
      render: (n: string | null) => n ?? <Typography.Text type="secondary">未设置</Typography.Text>,
    },
    { title: "人数", dataIndex: "members", key: "members", width: 80, render: (n: number) => `${n} 人` },
    {
      title: "操作",
      key: "actions",
      width: canEdit ? 240 : 80,
      render: (_, t) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setViewing(t)}>
            队员
          </Button>
          {canEdit && (
            <Button type="link" size="small" onClick={() => setEditing(t)}>
              编辑
            </Button>
          )}
          {canEdit && <TeamActions team={t} />}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="志愿服务队"
      size="small"
      extra={
        <Space>
          <RefreshButton queryKeys={[trpc.volunteer.teams.pathKey()]} />
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing("new")}>
              新建服务队
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap size={16} style={{ marginBottom: 12 }}>
        {all.length > 1 && (
          <Space>
            <span>社区：</span>
            <Select<number>
              aria-label="选择社区"
              style={{ width: 240 }}
              showSearch={{ optionFilterProp: "label" }}
              value={communityId}
              options={allOptions}
              onChange={setChosen}
            />
          </Space>
        )}
        <Space>
          <Switch size="small" checked={showArchived} onChange={setShowArchived} aria-label="显示已归档" />
          <span>显示已归档</span>
        </Space>
      </Space>
      {!isPending && communityId === undefined && <Empty description="没有可查看的社区" />}
      {teams.isError && (
        <Typography.Paragraph type="danger">{errorMessage(teams.error)}</Typography.Paragraph>
      )}
      {communityId !== undefined && (
        <Table<TeamRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={teams.data ?? []}
          loading={listLoading(teams)}
          pagination={false}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={canEdit ? "还没有志愿服务队，点击“新建服务队”创建" : "还没有志愿服务队"}
              />
            ),
          }}
        />
      )}
      {editing && communityId !== undefined && (
        <TeamFormModal
          communityId={communityId}
          team={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {viewed && communityId !== undefined && (
        <TeamMembersDrawer
          team={viewed}
          communityId={communityId}
          // An archived team takes no new members until it is restored.
          canEdit={canEdit && viewed.archivedAt === null}
          onClose={() => setViewing(null)}
        />
      )}
    </Card>
  );
}
