import { useState } from "react";
import {
  App,
  Button,
  Card,
  Grid,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ROLE_LABELS, ROLES, type Role } from "@chuangcheng/domain/rules";
import { canGrantRole, isSystemAdmin, useMe } from "../../lib/auth";
import { grantLabel, ROLE_COLORS } from "../../lib/labels";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC, type Me, type UserRow } from "../../lib/trpc";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { CreateStaffModal } from "./create-staff-modal";
import { GrantRoleModal } from "./grant-role-modal";
import { ResetPasswordModal } from "./reset-password-modal";
import { searchButton } from "../../lib/search-button";

type Grant = UserRow["grants"][number];

/**
 * Whether to offer 重置密码: not one's own account, and every role the person holds is one the user
 * outranks (the server also checks that each is within the user's units); someone with no role at
 * all is a system admin's to reset.
 */
function canReset(me: Me | undefined, u: UserRow): boolean {
  if (!me || u.id === me.id) return false;
  if (u.grants.length === 0) return isSystemAdmin(me);
  return u.grants.every((g) => canGrantRole(me, g.role));
}

/** 用户与角色: the people the user administers, their roles, and new staff accounts. */
export default function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  // On a phone the table keeps 姓名 (with 手机号 and 社区/楼院 under it), 角色 and 操作.
  const wide = Grid.useBreakpoint().md !== false;
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Role | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);

  const input = { q: q || undefined, role, page, pageSize };
  const users = useQuery({
    ...trpc.auth.users.search.queryOptions(input),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation(
    trpc.auth.users.revokeRole.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.auth.users.search.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success("已撤销角色");
      },
      onError: (error) => showError(error),
    }),
  );

  const confirmRevoke = (user: UserRow, g: Grant) => {
    modal.confirm({
      title: "撤销角色",
      content: `确定撤销“${user.name}”的角色“${grantLabel(g)}”吗？`,
      okText: "撤销",
      okButtonProps: { danger: true },
      cancelText: "取消",
      onOk: () => revoke.mutateAsync({ grantId: g.id }).catch(() => undefined),
    });
  };

  const columns: TableColumnsType<UserRow> = [
    {
      title: "姓名",
      dataIndex: "name",
      key: "name",
      width: wide ? 110 : 118,
      render: (name: string, u) =>
        wide ? (
          <>
            {name}
            {u.mustChangePassword && <PendingTag />}
          </>
        ) : (
          <div>
            <div>
              {name}
              {u.mustChangePassword && <PendingTag />}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {u.mobile}
            </Typography.Text>
            {u.communityName && (
              <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                {[u.communityName, u.courtyardName].filter(Boolean).join(" / ")}
              </Typography.Text>
            )}
          </div>
        ),
    },
    { title: "手机号", dataIndex: "mobile", key: "mobile", width: 130, responsive: ["md"] },
    {
      title: "社区/楼院",
      key: "home",
      width: 180,
      responsive: ["md"],
      render: (_, u) =>
        u.communityName || u.courtyardName ? (
          [u.communityName, u.courtyardName].filter(Boolean).join(" / ")
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: "角色",
      key: "grants",
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.grants.length === 0 && <Typography.Text type="secondary">无</Typography.Text>}
          {u.grants.map((g) => (
            <Tag
              key={g.id}
              color={ROLE_COLORS[g.role]}
              style={{ whiteSpace: "normal", marginInlineEnd: 0 }}
              closable={
                canGrantRole(me.data, g.role) && !(g.role === "system_admin" && u.id === me.data?.id)
                  ? { "aria-label": `撤销角色 ${grantLabel(g)}` }
                  : false
              }
              onClose={(e) => {
                e.preventDefault();
                confirmRevoke(u, g);
              }}
            >
              {grantLabel(g)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: "操作",
      key: "actions",
      width: wide ? 170 : 72,
      fixed: wide ? "right" : undefined,
      render: (_, u) => (
        <Space size={wide ? 12 : 0} orientation={wide ? "horizontal" : "vertical"} align="start">
          <Button type="link" size="small" onClick={() => setGranting(u)} style={{ padding: 0 }}>
            授予角色
          </Button>
          {canReset(me.data, u) && (
            <Button
              type="link"
              size="small"
              onClick={() => setResetting(u)}
              style={{ padding: 0 }}
              aria-label={`重置密码 ${u.name}`}
            >
              重置密码
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="用户与角色"
      size="small"
      extra={
        <Space>
          <RefreshButton queryKeys={[trpc.auth.users.pathKey()]} />
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            新建工作人员
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder="姓名或手机号"
          aria-label="搜索姓名或手机号"
          enterButton={searchButton}
          allowClear
          maxLength={30}
          style={{ width: 240 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
        />
        <Select<Role>
          placeholder="全部角色"
          aria-label="按角色筛选"
          allowClear
          style={{ width: 160 }}
          value={role}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          onChange={(value) => {
            setRole(value);
            setPage(1);
          }}
        />
      </Space>
      {users.isError && (
        <Typography.Paragraph type="danger">{errorMessage(users.error)}</Typography.Paragraph>
      )}
      <Table<UserRow>
        rowKey="id"
        size={wide ? "middle" : "small"}
        tableLayout={wide ? undefined : "fixed"}
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={listLoading(users)}
        scroll={wide ? { x: 760 } : undefined}
        pagination={{
          current: page,
          pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 人`,
          onChange: (p, size) => {
            setPage(size === pageSize ? p : 1);
            setPageSize(size);
          },
        }}
      />
      {creating && <CreateStaffModal onClose={() => setCreating(false)} />}
      {granting && <GrantRoleModal user={granting} onClose={() => setGranting(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}

/** The person has not yet replaced the temporary password of a reset. */
function PendingTag() {
  return (
    <Tag color="orange" style={{ marginInlineStart: 6, fontSize: 11 }}>
      待改密
    </Tag>
  );
}
