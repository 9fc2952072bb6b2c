import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Tag from "antd-mobile/es/components/tag";
import CalendarOutline from "antd-mobile-icons/es/CalendarOutline";
import { ACTIVITY_KIND_LABELS, SIGNUP_STATUS_LABELS } from "@chuangcheng/domain/rules";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { clockText, dateTimeText, timeRangeText } from "@chuangcheng/client";
import { useTRPC, type ResidentActivity } from "../../lib/trpc";
import { PullRefresh } from "../../layout/pull-refresh";
import { HoursText } from "./my-signup-items";
import "./activities.css";
import { LoadError } from "../../layout/load-error";

function MyActivity({ a }: { a: ResidentActivity }) {
  const signup = a.mySignup;
  const cancelled = signup?.status !== "signed";
  return (
    <Link
      to={`/activities/${a.id}`}
      className="activity-item"
      data-testid="my-activity-item"
      data-activity-id={a.id}
    >
      <div className="activity-item-head">
        <Tag color="primary" fill="outline">
          {ACTIVITY_KIND_LABELS[a.kind]}
        </Tag>
        <Tag color={cancelled ? "default" : "success"} data-testid="my-activity-status">
          {a.status === "cancelled" ? "活动已取消" : signup ? SIGNUP_STATUS_LABELS[signup.status] : "—"}
        </Tag>
      </div>
      <h2 className="activity-item-title">{a.title}</h2>
      <p className="activity-item-line activity-item-sub">
        {timeRangeText(a.startsAt, a.endsAt)} · {a.place}
      </p>
      {signup && !cancelled && (
        <dl className="attendance">
          <dt>签到</dt>
          <dd data-testid="my-activity-checkin">
            {signup.checkInAt ? dateTimeText(signup.checkInAt) : "未签到"}
          </dd>
          <dt>签退</dt>
          <dd data-testid="my-activity-checkout">
            {signup.checkOutAt ? clockText(signup.checkOutAt) : "未签退"}
          </dd>
          <dt>时长</dt>
          <dd data-testid="my-activity-hours">
            <HoursText signup={signup} />
          </dd>
        </dl>
      )}
    </Link>
  );
}

function MyActivities() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const list = useQuery(trpc.activity.mine.queryOptions());
  if (list.isPending) return <PageLoading />;
  if (list.isError) {
    return <LoadError query={list} />;
  }
  if (list.data.length === 0) {
    return (
      <section className="empty-block" data-testid="my-activities-empty">
        <CalendarOutline className="empty-icon" aria-hidden />
        <p className="empty-text">您还没有报名活动。</p>
        <Button color="primary" shape="rounded" onClick={() => navigate("/activities")}>
          去看看近期活动
        </Button>
      </section>
    );
  }
  return (
    <div className="activity-list" data-testid="my-activities">
      {list.data.map((a) => (
        <MyActivity key={a.id} a={a} />
      ))}
    </div>
  );
}

/** 我的活动: everything the resident signed up for, newest first, with attendance and hours. */
export default function MyActivitiesPage() {
  const trpc = useTRPC();
  return (
    <div className="page my-activities-page">
      <PageHeader>我的活动</PageHeader>
      <RequireLogin>
        {() => (
          <PullRefresh queryKeys={[trpc.activity.pathKey()]}>
            <MyActivities />
          </PullRefresh>
        )}
      </RequireLogin>
    </div>
  );
}
