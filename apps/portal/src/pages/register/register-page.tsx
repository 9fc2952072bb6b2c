import { useMemo } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { useMutation, useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Form from "antd-mobile/es/components/form";
import Input from "antd-mobile/es/components/input";
import { PageHeader } from "../../layout/page-header";
import { communityOptions, courtyardOptions } from "../../lib/org-options";
import { MobileField } from "../../lib/mobile-field";
import { PasswordFields } from "../../lib/password-fields";
import { showServerError } from "../../lib/server-errors";
import { useRefreshSession, useSession } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { UnitSelect } from "./unit-select";

interface RegisterValues {
  name: string;
  mobile: string;
  password: string;
  confirmPassword: string;
  communityId: number;
  courtyardId: number;
}

export default function RegisterPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const session = useSession();
  const refreshSession = useRefreshSession();
  const [form] = Form.useForm<RegisterValues>();
  const communityId = Form.useWatch<number | undefined>("communityId", form);

  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const units = useMemo(() => tree.data ?? [], [tree.data]);
  const communities = useMemo(() => communityOptions(units), [units]);
  const courtyards = useMemo(() => courtyardOptions(units, communityId), [units, communityId]);

  const register = useMutation(
    trpc.auth.registerResident.mutationOptions({
      onSuccess: async () => {
        // The server has set the session cookie: the new resident is logged in.
        await refreshSession();
        navigate("/me", { replace: true });
      },
      onError: (error) => showServerError(error, { form }),
    }),
  );

  if (session.data && register.isIdle) return <Navigate to="/me" replace />;

  const unitPlaceholder = tree.isPending ? "加载中…" : tree.isError ? "加载失败，请刷新重试" : "请选择";

  return (
    <div className="page form-page">
      <PageHeader>注册</PageHeader>
      <div className="form-intro">
        <h1 className="form-title">注册居民账号</h1>
        <p className="form-subtitle">用手机号注册，并登记您所在的社区和楼院</p>
      </div>
      <Form
        form={form}
        name="register"
        layout="horizontal"
        mode="card"
        requiredMarkStyle="none"
        onValuesChange={(changed: Partial<RegisterValues>) => {
          // A 楼院 belongs to one 社区: a new 社区 needs a new choice.
          if ("communityId" in changed) form.setFieldValue("courtyardId", undefined);
        }}
        onFinish={(v: RegisterValues) =>
          register.mutate({
            name: v.name.trim(),
            mobile: v.mobile.trim(),
            password: v.password,
            communityId: v.communityId,
            courtyardId: v.courtyardId,
          })
        }
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={register.isPending}
            loadingText="请稍候"
          >
            注册
          </Button>
        }
      >
        <Form.Item
          label="姓名"
          name="name"
          rules={[
            { required: true, whitespace: true, message: "请输入姓名" },
            { max: 20, message: "姓名最多20个字" },
          ]}
        >
          <Input autoComplete="name" maxLength={20} placeholder="真实姓名" clearable />
        </Form.Item>
        <MobileField />
        <PasswordFields label="密码" name="password" confirmName="confirmPassword" />
        <Form.Item
          label="所在社区"
          name="communityId"
          rules={[{ required: true, message: "请选择所在社区" }]}
        >
          <UnitSelect
            title="所在社区"
            options={communities}
            placeholder={unitPlaceholder}
            disabled={communities.length === 0}
          />
        </Form.Item>
        <Form.Item
          label="所在楼院"
          name="courtyardId"
          rules={[{ required: true, message: "请选择所在楼院" }]}
        >
          <UnitSelect
            title="所在楼院"
            options={courtyards}
            placeholder={
              communityId === undefined
                ? "请先选择社区"
                : courtyards.length === 0
                  ? "该社区暂无楼院"
                  : "请选择"
            }
            disabled={courtyards.length === 0}
          />
        </Form.Item>
      </Form>
      <p className="form-switch">
        已有账号？<Link to="/login">登录</Link>
      </p>
    </div>
  );
}
