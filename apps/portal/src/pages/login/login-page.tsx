import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { PageHeader } from "../../layout/page-header";
import { MobileField } from "../../lib/mobile-field";
import { safeNext, useRefreshSession, useSession } from "../../lib/session";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";

interface LoginValues {
  mobile: string;
  password: string;
}

export default function LoginPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const refreshSession = useRefreshSession();
  const [form] = Form.useForm<LoginValues>();
  const next = safeNext(params.get("next")) ?? "/me";

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        await refreshSession();
        navigate(next, { replace: true });
      },
      // 手机号或密码错误 names the password field; the throttling message names none: both go beside it.
      onError: (error) => showServerError(error, { form, fallbackField: "password" }),
    }),
  );

  // Already logged in (e.g. the back button): nothing to do here.
  if (session.data && login.isIdle) return <Navigate to={next} replace />;

  return (
    <div className="page form-page">
      <PageHeader>登录</PageHeader>
      <div className="form-intro">
        <h1 className="form-title">登录创城通</h1>
        <p className="form-subtitle">使用注册时的手机号和密码登录</p>
      </div>
      <Form
        form={form}
        name="login"
        layout="horizontal"
        mode="card"
        requiredMarkStyle="none"
        onFinish={(values: LoginValues) =>
          login.mutate({ mobile: values.mobile.trim(), password: values.password })
        }
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={login.isPending}
            loadingText="请稍候"
          >
            登录
          </Button>
        }
      >
        <MobileField />
        <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
          <Input type="password" autoComplete="current-password" placeholder="请输入密码" />
        </Form.Item>
      </Form>
      <p className="form-switch">
        <Link to="/forgot-password">忘记密码？</Link>
      </p>
      <p className="form-switch">
        还没有账号？<Link to="/register">注册</Link>
      </p>
    </div>
  );
}
