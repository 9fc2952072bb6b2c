import { useState } from "react";
import { Alert, Button, Form, Input } from "antd";
import { LockOutlined, MobileOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import { mobileRules } from "@chuangcheng/client";
import { can, homePath } from "../../lib/auth";
import { useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { LoginFrame } from "./login-frame";

interface Values {
  mobile: string;
  password: string;
}

/** Only same-app paths: an open redirect through ?next= must not be possible. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : null;
}

export default function LoginPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [residentOnly, setResidentOnly] = useState(false);
  const next = safeNext(params.get("next"));

  const logout = useMutation(trpc.auth.logout.mutationOptions());
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        const user = await queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 });
        if (!can(user, "console.access")) {
          // A resident's session is of no use here; end it so the portal's login stays the way in.
          await logout.mutateAsync().catch(() => undefined);
          queryClient.removeQueries({ queryKey: trpc.auth.me.queryKey() });
          setResidentOnly(true);
          return;
        }
        navigate(next ?? homePath(user), { replace: true });
      },
      // 手机号或密码错误 and the throttling message name the password field or none: both go beside it.
      onError: (error) => showError(error, { form, fallbackField: "password" }),
    }),
  );

  return (
    <LoginFrame title="创城通 管理后台" subtitle="街道、社区工作人员和网格员登录">
      {residentOnly && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="管理后台仅供工作人员使用"
          description={
            <>
              该账号是居民账号，不能登录管理后台。报名活动、查看黑白榜、随手拍请使用
              <a href="/">居民端</a>。
            </>
          }
        />
      )}
      <Form<Values>
        form={form}
        name="login"
        layout="vertical"
        size="large"
        requiredMark={false}
        onValuesChange={() => setResidentOnly(false)}
        onFinish={(values) => login.mutate({ mobile: values.mobile.trim(), password: values.password })}
      >
        <Form.Item label="手机号" name="mobile" rules={mobileRules}>
          <Input
            prefix={<MobileOutlined aria-hidden />}
            inputMode="numeric"
            autoComplete="username"
            maxLength={11}
            placeholder="11位手机号"
          />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
          <Input.Password
            prefix={<LockOutlined aria-hidden />}
            autoComplete="current-password"
            placeholder="密码"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          登录
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: "center" }}>
        <Link to="/forgot-password">忘记密码？</Link>
      </div>
    </LoginFrame>
  );
}
