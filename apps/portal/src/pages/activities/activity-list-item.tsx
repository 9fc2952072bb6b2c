import { Link } from "react-router";
import Tag from "antd-mobile/es/components/tag";
import ClockCircleOutline from "antd-mobile-icons/es/ClockCircleOutline";
import LocationOutline from "antd-mobile-icons/es/LocationOutline";
import TeamOutline from "antd-mobile-icons/es/TeamOutline";
import { ACTIVITY_KIND_LABELS } from "@chuangcheng/domain/rules";
import { timeRangeText } from "@chuangcheng/client";
import type { ResidentActivity } from "../../lib/trpc";
import { SIGNUP_STATE_COLOR, SIGNUP_STATE_TEXT, signupState } from "./activity-state";
import "./activities.css";

/** One activity in a list: kind, title, time, place, 已报名/名额 and the resident's 报名 state. */
export function ActivityListItem({ activity: a }: { activity: ResidentActivity }) {
  const state = signupState(a);
  return (
    <Link
      to={`/activities/${a.id}`}
      className="activity-item"
      data-testid="activity-item"
      data-activity-id={a.id}
    >
      <div className="activity-item-head">
        <Tag color="primary" fill="outline">
          {ACTIVITY_KIND_LABELS[a.kind]}
        </Tag>
        <Tag color={SIGNUP_STATE_COLOR[state]} data-testid="activity-item-state">
          {SIGNUP_STATE_TEXT[state]}
        </Tag>
      </div>
      <h2 className="activity-item-title">{a.title}</h2>
      <p className="activity-item-line">
        <ClockCircleOutline aria-hidden />
        <span>{timeRangeText(a.startsAt, a.endsAt)}</span>
      </p>
      <p className="activity-item-line">
        <LocationOutline aria-hidden />
        <span>{a.place}</span>
      </p>
      <p className="activity-item-line">
        <TeamOutline aria-hidden />
        <span data-testid="activity-item-count">
          已报名 {a.signedCount}/{a.capacity}
        </span>
      </p>
    </Link>
  );
}
