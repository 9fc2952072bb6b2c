import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import Toast from "antd-mobile/es/components/toast";
import { MOBILE_PATTERN } from "@chuangcheng/domain/rules";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { PasswordFields } from "../../lib/password-fields";

interface Values {
  mobile: string;
  code: string;
  newPassword: string;
  confirm: string;
}

/** Seconds until another code may be asked for (the server allows one a minute). */
function useCountdown() {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);
  return [left, setLeft] as const;
}

/** 短信验证码找回: mobile, a code sent to it, a new password. Shown only where the server sends SMS. */
export function SmsResetForm() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [left, setLeft] = useCountdown();

  const requestCode = useMutation(
    trpc.auth.requestResetCode.mutationOptions({
      onSuccess: () => {
        setLeft(60);
        // The same answer whether or not the number has an account.
        Toast.show({ content: "如该手机号已注册，验证码短信已发送，10分钟内有效", duration: 3000 });
      },
      onError: (error) => showServerError(error, { form, fallbackField: "code" }),
    }),
  );
  const reset = useMutation(
    trpc.auth.resetPasswordWithCode.mutationOptions({
      onSuccess: () => {
        Toast.show({ icon: "success", content: "密码已重置，请用新密码登录" });
        navigate("/login", { replace: true });
      },
      onError: (error) => showServerError(error, { form }),
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
    <Form
      form={form}
      name="smsReset"
      layout="horizontal"
      mode="card"
      requiredMarkStyle="none"
      onFinish={(v: Values) =>
        reset.mutate({ mobile: v.mobile.trim(), code: v.code.trim(), newPassword: v.newPassword })
      }
      footer={
        <Button block type="submit" color="primary" loading={reset.isPending}>
          重置密码
        </Button>
      }
    >
      <Form.Header>短信验证码找回</Form.Header>
      <Form.Item
        label="手机号"
        name="mobile"
        validateTrigger="onBlur"
        rules={[
          { required: true, message: "请输入手机号" },
          { pattern: MOBILE_PATTERN, message: "手机号应为11位数字，以13-19开头" },
        ]}
      >
        <Input
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          maxLength={11}
          placeholder="注册时的手机号"
        />
      </Form.Item>
      <Form.Item
        label="验证码"
        name="code"
        rules={[
          { required: true, message: "请输入验证码" },
          { pattern: /^\d{6}$/, message: "验证码应为6位数字" },
        ]}
        extra={
          <Button
            size="small"
            color="primary"
            fill="none"
            disabled={left > 0}
            loading={requestCode.isPending}
            onClick={() => void sendCode()}
          >
            {left > 0 ? `${left}秒后重发` : "获取验证码"}
          </Button>
        }
      >
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="6位数字" />
      </Form.Item>
      <PasswordFields />
    </Form>
  );
}
