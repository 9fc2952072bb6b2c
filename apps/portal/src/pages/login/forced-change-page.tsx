import { useNavigate } from "react-router";
import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { PageHeader } from "../../layout/page-header";
import NoticeBar from "antd-mobile/es/components/notice-bar";
import Toast from "antd-mobile/es/components/toast";
import { passwordChangeInput, type PasswordChangeValues } from "@chuangcheng/client";
import { showServerError } from "../../lib/server-errors";
import { useForgetSession, useRefreshSession } from "../../lib/session";
import { errorCode, useTRPC, type Me } from "../../lib/trpc";
import { PasswordFields } from "../../lib/password-fields";
import "./password-help.css";

/**
 * After logging in with a temporary password from a reset: the only screen until a new password is
 * set (the server refuses everything else meanwhile). No way back, only 退出登录.
 */
export default function ForcedChangePage({ me }: { me: Me }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const refreshSession = useRefreshSession();
  const forgetSession = useForgetSession();
  const [form] = Form.useForm<PasswordChangeValues>();

  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async () => {
        Toast.show({ icon: "success", content: "新密码已设置" });
        navigate("/", { replace: true });
        await refreshSession();
      },
      onError: (error) => showServerError(error, { form }),
    }),
  );
  const leave = () => {
    forgetSession();
    navigate("/", { replace: true });
  };
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: leave,
      onError: (error) => (errorCode(error) === "UNAUTHORIZED" ? leave() : showServerError(error)),
    }),
  );

  return (
    <div className="page form-page">
      <PageHeader back={false}>设置新密码</PageHeader>
      <div className="form-intro">
        <h1 className="form-title">请设置新密码</h1>
        <p className="form-subtitle">{me.name}，您正在使用管理员重置的临时密码。设置新密码后才能继续使用。</p>
      </div>
      <NoticeBar
        className="forced-notice"
        color="alert"
        wrap
        content="临时密码只能用这一次，请设置一个只有您自己知道的新密码。"
      />
      <Form
        form={form}
        name="forcedChange"
        layout="horizontal"
        mode="card"
        requiredMarkStyle="none"
        onFinish={(v: PasswordChangeValues) => change.mutate(passwordChangeInput(v))}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={change.isPending}
            loadingText="请稍候"
          >
            确认并继续
          </Button>
        }
      >
        <Form.Item
          label="临时密码"
          name="oldPassword"
          rules={[{ required: true, message: "请输入临时密码" }]}
        >
          <Input type="password" autoComplete="current-password" placeholder="管理员告诉您的临时密码" />
        </Form.Item>
        <PasswordFields />
      </Form>
      <p className="form-switch">
        <Button
          fill="none"
          size="small"
          loading={logout.isPending}
          loadingText="请稍候"
          onClick={() => logout.mutate()}
        >
          退出登录
        </Button>
      </p>
    </div>
  );
}
