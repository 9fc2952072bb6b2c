import { useMemo, useState } from "react";
import { Alert, Button, Descriptions, Divider, Select, Typography } from "antd";
import { PhoneOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useTRPC } from "../../lib/trpc";
import { LoginFrame } from "./login-frame";
import { SmsResetForm } from "./sms-reset-form";

type PublicUnit = inferOutput<ReturnType<typeof useTRPC>["org"]["publicTree"]>[number];

/** The 社区 and 街道 offices with their public contact, as "城关街道 / 东街社区" options. */
function officeOptions(units: readonly PublicUnit[]) {
  const name = (id: number | null) => units.find((u) => u.id === id)?.name ?? "";
  return units
    .filter((u) => u.contact !== null)
    .map((u) => ({
      value: u.id,
      label: u.kind === "community" ? `${name(u.parentId)} / ${u.name}` : `${u.name}（街道办事处）`,
      unit: u,
    }));
}

function OfficeContact({ units }: { units: readonly PublicUnit[] }) {
  const options = useMemo(() => officeOptions(units), [units]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const unit = options.find((o) => o.value === unitId)?.unit;
  return (
    <>
      <Select<number>
        showSearch={{ optionFilterProp: "label" }}
        aria-label="选择社区或街道"
        placeholder="选择所在社区或街道，查看联系电话"
        style={{ width: "100%" }}
        value={unitId}
        options={options.map(({ value, label }) => ({ value, label }))}
        onChange={setUnitId}
      />
      {unit && (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginTop: 12 }}
          styles={{ label: { width: 88 } }}
          items={[
            {
              key: "phone",
              label: "联系电话",
              children: unit.contact?.phone ? (
                <a href={`tel:${unit.contact.phone}`} data-testid="office-phone">
                  <PhoneOutlined aria-hidden /> {unit.contact.phone}
                </a>
              ) : (
                <Typography.Text type="secondary">暂未登记</Typography.Text>
              ),
            },
            { key: "address", label: "办公地址", children: unit.contact?.address ?? "暂未登记" },
            { key: "hours", label: "办公时间", children: unit.contact?.hours ?? "暂未登记" },
          ]}
        />
      )}
    </>
  );
}

/**
 * 忘记密码 for the console: staff ask whoever manages their account; residents their 社区. Where the
 * server sends SMS, a code to the registered mobile resets it here too.
 */
export default function ForgotPasswordPage() {
  const trpc = useTRPC();
  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const sms = useQuery(trpc.auth.smsAvailable.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const [bySms, setBySms] = useState(false);

  return (
    <LoginFrame title="忘记密码" subtitle="创城通 管理后台" width={480}>
      {bySms ? (
        <>
          <SmsResetForm />
          <Button type="link" block onClick={() => setBySms(false)}>
            返回
          </Button>
        </>
      ) : (
        <>
          <Alert
            type="info"
            showIcon
            title="工作人员（网格员、社区和街道管理员）"
            description="请联系为您开通账号的管理员（上一级的社区或街道管理员）。管理员在「用户与角色」中为您重置密码，并当面或电话告诉您一个临时密码（72小时内有效）；用它登录后，先设置新密码即可继续工作。"
          />
          <Divider titlePlacement="start" plain style={{ margin: "20px 0 12px" }}>
            居民或不知道找谁：联系社区
          </Divider>
          {tree.isError ? (
            <Typography.Text type="danger">社区列表加载失败，请刷新重试</Typography.Text>
          ) : (
            <OfficeContact units={tree.data ?? []} />
          )}
          {sms.data?.available && (
            <Button block style={{ marginTop: 20 }} onClick={() => setBySms(true)}>
              短信验证码找回
            </Button>
          )}
        </>
      )}
      <div style={{ marginTop: 16, textAlign: "center" }}>
        <Link to="/login">返回登录</Link>
      </div>
    </LoginFrame>
  );
}
