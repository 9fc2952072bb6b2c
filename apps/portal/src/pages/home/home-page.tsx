import { useNavigate } from "react-router";
import Button from "antd-mobile/es/components/button";
import List from "antd-mobile/es/components/list";
import { ROLE_LABELS } from "@chuangcheng/domain/rules";
import { PageLoading } from "../../layout/page-loading";
import { useSession } from "../../lib/session";
import { greeting } from "@chuangcheng/client";
import type { Me } from "../../lib/trpc";
import { VolunteerHomeCard } from "./volunteer-home-card";
import { LoadError } from "../../layout/load-error";
import { useCareMode } from "../../lib/care-mode";
import { CareHomeTiles } from "./care-home";
import { CareModeOffer } from "./care-mode-offer";
import { NotificationBell } from "../messages/notification-bell";
import { ProblemHomeCard } from "./problem-home-card";
import { BoardHomeCard } from "../board/board-home-card";
import { MonthDutiesCard } from "./month-duties-card";

function Welcome() {
  const navigate = useNavigate();
  return (
    <section className="hero" aria-labelledby="welcome-title">
      <div className="hero-mark" aria-hidden>
        创
      </div>
      <h1 id="welcome-title" className="hero-title">
        创城通
      </h1>
      <p className="hero-text">文明城市创建的居民服务平台。</p>
      <p className="hero-text">注册时登记您所在的社区和楼院，与社区一起参与创建工作。</p>
      <div className="hero-actions">
        <Button block color="primary" size="large" shape="rounded" onClick={() => navigate("/login")}>
          登录
        </Button>
        <Button
          block
          color="primary"
          fill="outline"
          size="large"
          shape="rounded"
          onClick={() => navigate("/register")}
        >
          注册
        </Button>
      </div>
      <CareModeOffer />
    </section>
  );
}

function ResidentHome({ me }: { me: Me }) {
  const staff = me.permissions.includes("console.access");
  const care = useCareMode();
  return (
    <>
      <section className="greeting" aria-label="问候">
        <NotificationBell />
        <h1 className="greeting-title">
          {greeting()}，{me.name}
        </h1>
        <p className="greeting-text">欢迎使用创城通，共建文明城市。</p>
      </section>
      <CareModeOffer />
      {care.on ? (
        <CareHomeTiles />
      ) : me.community ? (
        <List header="我的社区" mode="card" className="home-unit">
          <List.Item extra={me.community.name}>所在社区</List.Item>
          <List.Item extra={me.courtyard?.name ?? "未登记"}>所在楼院</List.Item>
        </List>
      ) : (
        <List header="我的社区" mode="card">
          <List.Item description={staff ? "工作人员请使用管理后台处理社区工作。" : undefined}>
            您的账号未登记所在社区
          </List.Item>
          {staff && (
            <List.Item onClick={() => window.location.assign("/admin/")} clickable>
              进入管理后台（{[...new Set(me.grants.map((g) => ROLE_LABELS[g.role]))].join("、")}）
            </List.Item>
          )}
        </List>
      )}
      {me.community && <MonthDutiesCard />}
      {!care.on && me.community && <BoardHomeCard communityName={me.community.name} />}
      {!care.on && me.community && <ProblemHomeCard community={me.community} />}
      {!care.on && <VolunteerHomeCard me={me} />}
    </>
  );
}

export default function HomePage() {
  const session = useSession();
  return (
    <div className="page home-page">
      {session.isPending ? (
        <PageLoading />
      ) : session.isError ? (
        <LoadError query={session} />
      ) : session.data ? (
        <ResidentHome me={session.data} />
      ) : (
        <Welcome />
      )}
    </div>
  );
}
