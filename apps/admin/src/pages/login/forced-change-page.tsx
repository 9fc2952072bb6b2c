import { Alert, App, Button, Form, Input } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { passwordChangeInput, type PasswordChangeValues } from "@chuangcheng/client";
import { useLogout } from "../../layout/user-box";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type Me } from "../../lib/trpc";
import { NewPasswordFields } from "../../lib/new-password-fields";
import { LoginFrame } from "./login-frame";

/**
 * Shown by the console layout instead of any page while the user holds a temporary password from a
 * reset (auth.me says mustChangePassword; the server refuses everything else meanwhile). It cannot be
 * dismissed: set a new password, or log out.
 */
export default function ForcedChangePage({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const logout = useLogout();
  const [form] = Form.useForm<PasswordChangeValues>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async () => {
        void message.success("新密码已设置");
        // auth.me now says the password is changed: the layout shows the page asked for.
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  return (
    <LoginFrame title="请设置新密码" subtitle={`${me.name}，您正在使用管理员重置的临时密码`}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="设置新密码后才能继续使用管理后台"
        description="临时密码只能用这一次，请设置一个只有您自己知道的新密码。"
      />
      <Form<PasswordChangeValues>
        form={form}
        name="forcedChange"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => change.mutate(passwordChangeInput(v))}
      >
        <Form.Item
          label="临时密码"
          name="oldPassword"
          rules={[{ required: true, message: "请输入临时密码" }]}
        >
          <Input.Password autoComplete="current-password" placeholder="管理员告诉您的临时密码" />
        </Form.Item>
        <NewPasswordFields />
        <Button type="primary" htmlType="submit" block size="large" loading={change.isPending}>
          确认并继续
        </Button>
      </Form>
      <Button
        type="link"
        block
        style={{ marginTop: 8 }}
        loading={logout.isPending}
        onClick={() => logout.mutate()}
      >
        退出登录
      </Button>
    </LoginFrame>
  );
}
