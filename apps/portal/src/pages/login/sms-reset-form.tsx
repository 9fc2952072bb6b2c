import { useNavigate } from "react-router";
import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import Toast from "antd-mobile/es/components/toast";
import {
  CODE_SENT_MESSAGE,
  PASSWORD_RESET_MESSAGE,
  resetCodeRules,
  sendCodeToFormMobile,
  smsResetInput,
  type SmsResetValues,
} from "@chuangcheng/client";
import { useResendCountdown } from "@chuangcheng/client/react";
import { MobileField } from "../../lib/mobile-field";
import { PasswordFields } from "../../lib/password-fields";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

/** 短信验证码找回: mobile, a code sent to it, a new password. Shown only where the server sends SMS. */
export function SmsResetForm() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [form] = Form.useForm<SmsResetValues>();
  const resend = useResendCountdown();

  const requestCode = useMutation(
    trpc.auth.requestResetCode.mutationOptions({
      onSuccess: () => {
        resend.start();
        Toast.show({ content: CODE_SENT_MESSAGE, duration: 3000 });
      },
      onError: (error) => showServerError(error, { form, fallbackField: "code" }),
    }),
  );
  const reset = useMutation(
    trpc.auth.resetPasswordWithCode.mutationOptions({
      onSuccess: () => {
        Toast.show({ icon: "success", content: PASSWORD_RESET_MESSAGE });
        navigate("/login", { replace: true });
      },
      onError: (error) => showServerError(error, { form }),
    }),
  );

  return (
    <Form
      form={form}
      name="smsReset"
      layout="horizontal"
      mode="card"
      requiredMarkStyle="none"
      onFinish={(v: SmsResetValues) => reset.mutate(smsResetInput(v))}
      footer={
        <Button block type="submit" color="primary" loading={reset.isPending} loadingText="请稍候">
          重置密码
        </Button>
      }
    >
      <Form.Header>短信验证码找回</Form.Header>
      <MobileField placeholder="注册时的手机号" />
      <Form.Item
        label="验证码"
        name="code"
        rules={resetCodeRules}
        extra={
          <Button
            size="small"
            color="primary"
            fill="none"
            disabled={resend.waiting}
            loading={requestCode.isPending}
            loadingText="请稍候"
            onClick={() => void sendCodeToFormMobile(form, (mobile) => requestCode.mutate({ mobile }))}
          >
            {resend.label}
          </Button>
        }
      >
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="6位数字" />
      </Form.Item>
      <PasswordFields />
    </Form>
  );
}
