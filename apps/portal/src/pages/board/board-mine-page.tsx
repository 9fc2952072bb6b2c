import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Tag from "antd-mobile/es/components/tag";
import { BOARD_CATEGORY_LABELS } from "@chuangcheng/domain/rules";
import { dateTimeText } from "@chuangcheng/client";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { LoadError } from "../../layout/load-error";
import { PullRefresh } from "../../layout/pull-refresh";
import { useTRPC } from "../../lib/trpc";
import { BOARD_STATE_TAG, boardStateText, noticeTag } from "./board-state";
import { dayText, windowText } from "./board-text";
import type { MyNomination, MyNotice } from "./board-types";
import "./board.css";

function NominationItem({ n }: { n: MyNomination }) {
  const window = windowText(n.startDate, n.endDate);
  return (
    <li className="board-mine-item" data-testid="board-my-nomination" data-entry-id={n.id}>
      <div className="board-mine-head">
        <span className="board-mine-title">{n.title}</span>
        <Tag color={BOARD_STATE_TAG[n.state]} data-testid="board-my-nomination-state">
          {boardStateText(n.state)}
        </Tag>
      </div>
      <p className="board-mine-sub">
        {BOARD_CATEGORY_LABELS[n.category]} · {dateTimeText(n.createdAt)} 推荐
      </p>
      {window && n.state !== "rejected" && <p className="board-mine-sub">公示期：{window}</p>}
      {n.state === "rejected" && n.rejectReason && (
        <p className="board-mine-reason">未通过原因：{n.rejectReason}</p>
      )}
    </li>
  );
}

function NoticeItem({ n }: { n: MyNotice }) {
  return (
    <li>
      <Link
        to={`/board/notices/${n.id}`}
        className="board-mine-item board-mine-notice"
        data-testid="board-my-notice"
      >
        <span className="board-mine-head">
          <span className="board-mine-title">{n.title}</span>
          <Tag color={noticeTag(n).color}>{noticeTag(n).text}</Tag>
        </span>
        <span className="board-mine-sub">
          {BOARD_CATEGORY_LABELS[n.category]} · {n.place}
        </span>
        {n.canAppeal && n.noticeUntil && (
          <span className="board-mine-todo">可在{dayText(n.noticeUntil)}前（含当日）申诉</span>
        )}
      </Link>
    </li>
  );
}

function Mine() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const mine = useQuery(trpc.board.mine.queryOptions());
  if (mine.isPending) return <PageLoading />;
  if (mine.isError) return <LoadError query={mine} />;
  const { nominations, notices } = mine.data;
  return (
    <>
      {notices.length > 0 && (
        <section className="board-mine-section" aria-labelledby="board-notices-title">
          <h2 id="board-notices-title" className="board-mine-section-title">
            关于我的黑榜告知
          </h2>
          <ul className="board-mine-list" data-testid="board-my-notices">
            {notices.map((n) => (
              <NoticeItem key={n.id} n={n} />
            ))}
          </ul>
        </section>
      )}
      <section className="board-mine-section" aria-labelledby="board-nominations-title">
        <h2 id="board-nominations-title" className="board-mine-section-title">
          我的推荐
        </h2>
        <Button block color="primary" size="large" onClick={() => navigate("/board/nominate")}>
          推荐身边好人
        </Button>
        {nominations.length === 0 ? (
          <p className="board-mine-empty" data-testid="board-my-nominations-empty">
            您还没有推荐过。邻居做了好事，推荐上白榜，让更多人知道。
          </p>
        ) : (
          <ul className="board-mine-list" data-testid="board-my-nominations">
            {nominations.map((n) => (
              <NominationItem key={n.id} n={n} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** 我的推荐: the resident's nominations and where each stands, and the 黑榜 notices about them. */
export default function BoardMinePage() {
  const trpc = useTRPC();
  return (
    <div className="page board-mine-page">
      <PageHeader>我的推荐</PageHeader>
      <RequireLogin>
        {() => (
          <PullRefresh queryKeys={[trpc.board.pathKey()]}>
            <Mine />
          </PullRefresh>
        )}
      </RequireLogin>
    </div>
  );
}
