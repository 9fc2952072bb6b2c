import List from "antd-mobile/es/components/list";
import Tag from "antd-mobile/es/components/tag";
import { HOURS_STATUS_LABELS, SIGNUP_STATUS_LABELS } from "@chuangcheng/domain/rules";
import { clockText, dateTimeText, hoursText } from "@chuangcheng/client";
import type { ResidentActivity } from "../../lib/trpc";

type Signup = NonNullable<ResidentActivity["mySignup"]>;

/** 2 小时（120 分钟） */
export function durationText(minutes: number): string {
  return `${hoursText(minutes)}（${minutes} 分钟）`;
}

/** The hours of a sign-up: the organiser's confirmed figure once there is one, else the measured one. */
export function HoursText({ signup }: { signup: Signup }) {
  const minutes = signup.confirmedMinutes ?? signup.minutes;
  if (minutes === null) return <span className="muted">{signup.checkInAt ? "签退后计算" : "—"}</span>;
  return (
    <span className="hours-text">
      {durationText(minutes)}
      <Tag color={signup.hoursStatus === "confirmed" ? "success" : "warning"} fill="outline">
        {HOURS_STATUS_LABELS[signup.hoursStatus]}
      </Tag>
    </span>
  );
}

/** The resident's own sign-up on the detail page: state, check-in and check-out, hours. */
export function MySignupItems({ signup }: { signup: Signup }) {
  return (
    <List header="我的报名" mode="card" data-testid="activity-my-signup">
      <List.Item extra={SIGNUP_STATUS_LABELS[signup.status]}>报名状态</List.Item>
      {signup.status === "signed" && (
        <>
          <List.Item extra={signup.checkInAt ? dateTimeText(signup.checkInAt) : "未签到"}>签到</List.Item>
          <List.Item extra={signup.checkOutAt ? clockText(signup.checkOutAt) : "未签退"}>签退</List.Item>
          <List.Item extra={<HoursText signup={signup} />}>服务时长</List.Item>
        </>
      )}
    </List>
  );
}
