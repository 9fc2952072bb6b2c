import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import ErrorBlock from "antd-mobile/es/components/error-block";
import CalendarOutline from "antd-mobile-icons/es/CalendarOutline";
import { PageLoading } from "../../layout/page-loading";
import { useSession } from "../../lib/session";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, type Me } from "../../lib/trpc";
import { PullRefresh } from "../../layout/pull-refresh";
import { ActivityListItem } from "./activity-list-item";
import "./activities.css";
import { LoadError } from "../../layout/load-error";

/** activity.publicList needs a 社区 the visitor has not named: they log in to see their own. */
function LoginPrompt() {
  const navigate = useNavigate();
  return (
    <section className="empty-block" data-testid="activities-login">
      <CalendarOutline className="empty-icon" aria-hidden />
      <p className="empty-text">登录后查看本社区的志愿服务、道德讲堂等活动，并在线报名。</p>
      <Button color="primary" shape="rounded" onClick={() => navigate("/login?next=%2Factivities")}>
        登录
      </Button>
    </section>
  );
}

function Upcoming({ me }: { me: Me }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.activity.upcoming.queryOptions());
  if (!me.community) {
    return (
      <section className="empty-block">
        <p className="empty-text">您的账号未登记所在社区，暂无可报名的活动。</p>
      </section>
    );
  }
  if (list.isPending) return <PageLoading />;
  if (list.isError) {
    return <LoadError query={list} />;
  }
  if (list.data.length === 0) {
    return (
      <section className="empty-block" data-testid="activities-empty">
        <CalendarOutline className="empty-icon" aria-hidden />
        <p className="empty-text">{me.community.name}近期暂无活动，请稍后再来看看。</p>
      </section>
    );
  }
  return (
    <div className="activity-list" data-testid="activity-list">
      {list.data.map((a) => (
        <ActivityListItem key={a.id} activity={a} />
      ))}
    </div>
  );
}

/** 活动 tab: the upcoming activities of the resident's 社区. */
export default function ActivitiesPage() {
  const session = useSession();
  const trpc = useTRPC();
  return (
    <div className="page activities-page">
      <header className="tab-page-head">
        <h1 className="tab-page-title">社区活动</h1>
        {session.data && (
          <Link to="/activities/mine" className="tab-page-link">
            我的活动
          </Link>
        )}
      </header>
      {session.isPending ? (
        <PageLoading />
      ) : session.isError ? (
        <ErrorBlock status="disconnected" title="加载失败" description={errorMessage(session.error)}>
          <Button color="primary" onClick={() => void session.refetch()}>
            重试
          </Button>
        </ErrorBlock>
      ) : session.data ? (
        <PullRefresh queryKeys={[trpc.activity.pathKey()]}>
          <Upcoming me={session.data} />
        </PullRefresh>
      ) : (
        <LoginPrompt />
      )}
    </div>
  );
}
