import { App, Button, Form, Input, Space } from "antd";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import {
  CODE_SENT_MESSAGE,
  PASSWORD_RESET_MESSAGE,
  mobileRules,
  resetCodeRules,
  sendCodeToFormMobile,
  smsResetInput,
  type SmsResetValues,
} from "@chuangcheng/client";
import { useResendCountdown } from "@chuangcheng/client/react";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { NewPasswordFields } from "../../lib/new-password-fields";

/** 短信验证码找回: mobile, a code sent to it, a new password. Shown only where the server sends SMS. */
export function SmsResetForm() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<SmsResetValues>();
  const resend = useResendCountdown();

  const requestCode = useMutation(
    trpc.auth.requestResetCode.mutationOptions({
      onSuccess: () => {
        resend.start();
        void message.info(CODE_SENT_MESSAGE);
      },
      onError: (error) => showError(error, { form, fallbackField: "code" }),
    }),
  );
  const reset = useMutation(
    trpc.auth.resetPasswordWithCode.mutationOptions({
      onSuccess: () => {
        void message.success(PASSWORD_RESET_MESSAGE);
        navigate("/login", { replace: true });
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  return (
    <Form<SmsResetValues>
      form={form}
      name="smsReset"
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => reset.mutate(smsResetInput(v))}
    >
      <Form.Item label="手机号" name="mobile" rules={mobileRules}>
        <Input inputMode="numeric" autoComplete="username" maxLength={11} placeholder="账号的手机号" />
      </Form.Item>
      <Form.Item label="验证码" required htmlFor="smsReset_code">
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item name="code" noStyle rules={resetCodeRules}>
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="6位数字" />
          </Form.Item>
          <Button
            disabled={resend.waiting}
            loading={requestCode.isPending}
            onClick={() => void sendCodeToFormMobile(form, (mobile) => requestCode.mutate({ mobile }))}
          >
            {resend.label}
          </Button>
        </Space.Compact>
      </Form.Item>
      <NewPasswordFields />
      <Button type="primary" htmlType="submit" block loading={reset.isPending}>
        重置密码
      </Button>
    </Form>
  );
}
