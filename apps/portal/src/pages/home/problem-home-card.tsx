import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import CameraOutline from "antd-mobile-icons/es/CameraOutline";
import { dateTimeText } from "@chuangcheng/client";
import { useTRPC, type SolvedProblem } from "../../lib/trpc";
import { PhotoStrip } from "../problems/problem-photos";
import "../problems/problems.css";

const FEED_PAGE_SIZE = 3;

/** 本月 受理 / 办结 / 按期办结率 of the 社区, with the way to 随手拍 and 我的随手拍. */
function MonthFigures({ communityId, communityName }: { communityId: number; communityName: string }) {
  const trpc = useTRPC();
  const figures = useQuery(trpc.problem.publicFigures.queryOptions({ communityId }));
  const f = figures.data;
  const month = f ? `${Number(f.month.slice(5, 7))}月` : "本月";
  return (
    <section
      className="home-problems"
      aria-labelledby="home-problems-title"
      data-testid="home-problem-figures"
    >
      <div className="home-problems-head">
        <h2 id="home-problems-title" className="home-problems-title">
          {communityName}·{month}问题办理
        </h2>
        <Link to="/problems/mine" className="home-problems-link">
          我的随手拍
        </Link>
      </div>
      {figures.isError ? (
        <p className="home-problems-empty">数据加载失败，下拉或稍后重试</p>
      ) : (
        <dl className="home-figures">
          <div>
            <dt>受理</dt>
            <dd data-testid="figure-accepted">{f ? f.accepted : "—"}</dd>
          </div>
          <div>
            <dt>办结</dt>
            <dd data-testid="figure-closed">{f ? f.closed : "—"}</dd>
          </div>
          <div>
            <dt>按期办结率</dt>
            <dd data-testid="figure-on-time">{f?.onTimeRate != null ? `${f.onTimeRate}%` : "—"}</dd>
          </div>
        </dl>
      )}
      <Link to="/problems/new" className="home-snapshot">
        <CameraOutline aria-hidden className="home-snapshot-icon" />
        <span>
          <span className="home-snapshot-label">随手拍</span>
          <span className="home-snapshot-hint">看到问题拍下来，社区来整改</span>
        </span>
      </Link>
    </section>
  );
}

function SolvedItem({ p }: { p: SolvedProblem }) {
  return (
    <li className="solved-item" data-testid="solved-item">
      <div className="problem-item-head">
        <span className="problem-item-category">{p.categoryLabel}</span>
        <span className="problem-item-sub">{dateTimeText(p.closedAt)} 办结</span>
      </div>
      <p className="solved-description">{p.description}</p>
      <p className="problem-item-sub">{[p.courtyardName, p.place].filter(Boolean).join(" · ")}</p>
      <div className="solved-photos">
        <div>
          <span className="solved-photos-label">整改前</span>
          <PhotoStrip photos={p.beforePhotos.slice(0, 3)} label="整改前照片" />
        </div>
        <div>
          <span className="solved-photos-label">整改后</span>
          <PhotoStrip photos={p.afterPhotos.slice(0, 3)} label="整改后照片" />
        </div>
      </div>
    </li>
  );
}

function FeedPage({
  communityId,
  page,
  last,
  onMore,
}: {
  communityId: number;
  page: number;
  last: boolean;
  onMore: () => void;
}) {
  const trpc = useTRPC();
  const feed = useQuery(
    trpc.problem.publicFeed.queryOptions({ communityId, page, pageSize: FEED_PAGE_SIZE }),
  );
  if (!feed.data) return null;
  if (page === 1 && feed.data.items.length === 0) {
    return <li className="home-problems-empty">社区解决的问题会展示在这里。</li>;
  }
  return (
    <>
      {feed.data.items.map((p) => (
        <SolvedItem key={p.id} p={p} />
      ))}
      {last && feed.data.hasMore && (
        <li className="problem-list-more">
          <Button fill="outline" onClick={onMore}>
            查看更多
          </Button>
        </li>
      )}
    </>
  );
}

/** Solved problems an admin chose to show: before and after, nothing of who reported them. */
function SolvedFeed({ communityId }: { communityId: number }) {
  const [pages, setPages] = useState(1);
  return (
    <section className="home-solved" aria-labelledby="home-solved-title">
      <h2 id="home-solved-title" className="home-solved-title">
        已解决的问题
      </h2>
      <ul className="solved-list" data-testid="solved-feed">
        {Array.from({ length: pages }, (_, i) => (
          <FeedPage
            key={i + 1}
            communityId={communityId}
            page={i + 1}
            last={i + 1 === pages}
            onMore={() => setPages(pages + 1)}
          />
        ))}
      </ul>
    </section>
  );
}

/** The home page's problems: this month's figures of the resident's 社区 and its solved problems. */
export function ProblemHomeCard({ community }: { community: { id: number; name: string } }) {
  return (
    <>
      <MonthFigures communityId={community.id} communityName={community.name} />
      <SolvedFeed communityId={community.id} />
    </>
  );
}
