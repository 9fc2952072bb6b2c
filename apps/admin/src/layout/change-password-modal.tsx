import { App, Form, Input, Modal } from "antd";
import { useMutation } from "@tanstack/react-query";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@chuangcheng/domain/rules";
import { useShowError } from "../lib/server-errors";
import { useTRPC } from "../lib/trpc";

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码 (auth.changePassword). The server ends the account's other sessions; this one continues. */
export function ChangePasswordModal({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
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
      <Form<Values>
        form={form}
        name="changePassword"
        layout="vertical"
        onFinish={(v) => change.mutate({ oldPassword: v.oldPassword, newPassword: v.newPassword })}
      >
        <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: "请输入原密码" }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          extra={`${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH}位`}
          rules={[
            { required: true, message: "请输入新密码" },
            { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}位` },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={PASSWORD_MAX_LENGTH} />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: "请再次输入新密码" },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue("newPassword")
                  ? Promise.resolve()
                  : Promise.reject(new Error("两次输入的新密码不一致")),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
