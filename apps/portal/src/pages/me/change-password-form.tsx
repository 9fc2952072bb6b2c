import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import Toast from "antd-mobile/es/components/toast";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@chuangcheng/domain/rules";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

interface ChangePasswordValues {
  oldPassword: string;
  newPassword: string;
}

/** auth.changePassword. The server ends the account's other sessions and renews this one. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const [form] = Form.useForm<ChangePasswordValues>();
  // The new password is checked when the field is left. Once a message has shown, it is checked as it is
  // typed too: the message goes as soon as the password is right, not on the tap on 修改密码 (whose blur
  // removed it, moved the button up from under the finger and lost the tap).
  const [eager, setEager] = useState(false);
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
      onFinish={(v: ChangePasswordValues) => change.mutate(v)}
      onFieldsChange={(_, fields) => {
        if (!eager && fields.some((f) => (f.errors?.length ?? 0) > 0)) setEager(true);
      }}
      footer={
        <Button block type="submit" color="primary" fill="outline" loading={change.isPending}>
          修改密码
        </Button>
      }
    >
      <Form.Header>修改密码</Form.Header>
      <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: "请输入原密码" }]}>
        <Input type="password" autoComplete="current-password" placeholder="当前使用的密码" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        validateTrigger={eager ? ["onChange", "onBlur"] : "onBlur"}
        rules={[
          { required: true, message: "请输入新密码" },
          { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}位` },
          { max: PASSWORD_MAX_LENGTH, message: `密码最多${PASSWORD_MAX_LENGTH}位` },
        ]}
      >
        <Input type="password" autoComplete="new-password" placeholder={`至少${PASSWORD_MIN_LENGTH}位`} />
      </Form.Item>
    </Form>
  );
}
