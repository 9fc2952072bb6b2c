import { useEffect, useState } from "react";
import { App, Button, Form, Input, Space } from "antd";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { MOBILE_PATTERN } from "@chuangcheng/domain/rules";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { NewPasswordFields } from "../../lib/new-password-fields";

interface Values {
  mobile: string;
  code: string;
  newPassword: string;
  confirm: string;
}

/** 短信验证码找回: mobile, a code sent to it, a new password. Shown only where the server sends SMS. */
export function SmsResetForm() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  // Seconds until another code may be asked for (the server allows one a minute).
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);

  const requestCode = useMutation(
    trpc.auth.requestResetCode.mutationOptions({
      onSuccess: () => {
        setLeft(60);
        // The same answer whether or not the number has an account.
        void message.info("如该手机号已注册，验证码短信已发送，10分钟内有效");
      },
      onError: (error) => showError(error, { form, fallbackField: "code" }),
    }),
  );
  const reset = useMutation(
    trpc.auth.resetPasswordWithCode.mutationOptions({
      onSuccess: () => {
        void message.success("密码已重置，请用新密码登录");
        navigate("/login", { replace: true });
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  const sendCode = async () => {
    try {
      const { mobile } = await form.validateFields(["mobile"]);
      requestCode.mutate({ mobile: mobile.trim() });
    } catch {
      // The mobile field shows what is wrong.
    }
  };

  return (
    <Form<Values>
      form={form}
      name="smsReset"
      layout="vertical"
      requiredMark={false}
      onFinish={(v) =>
        reset.mutate({ mobile: v.mobile.trim(), code: v.code.trim(), newPassword: v.newPassword })
      }
    >
      <Form.Item
        label="手机号"
        name="mobile"
        rules={[
          { required: true, message: "请输入手机号" },
          { pattern: MOBILE_PATTERN, message: "手机号应为11位数字，以13-19开头" },
        ]}
      >
        <Input inputMode="numeric" autoComplete="username" maxLength={11} placeholder="账号的手机号" />
      </Form.Item>
      <Form.Item label="验证码" required htmlFor="smsReset_code">
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item
            name="code"
            noStyle
            rules={[
              { required: true, message: "请输入验证码" },
              { pattern: /^\d{6}$/, message: "验证码应为6位数字" },
            ]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="6位数字" />
          </Form.Item>
          <Button disabled={left > 0} loading={requestCode.isPending} onClick={() => void sendCode()}>
            {left > 0 ? `${left}秒后重发` : "获取验证码"}
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
