import { useState } from "react";
import {
  App,
  Button,
  Drawer,
  Empty,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { CrownOutlined, UserAddOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { formatTime } from "@chuangcheng/client";
import { useTRPC, type TeamMember, type TeamRow } from "../../lib/trpc";
import { VolunteerPicker } from "./volunteer-picker";

/** A team's members (volunteer.teams.members); admins add, remove and choose the 队长. */
export function TeamMembersDrawer(props: {
  team: TeamRow;
  communityId: number;
  canEdit: boolean;
  onClose: () => void;
}) {
  const { team, communityId, canEdit, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [picked, setPicked] = useState<number | undefined>();
  const members = useQuery(trpc.volunteer.teams.members.queryOptions({ teamId: team.id }));

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.volunteer.teams.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.volunteer.detail.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
    ]);
  const setMember = useMutation(
    trpc.volunteer.teams.setMember.mutationOptions({
      onSuccess: async (_res, input) => {
        await refresh();
        if (input.member) setPicked(undefined);
        void message.success(input.member ? "已加入服务队" : "已移出服务队");
      },
      onError: (error) => showError(error),
    }),
  );
  const setLeader = useMutation(
    trpc.volunteer.teams.update.mutationOptions({
      onSuccess: async (_res, input) => {
        await refresh();
        setPicked(undefined);
        void message.success(input.leaderId ? "已设为队长" : "已取消队长");
      },
      onError: (error) => showError(error),
    }),
  );

  const rows = members.data ?? [];
  const columns: TableColumnsType<TeamMember> = [
    {
      title: "姓名",
      dataIndex: "name",
      key: "name",
      render: (name: string, m) => (
        <Space size={4}>
          <span>{name}</span>
          {m.id === team.leaderId && (
            <Tag color="blue" icon={<CrownOutlined aria-hidden />}>
              队长
            </Tag>
          )}
        </Space>
      ),
    },
    { title: "累计时长", dataIndex: "hours", key: "hours", width: 90, render: (h: number) => `${h} 小时` },
    {
      title: "加入时间",
      dataIndex: "joinedAt",
      key: "joinedAt",
      width: 110,
      render: (at: string) => formatTime(at, "YYYY-MM-DD"),
    },
    ...(canEdit
      ? [
          {
            title: "操作",
            key: "actions",
            width: 150,
            render: (_: unknown, m: TeamMember) => (
              <Space size={0}>
                {m.id === team.leaderId ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setLeader.mutate({ id: team.id, leaderId: null })}
                  >
                    取消队长
                  </Button>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setLeader.mutate({ id: team.id, leaderId: m.id })}
                  >
                    设为队长
                  </Button>
                )}
                <Popconfirm
                  title={`将“${m.name}”移出${team.name}？`}
                  okText="移出"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    setMember
                      .mutateAsync({ teamId: team.id, volunteerId: m.id, member: false })
                      .catch(() => undefined)
                  }
                >
                  <Button type="link" size="small" danger>
                    移出
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Drawer title={`${team.name} · 队员`} open onClose={onClose} size={600} destroyOnHidden>
      {canEdit && (
        <div style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 12 }}>
          <VolunteerPicker
            communityId={communityId}
            value={picked}
            onChange={setPicked}
            exclude={rows.map((m) => m.id)}
          />
          <Button
            type="primary"
            icon={<UserAddOutlined aria-hidden />}
            disabled={picked === undefined}
            loading={setMember.isPending && setMember.variables.member}
            onClick={() => picked && setMember.mutate({ teamId: team.id, volunteerId: picked, member: true })}
          >
            加入服务队
          </Button>
          <Button
            icon={<CrownOutlined aria-hidden />}
            disabled={picked === undefined}
            loading={setLeader.isPending}
            onClick={() => picked && setLeader.mutate({ id: team.id, leaderId: picked })}
          >
            设为队长
          </Button>
        </div>
      )}
      {members.isError && (
        <Typography.Paragraph type="danger">{errorMessage(members.error)}</Typography.Paragraph>
      )}
      <Table<TeamMember>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={members.isFetching}
        pagination={rows.length > 20 ? { pageSize: 20, size: "small" } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有队员" /> }}
      />
    </Drawer>
  );
}
