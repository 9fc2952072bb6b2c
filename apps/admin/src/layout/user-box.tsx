import { useState } from "react";
import { Button, Dropdown, Space, Tag, Tooltip, Typography } from "antd";
import { KeyOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { grantLabel, ROLE_COLORS } from "../lib/labels";
import { useShowError } from "../lib/server-errors";
import { useTRPC, type Me } from "../lib/trpc";
import { ChangePasswordModal } from "./change-password-modal";

/** 退出登录 (auth.logout): back to the login page, with nothing of this user left in the cache. */
export function useLogout() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const showError = useShowError();
  return useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        navigate("/login", { replace: true });
        queryClient.clear();
      },
      onError: (error) => showError(error),
    }),
  );
}

/** The header's right side: who is logged in, in which roles, 修改密码 and 退出登录. */
export function UserBox({ me, compact = false }: { me: Me; compact?: boolean }) {
  const [passwordOpen, setPasswordOpen] = useState(false);
  const logout = useLogout();
  const roles = me.grants.map((g) => (
    <Tag key={g.id} color={ROLE_COLORS[g.role]} style={{ marginInlineEnd: 0 }}>
      {grantLabel(g)}
    </Tag>
  ));

  if (compact) {
    return (
      <div className="user-box">
        <Dropdown
          trigger={["click"]}
          menu={{
            items: [
              {
                key: "roles",
                type: "group",
                label: (
                  <Space wrap size={4}>
                    {roles}
                  </Space>
                ),
              },
              { type: "divider" },
              {
                key: "password",
                icon: <KeyOutlined aria-hidden />,
                label: "修改密码",
                onClick: () => setPasswordOpen(true),
              },
              {
                key: "logout",
                icon: <LogoutOutlined aria-hidden />,
                label: "退出登录",
                onClick: () => logout.mutate(),
              },
            ],
          }}
        >
          <Button type="text" icon={<UserOutlined aria-hidden />} aria-label="账号菜单">
            <Typography.Text ellipsis style={{ maxWidth: 96 }}>
              {me.name}
            </Typography.Text>
          </Button>
        </Dropdown>
        {passwordOpen && <ChangePasswordModal onClose={() => setPasswordOpen(false)} />}
      </div>
    );
  }

  return (
    <div className="user-box">
      <Space size={4} wrap={false} style={{ overflow: "hidden" }}>
        <UserOutlined aria-hidden />
        <Typography.Text strong data-testid="current-user-name">
          {me.name}
        </Typography.Text>
        {roles.slice(0, 2)}
        {roles.length > 2 && (
          <Tooltip
            title={
              <Space wrap size={4}>
                {roles.slice(2)}
              </Space>
            }
          >
            <Tag>+{roles.length - 2}</Tag>
          </Tooltip>
        )}
      </Space>
      <Button type="text" icon={<KeyOutlined aria-hidden />} onClick={() => setPasswordOpen(true)}>
        修改密码
      </Button>
      <Button
        type="text"
        icon={<LogoutOutlined aria-hidden />}
        loading={logout.isPending}
        onClick={() => logout.mutate()}
      >
        退出登录
      </Button>
      {passwordOpen && <ChangePasswordModal onClose={() => setPasswordOpen(false)} />}
    </div>
  );
}
