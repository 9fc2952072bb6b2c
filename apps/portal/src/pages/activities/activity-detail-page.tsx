import { Meter } from "../../lib/meter";
import { useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import ErrorBlock from "antd-mobile/es/components/error-block";
import List from "antd-mobile/es/components/list";
import Tag from "antd-mobile/es/components/tag";
import { ACTIVITY_KIND_LABELS } from "@chuangcheng/domain/rules";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { timeRangeText } from "@chuangcheng/client";
import { errorCode, useTRPC } from "../../lib/trpc";
import { skillNames } from "../../lib/volunteer-options";
import { SIGNUP_STATE_COLOR, SIGNUP_STATE_TEXT, signupState } from "./activity-state";
import { MySignupItems } from "./my-signup-items";
import { SignupAction } from "./signup-action";
import "./activities.css";
import { LoadError } from "../../layout/load-error";

function ActivityDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.activity.detail.queryOptions({ id }));
  if (detail.isPending) return <PageLoading />;
  if (detail.isError) {
    return errorCode(detail.error) === "NOT_FOUND" ? (
      <ErrorBlock status="empty" title="活动不存在" description="该活动可能已被删除，请返回活动列表。" />
    ) : (
      <LoadError query={detail} />
    );
  }
  const a = detail.data;
  const state = signupState(a);
  return (
    <>
      <section className="activity-hero" data-testid="activity-detail" data-activity-id={a.id}>
        <div className="activity-item-head">
          <Tag color="primary" fill="outline">
            {ACTIVITY_KIND_LABELS[a.kind]}
          </Tag>
          <Tag color={SIGNUP_STATE_COLOR[state]} data-testid="activity-state">
            {SIGNUP_STATE_TEXT[state]}
          </Tag>
        </div>
        <h1 className="activity-hero-title">{a.title}</h1>
        <p className="activity-hero-org">{[a.communityName, a.teamName].filter(Boolean).join(" · ")}</p>
      </section>
      <List mode="card" className="activity-facts">
        <List.Item extra={timeRangeText(a.startsAt, a.endsAt)}>时间</List.Item>
        <List.Item extra={a.place}>地点</List.Item>
        <List.Item
          extra={
            <span data-testid="activity-count">
              已报名 {a.signedCount}/{a.capacity}
            </span>
          }
          description={<Meter percent={(a.signedCount / a.capacity) * 100} label="名额已报满的比例" />}
        >
          名额
        </List.Item>
        {a.skills.length > 0 && (
          <List.Item
            extra={
              <span className="activity-skills">
                {skillNames(a.skills).map((s) => (
                  <Tag key={s} color="default">
                    {s}
                  </Tag>
                ))}
              </span>
            }
          >
            需要技能
          </List.Item>
        )}
      </List>
      {a.description && (
        <List header="活动说明" mode="card">
          <List.Item>
            <div className="activity-description">{a.description}</div>
          </List.Item>
        </List>
      )}
      {a.mySignup && <MySignupItems signup={a.mySignup} />}
      <SignupAction activity={a} />
    </>
  );
}

export default function ActivityDetailPage() {
  const { id } = useParams();
  const activityId = Number(id);
  const valid = Number.isInteger(activityId) && activityId > 0;
  return (
    <div className="page activity-detail-page">
      <PageHeader>活动详情</PageHeader>
      {valid ? (
        <RequireLogin>{() => <ActivityDetail id={activityId} />}</RequireLogin>
      ) : (
        <ErrorBlock status="empty" title="活动不存在" description="链接有误，请返回活动列表。" />
      )}
    </div>
  );
}
