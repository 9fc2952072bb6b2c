import { useState } from "react";
import { useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import List from "antd-mobile/es/components/list";
import ClockCircleOutline from "antd-mobile-icons/es/ClockCircleOutline";
import CloseCircleOutline from "antd-mobile-icons/es/CloseCircleOutline";
import HeartOutline from "antd-mobile-icons/es/HeartOutline";
import { POLITICAL_STATUS_LABELS, VOLUNTEER_STATUS_LABELS } from "@chuangcheng/domain/rules";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { dateTimeText } from "@chuangcheng/client";
import { useTRPC, type MyVolunteer } from "../../lib/trpc";
import { serviceTimeNames, skillNames } from "../../lib/volunteer-options";
import { VolunteerCard, VolunteerHistory } from "./volunteer-card";
import { PullRefresh } from "../../layout/pull-refresh";
import { WithdrawButton } from "./withdraw-button";
import { ClaimOffer } from "./claim-offer";
import "./volunteer.css";
import { LoadError } from "../../layout/load-error";

function Invite() {
  const navigate = useNavigate();
  return (
    <section className="state-block" data-testid="volunteer-invite" aria-labelledby="invite-title">
      <HeartOutline className="state-icon state-icon-red" aria-hidden />
      <span className="state-tag" data-testid="volunteer-status">
        未注册
      </span>
      <h1 id="invite-title" className="state-title">
        成为社区志愿者
      </h1>
      <p className="state-text">参加楼道清洁、为老服务、文明宣传等志愿服务，服务时长累计可评星级。</p>
      <Button color="primary" size="large" shape="rounded" onClick={() => navigate("/volunteer/register")}>
        志愿者注册
      </Button>
    </section>
  );
}

/** What was submitted, so the resident can check it while waiting (the 身份证号 and mobile masked). */
function Submitted({ v }: { v: MyVolunteer }) {
  const political = v.politicalStatus ? POLITICAL_STATUS_LABELS[v.politicalStatus] : "—";
  return (
    <List header="提交的资料" mode="card" className="volunteer-submitted">
      <List.Item extra={v.name}>姓名</List.Item>
      <List.Item extra={v.idNumber}>身份证号</List.Item>
      <List.Item extra={v.mobile}>手机号</List.Item>
      <List.Item extra={[v.communityName, v.courtyardName].filter(Boolean).join(" · ")}>所在楼院</List.Item>
      <List.Item extra={political}>政治面貌</List.Item>
      <List.Item extra={skillNames(v.skills).join("、")}>服务技能</List.Item>
      <List.Item extra={serviceTimeNames(v.serviceTimes).join("、")}>服务时间</List.Item>
    </List>
  );
}

function Pending({ v }: { v: MyVolunteer }) {
  return (
    <>
      <section className="state-block" aria-label="审核状态">
        <ClockCircleOutline className="state-icon state-icon-blue" aria-hidden />
        <h1 className="state-title" data-testid="volunteer-status">
          {VOLUNTEER_STATUS_LABELS.pending}
        </h1>
        <p className="state-text" data-testid="volunteer-submitted-at">
          已于 {dateTimeText(v.submittedAt)} 提交，社区审核通过后即可报名志愿服务活动。
        </p>
      </section>
      <Submitted v={v} />
      <WithdrawButton application />
    </>
  );
}

function Rejected({ v }: { v: MyVolunteer }) {
  const navigate = useNavigate();
  return (
    <>
      <section className="state-block" aria-label="审核状态">
        <CloseCircleOutline className="state-icon state-icon-red" aria-hidden />
        <h1 className="state-title" data-testid="volunteer-status">
          {VOLUNTEER_STATUS_LABELS.rejected}
        </h1>
        <div className="reject-reason" data-testid="volunteer-reject-reason">
          <span className="reject-reason-label">驳回原因</span>
          {v.rejectReason ?? "未说明"}
        </div>
        <Button color="primary" size="large" shape="rounded" onClick={() => navigate("/volunteer/register")}>
          修改后重新提交
        </Button>
      </section>
      <Submitted v={v} />
      <WithdrawButton application />
    </>
  );
}

function MyVolunteerState() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const mine = useQuery(trpc.volunteer.mine.queryOptions());
  const v = mine.data;
  // A record the 社区 imported from the resident's paper form comes first: claimed, not typed again.
  const open = mine.isSuccess && (!v || v.status === "withdrawn" || v.status === "rejected");
  const claimable = useQuery({ ...trpc.volunteer.claimable.queryOptions(), enabled: open });
  const [declined, setDeclined] = useState(false);
  if (mine.isPending || (open && claimable.isPending)) return <PageLoading />;
  if (mine.isError) {
    return <LoadError query={mine} />;
  }
  if (open && claimable.data && !declined) {
    return <ClaimOffer offer={claimable.data} onDecline={() => setDeclined(true)} />;
  }
  if (!v || v.status === "withdrawn") return <Invite />;
  if (v.status === "pending") return <Pending v={v} />;
  if (v.status === "rejected") return <Rejected v={v} />;
  return (
    <>
      <VolunteerCard v={v} />
      <List mode="card">
        <List.Item
          onClick={() => navigate("/volunteer/certificate")}
          description="所选期间已确认的时长与活动，PDF / Word"
        >
          开具志愿服务证明
        </List.Item>
      </List>
      <VolunteerHistory v={v} />
      <WithdrawButton />
    </>
  );
}

export default function MyVolunteerPage() {
  const trpc = useTRPC();
  return (
    <div className="page volunteer-page">
      <PageHeader>我的志愿者</PageHeader>
      <RequireLogin>
        {() => (
          <PullRefresh queryKeys={[trpc.volunteer.pathKey()]}>
            <MyVolunteerState />
          </PullRefresh>
        )}
      </RequireLogin>
    </div>
  );
}
