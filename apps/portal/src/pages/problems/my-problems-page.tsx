import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Tag from "antd-mobile/es/components/tag";
import CameraOutline from "antd-mobile-icons/es/CameraOutline";
import { dateTimeText } from "@chuangcheng/client";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { LoadError } from "../../layout/load-error";
import { PullRefresh } from "../../layout/pull-refresh";
import { useTRPC, type MyProblem } from "../../lib/trpc";
import { STATE_TAG_COLOR, placeText, ratingText, stateText } from "./problem-state";
import "./problems.css";

const PAGE_SIZE = 20;

function ProblemItem({ p }: { p: MyProblem }) {
  const rating = ratingText(p);
  return (
    <li>
      <Link
        to={`/problems/${p.id}`}
        className="problem-item"
        data-testid="my-problem-item"
        data-problem-id={p.id}
      >
        {p.thumb && (
          <img
            className="problem-item-thumb"
            src={p.thumb.thumbUrl}
            alt={`${p.categoryLabel}的照片`}
            width={p.thumb.width}
            height={p.thumb.height}
            loading="lazy"
          />
        )}
        <span className="problem-item-main">
          <span className="problem-item-head">
            <span className="problem-item-category">{p.categoryLabel}</span>
            <Tag color={STATE_TAG_COLOR[p.state]} data-testid="my-problem-state">
              {stateText(p)}
            </Tag>
          </span>
          <span className="problem-item-description">{p.description}</span>
          <span className="problem-item-sub">{placeText(p)}</span>
          <span className="problem-item-sub">
            {dateTimeText(p.createdAt)} 上报
            {p.canRate && <span className="problem-item-todo"> · 待评价</span>}
            {rating && <span> · 已评价：{rating}</span>}
          </span>
        </span>
      </Link>
    </li>
  );
}

/** One page of 我的随手拍; the last one shown offers the next. */
function ProblemPage({ page, last, onMore }: { page: number; last: boolean; onMore: () => void }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const list = useQuery(trpc.problem.mine.queryOptions({ page, pageSize: PAGE_SIZE }));
  if (list.isPending) return <PageLoading />;
  if (list.isError) return <LoadError query={list} />;
  if (page === 1 && list.data.total === 0) {
    return (
      <section className="empty-block" data-testid="my-problems-empty">
        <CameraOutline className="empty-icon" aria-hidden />
        <p className="empty-text">您还没有随手拍。看到楼道堆物、暴露垃圾等问题，拍下来告诉社区。</p>
        <Button color="primary" shape="rounded" onClick={() => navigate("/problems/new")}>
          去随手拍
        </Button>
      </section>
    );
  }
  const more = page * PAGE_SIZE < list.data.total;
  return (
    <>
      {page === 1 && <p className="problem-list-count">共 {list.data.total} 条，最新的在前</p>}
      <ul className="problem-list" aria-label={page === 1 ? "我的随手拍" : `我的随手拍第${page}页`}>
        {list.data.items.map((p) => (
          <ProblemItem key={p.id} p={p} />
        ))}
      </ul>
      {last && more && (
        <div className="problem-list-more">
          <Button fill="outline" onClick={onMore}>
            加载更多
          </Button>
        </div>
      )}
    </>
  );
}

function MyProblems() {
  const [pages, setPages] = useState(1);
  return (
    <div data-testid="my-problems">
      {Array.from({ length: pages }, (_, i) => (
        <ProblemPage key={i + 1} page={i + 1} last={i + 1 === pages} onMore={() => setPages(pages + 1)} />
      ))}
    </div>
  );
}

/** 我的随手拍: what the resident reported, newest first, with where each stands. */
export default function MyProblemsPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  return (
    <div className="page my-problems-page">
      <PageHeader>我的随手拍</PageHeader>
      <RequireLogin>
        {() => (
          <PullRefresh queryKeys={[trpc.problem.pathKey()]}>
            <div className="problem-list-actions">
              <Button block color="primary" onClick={() => navigate("/problems/new")}>
                <CameraOutline aria-hidden /> 我要随手拍
              </Button>
            </div>
            <MyProblems />
          </PullRefresh>
        )}
      </RequireLogin>
    </div>
  );
}
