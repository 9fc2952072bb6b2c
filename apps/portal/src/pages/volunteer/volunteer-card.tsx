import { Meter } from "../../lib/meter";
import { Link } from "react-router";
import List from "antd-mobile/es/components/list";
import Tag from "antd-mobile/es/components/tag";
import StarFill from "antd-mobile-icons/es/StarFill";
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_STATUS_LABELS,
  SIGNUP_STATUS_LABELS,
  STAR_LABELS,
  STAR_THRESHOLDS,
  VOLUNTEER_STATUS_LABELS,
  hoursStatusText,
} from "@chuangcheng/domain/rules";
import { dateTimeText } from "@chuangcheng/client";
import type { MyVolunteer } from "../../lib/trpc";
import { skillNames } from "../../lib/volunteer-options";

/** Five stars, the first `stars` lit. */
export function StarRow({ stars, name }: { stars: number; name: string }) {
  return (
    <span className="star-row" role="img" aria-label={name}>
      {STAR_THRESHOLDS.map((t, i) => (
        <StarFill key={t} className={i < stars ? "star-on" : "star-off"} aria-hidden />
      ))}
    </span>
  );
}

/** 距二星还差 87.5 小时, with the way from the last level to the next as a bar. */
function NextLevel({ hours, stars, toNext }: { hours: number; stars: number; toNext: number | null }) {
  if (toNext === null) {
    return (
      <p className="card-next" data-testid="volunteer-to-next">
        已达最高星级（五星志愿者）
      </p>
    );
  }
  const from = stars > 0 ? STAR_THRESHOLDS[stars - 1]! : 0;
  const to = STAR_THRESHOLDS[stars]!;
  return (
    <div className="card-next-wrap">
      <p className="card-next" data-testid="volunteer-to-next">
        距{STAR_LABELS[stars + 1]}还差 <strong>{toNext}</strong> 小时
      </p>
      <Meter
        percent={((hours - from) / (to - from)) * 100}
        label={`距${STAR_LABELS[stars + 1]}的进度`}
        className="card-progress"
      />
    </div>
  );
}

/** 已注册: the volunteer card with hours and star level (民政部《志愿服务记录办法》 levels). */
export function VolunteerCard({ v }: { v: MyVolunteer }) {
  return (
    <section className="volunteer-card" data-testid="volunteer-card" aria-label="志愿者证">
      <div className="card-head">
        <span className="card-org">创城通 · 志愿者</span>
        <span className="card-status" data-testid="volunteer-status">
          {VOLUNTEER_STATUS_LABELS[v.status]}
        </span>
      </div>
      <div className="card-person">
        <div className="card-avatar" aria-hidden>
          {Array.from(v.name)[0] ?? "志"}
        </div>
        <div className="card-who">
          <h1 className="card-name" data-testid="volunteer-name">
            {v.name}
          </h1>
          <p className="card-id" data-testid="volunteer-id-masked">
            {v.idNumber}
          </p>
          <p className="card-place" data-testid="volunteer-place">
            {[v.communityName, v.courtyardName].filter(Boolean).join(" · ")}
          </p>
        </div>
      </div>
      <div className="card-figures">
        <div className="card-figure">
          <span className="card-figure-value" data-testid="volunteer-hours">
            {v.hours}
          </span>
          <span className="card-figure-label">累计时长（小时）</span>
        </div>
        <div className="card-figure">
          <span className="card-figure-value" data-testid="volunteer-star">
            {v.star.label}
          </span>
          <StarRow stars={v.star.stars} name={v.star.label} />
        </div>
      </div>
      <NextLevel hours={v.hours} stars={v.star.stars} toNext={v.star.toNext} />
      <dl className="card-details">
        <dt>服务技能</dt>
        <dd data-testid="volunteer-skills">{skillNames(v.skills).join("、") || "—"}</dd>
        <dt>服务队</dt>
        <dd data-testid="volunteer-teams">
          {v.teams.length > 0
            ? v.teams.map((t) => (t.isLeader ? `${t.name}（队长）` : t.name)).join("、")
            : "暂未加入"}
        </dd>
        {v.registeredAt && (
          <>
            <dt>注册时间</dt>
            <dd>{dateTimeText(v.registeredAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

type HistoryEntry = MyVolunteer["activities"][number];

/**
 * 已报名 (not yet held), or the hours with 未签到 / 未签退 / 待确认 / 已确认. The server leaves cancelled
 * sign-ups and activities off the 服务记录, except an activity cancelled after it earned hours: 活动已取消.
 */
function HistoryState({ a }: { a: HistoryEntry }) {
  if (a.signupStatus === "cancelled")
    return <Tag color="default">{SIGNUP_STATUS_LABELS[a.signupStatus]}</Tag>;
  if (a.activityStatus === "published" && a.hoursStatus === "none" && Date.parse(a.startsAt) > Date.now())
    return <Tag color="primary">{SIGNUP_STATUS_LABELS.signed}</Tag>;
  return (
    <span className="history-hours" data-testid="volunteer-history-hours">
      {a.hours} 小时
      <Tag color={a.hoursStatus === "confirmed" ? "success" : "warning"} fill="outline">
        {hoursStatusText(a)}
      </Tag>
      {a.activityStatus === "cancelled" && <Tag color="default">活动{ACTIVITY_STATUS_LABELS.cancelled}</Tag>}
    </span>
  );
}

/** The activities the volunteer signed up for, with their hours and whether they are confirmed. */
export function VolunteerHistory({ v }: { v: MyVolunteer }) {
  return (
    <List header="服务记录" mode="card" className="volunteer-history" data-testid="volunteer-history">
      {v.activities.length === 0 && (
        <List.Item description="报名参加社区活动，签到签退后由组织者确认时长。">
          还没有服务记录，<Link to="/activities">去看看近期活动</Link>
        </List.Item>
      )}
      {v.activities.map((a) => (
        <List.Item
          key={a.activityId}
          data-testid="volunteer-history-item"
          description={`${ACTIVITY_KIND_LABELS[a.kind]} · ${dateTimeText(a.startsAt)}`}
          extra={<HistoryState a={a} />}
        >
          <Link to={`/activities/${a.activityId}`} className="history-title">
            {a.title}
          </Link>
        </List.Item>
      ))}
    </List>
  );
}
