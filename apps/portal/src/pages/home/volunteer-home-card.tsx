import { Meter } from "../../lib/meter";
import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import { VOLUNTEER_STATUS_LABELS } from "@chuangcheng/domain/rules";
import { percentText } from "@chuangcheng/client";
import { useTRPC, type Me } from "../../lib/trpc";
import { ActivityListItem } from "../activities/activity-list-item";
import "./volunteer-home-card.css";

/** 本社区志愿者注册率 8.2%（目标 10%）, with the way to the target as a bar (volunteer.publicRatio). */
function Ratio({ communityId }: { communityId: number }) {
  const trpc = useTRPC();
  const ratio = useQuery(trpc.volunteer.publicRatio.queryOptions({ communityId }, { staleTime: 5 * 60_000 }));
  if (!ratio.data) return null;
  const { ratioPercent, targetPercent, registered } = ratio.data;
  if (ratioPercent === null) {
    return (
      <p className="home-ratio-text" data-testid="home-ratio">
        本社区已注册志愿者 {registered} 人（常住人口未登记，暂无注册率）
      </p>
    );
  }
  return (
    <div className="home-ratio">
      <p className="home-ratio-text" data-testid="home-ratio">
        本社区志愿者注册率 <strong>{percentText(ratioPercent)}%</strong>（目标 {percentText(targetPercent)}%）
      </p>
      <Meter
        percent={(ratioPercent / targetPercent) * 100}
        fillColor={ratioPercent >= targetPercent ? "var(--adm-color-success)" : "var(--brand-red)"}
        label="距注册率目标"
      />
      <p className="home-ratio-note">已注册志愿者 {registered} 人</p>
    </div>
  );
}

/** The resident's volunteer state in one line, with the next step. */
function MyState() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const mine = useQuery(trpc.volunteer.mine.queryOptions());
  if (!mine.isSuccess) return null;
  const v = mine.data;
  if (!v || v.status === "withdrawn") {
    return (
      <div className="home-volunteer-row">
        <span data-testid="home-volunteer-status">您还不是志愿者</span>
        <Button size="small" color="primary" shape="rounded" onClick={() => navigate("/volunteer/register")}>
          志愿者注册
        </Button>
      </div>
    );
  }
  return (
    <Link to="/volunteer" className="home-volunteer-row">
      <span>
        志愿者 · <span data-testid="home-volunteer-status">{VOLUNTEER_STATUS_LABELS[v.status]}</span>
      </span>
      {v.status === "registered" && (
        <span className="home-volunteer-hours">
          {v.hours} 小时 · {v.star.label}
        </span>
      )}
    </Link>
  );
}

function NextActivities() {
  const trpc = useTRPC();
  const list = useQuery(trpc.activity.upcoming.queryOptions());
  if (!list.data) return null;
  return (
    <div className="home-activities" data-testid="home-activities">
      <div className="home-section-head">
        <span>近期活动</span>
        <Link to="/activities">全部活动</Link>
      </div>
      {list.data.length === 0 ? (
        <p className="home-empty">近期暂无活动</p>
      ) : (
        list.data.slice(0, 2).map((a) => <ActivityListItem key={a.id} activity={a} />)
      )}
    </div>
  );
}

/** 首页's 志愿服务 card: the resident's state, the 社区's registration ratio, the next two activities. */
export function VolunteerHomeCard({ me }: { me: Me }) {
  return (
    <section className="home-volunteer" data-testid="home-volunteer" aria-labelledby="home-volunteer-title">
      <h2 id="home-volunteer-title" className="home-volunteer-title">
        志愿服务
      </h2>
      <MyState />
      {me.community && <Ratio communityId={me.community.id} />}
      {me.community && <NextActivities />}
    </section>
  );
}
