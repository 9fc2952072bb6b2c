import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import List from "antd-mobile/es/components/list";
import PhoneFill from "antd-mobile-icons/es/PhoneFill";
import { LoadError } from "../../layout/load-error";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { communityOptions } from "../../lib/org-options";
import { useTRPC, type PublicUnit } from "../../lib/trpc";
import { UnitSelect } from "../register/unit-select";
import { SmsResetForm } from "./sms-reset-form";
import "./password-help.css";

/** The office to ask: the 社区's own, or its 街道's when the 社区 has no phone on record. */
function officeOf(units: readonly PublicUnit[], communityId: number) {
  const community = units.find((u) => u.id === communityId);
  if (!community) return null;
  const street = units.find((u) => u.id === community.parentId);
  const own = community.contact;
  if (own?.phone) return { name: community.name, contact: own };
  if (street?.contact?.phone) return { name: street.name, contact: street.contact };
  return { name: community.name, contact: own };
}

function CommunityContact({ units }: { units: readonly PublicUnit[] }) {
  const communities = useMemo(() => communityOptions(units), [units]);
  const [communityId, setCommunityId] = useState<number | undefined>(
    communities.length === 1 ? communities[0]!.value : undefined,
  );
  const office = communityId === undefined ? null : officeOf(units, communityId);
  return (
    <List mode="card" header="居民：请联系您所在的社区">
      <List.Item>
        <UnitSelect
          id="forgot_community"
          title="所在社区"
          placeholder="选择您所在的社区"
          options={communities}
          value={communityId}
          onChange={setCommunityId}
        />
      </List.Item>
      {office && (
        <>
          <List.Item
            prefix={<PhoneFill className="help-phone-icon" aria-hidden />}
            description={`${office.name}联系电话`}
          >
            {office.contact?.phone ? (
              <a className="help-phone" href={`tel:${office.contact.phone}`} data-testid="community-phone">
                {office.contact.phone}
              </a>
            ) : (
              <span className="help-muted">暂未登记电话，请到社区办公室办理</span>
            )}
          </List.Item>
          {office.contact?.address && (
            <List.Item description="办公地址" data-testid="community-address">
              {office.contact.address}
            </List.Item>
          )}
          {office.contact?.hours && (
            <List.Item description="办公时间" data-testid="community-hours">
              {office.contact.hours}
            </List.Item>
          )}
        </>
      )}
    </List>
  );
}

/**
 * 忘记密码: there is no reset by e-mail; the 社区 resets a resident's password and tells them a
 * temporary one. Where the deployment sends SMS, a code to the registered mobile also works.
 */
export default function ForgotPasswordPage() {
  const trpc = useTRPC();
  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const sms = useQuery(trpc.auth.smsAvailable.queryOptions(undefined, { staleTime: 5 * 60_000 }));

  return (
    <div className="page form-page">
      <PageHeader>忘记密码</PageHeader>
      <div className="form-intro">
        <h1 className="form-title">忘记密码怎么办</h1>
        <p className="form-subtitle">
          请联系社区重置密码。工作人员核实身份后，会当面或电话告诉您一个临时密码（72小时内有效）；用它登录后，先设置新密码即可继续使用。
        </p>
      </div>
      {tree.isPending ? (
        <PageLoading />
      ) : tree.isError ? (
        <LoadError query={tree} />
      ) : (
        <CommunityContact units={tree.data} />
      )}
      <List mode="card" header="网格员、社区或街道工作人员">
        <List.Item>
          请联系为您开通账号的管理员（上一级的社区或街道管理员），在管理后台为您重置密码。
        </List.Item>
      </List>
      {sms.data?.available && <SmsResetForm />}
      <p className="form-switch">
        想起来了？<Link to="/login">返回登录</Link>
      </p>
    </div>
  );
}
