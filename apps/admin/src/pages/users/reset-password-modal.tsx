import { Alert, Button, Modal, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { grantLabel } from "../../lib/labels";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type UserRow } from "../../lib/trpc";

const shanghaiTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/**
 * 重置密码 (auth.users.resetPassword): first what it does, then the temporary password, shown this
 * once with a copy button. Closing the dialog forgets it.
 */
export function ResetPasswordModal({ user, onClose }: { user: UserRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const reset = useMutation(
    trpc.auth.users.resetPassword.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.auth.users.search.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]),
      onError: (error) => showError(error),
    }),
  );
  const who = `${user.name}（${user.mobile}）`;

  if (reset.data) {
    const { temporaryPassword, expiresAt } = reset.data;
    return (
      <Modal
        title="临时密码已生成"
        open
        maskClosable={false}
        keyboard={false}
        onCancel={onClose}
        footer={
          <Button type="primary" onClick={onClose}>
            我已记下并告知本人
          </Button>
        }
      >
        <Typography.Paragraph>{who} 的临时密码：</Typography.Paragraph>
        <div style={{ padding: "12px 0", textAlign: "center", background: "#f6f8fb", borderRadius: 8 }}>
          <Typography.Text
            code
            copyable={{ text: temporaryPassword, tooltips: ["复制", "已复制"] }}
            style={{ fontSize: 24, letterSpacing: 2 }}
            data-testid="temporary-password"
          >
            {temporaryPassword}
          </Typography.Text>
        </div>
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          title="临时密码只显示这一次，关闭后无法再次查看"
          description={
            <>
              请当面或打电话告诉本人，不要发到微信群。有效期至 {shanghaiTime.format(new Date(expiresAt))}
              ；本人用它登录后须先设置新密码。如已过期或遗失，可再次重置。
            </>
          }
        />
      </Modal>
    );
  }

  return (
    <Modal
      title={`重置密码：${user.name}`}
      open
      okText="重置密码"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={reset.isPending}
      onOk={() => reset.mutate({ userId: user.id })}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        为 {who} 重置密码{user.grants.length > 0 && `（${user.grants.map((g) => grantLabel(g)).join("、")}）`}
        ：
      </Typography.Paragraph>
      <ul style={{ paddingInlineStart: 20, lineHeight: 1.8 }}>
        <li>生成一个临时密码，只显示这一次，72小时内有效；</li>
        <li>该账号在所有设备上的登录立即失效，原密码不能再用；</li>
        <li>本人用临时密码登录后，须先设置新密码才能继续使用。</li>
      </ul>
      <Alert
        type="info"
        showIcon
        title="请先核实身份"
        description="如本人到社区办公室出示证件，或回拨其登记的手机号确认。"
      />
    </Modal>
  );
}
