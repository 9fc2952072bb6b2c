import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import Toast from "antd-mobile/es/components/toast";
import { passwordChangeInput, type PasswordChangeValues } from "@chuangcheng/client";
import { PasswordFields } from "../../lib/password-fields";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

/** auth.changePassword. The server ends the account's other sessions and renews this one. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const [form] = Form.useForm<PasswordChangeValues>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        form.resetFields();
        Toast.show({ icon: "success", content: "密码已修改" });
      },
      onError: (error) => showServerError(error, { form }),
    }),
  );
  return (
    <Form
      form={form}
      name="changePassword"
      layout="horizontal"
      mode="card"
      requiredMarkStyle="none"
      onFinish={(v: PasswordChangeValues) => change.mutate(passwordChangeInput(v))}
      footer={
        <Button
          block
          type="submit"
          color="primary"
          fill="outline"
          loading={change.isPending}
          loadingText="请稍候"
        >
          修改密码
        </Button>
      }
    >
      <Form.Header>修改密码</Form.Header>
      <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: "请输入原密码" }]}>
        <Input type="password" autoComplete="current-password" placeholder="当前使用的密码" />
      </Form.Item>
      <PasswordFields />
    </Form>
  );
}
