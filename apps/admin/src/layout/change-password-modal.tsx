import { App, Form, Input, Modal } from "antd";
import { useMutation } from "@tanstack/react-query";
import { passwordChangeInput, type PasswordChangeValues } from "@chuangcheng/client";
import { NewPasswordFields } from "../lib/new-password-fields";
import { useShowError } from "../lib/server-errors";
import { useTRPC } from "../lib/trpc";

/** 修改密码 (auth.changePassword). The server ends the account's other sessions; this one continues. */
export function ChangePasswordModal({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<PasswordChangeValues>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        void message.success("密码已修改，其他设备上的登录已失效");
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  return (
    <Modal
      title="修改密码"
      open
      okText="确定"
      cancelText="取消"
      confirmLoading={change.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<PasswordChangeValues>
        form={form}
        name="changePassword"
        layout="vertical"
        onFinish={(v) => change.mutate(passwordChangeInput(v))}
      >
        <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: "请输入原密码" }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields />
      </Form>
    </Modal>
  );
}
