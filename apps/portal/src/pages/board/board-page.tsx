import { useMemo } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import { BOARD_KIND_LABELS } from "@chuangcheng/domain/rules";
import { formatTime } from "@chuangcheng/client";
import { PageLoading } from "../../layout/page-loading";
import { LoadError } from "../../layout/load-error";
import { PullRefresh } from "../../layout/pull-refresh";
import { courtyardOptions } from "../../lib/org-options";
import { useSession } from "../../lib/session";
import { useTRPC } from "../../lib/trpc";
import { UnitSelect } from "../register/unit-select";
import { BoardEntryCard } from "./board-entry-card";
import { CommunityPicker, useBoardCommunity } from "./board-community";
import { monthLabel } from "./board-text";
import type { PublicBoard, PublicEntry } from "./board-types";
import "../problems/problems.css";
import "./board.css";

/** The 楼院 option meaning "the whole 社区". */
const ALL = 0;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function EntryList({ entries, label, testId }: { entries: PublicEntry[]; label: string; testId: string }) {
  return (
    <ul className="board-entries" aria-label={label} data-testid={testId}>
      {entries.map((e) => (
        <BoardEntryCard key={e.id} entry={e} />
      ))}
    </ul>
  );
}

/** How many entries of each category the edition holds: public even where the 黑榜 itself is not. */
function Counts({ board }: { board: PublicBoard }) {
  if (board.counts.length === 0) return null;
  const kinds = (["white", "black"] as const).filter((k) => board.counts.some((c) => c.kind === k));
  return (
    <section className="board-counts" aria-labelledby="board-counts-title" data-testid="board-counts">
      <h2 id="board-counts-title" className="board-counts-title">
        本期上榜
      </h2>
      {kinds.map((k) => (
        <div key={k} className={`board-counts-row board-counts-${k}`}>
          <span className="board-counts-kind">{BOARD_KIND_LABELS[k]}</span>
          <ul className="board-counts-list">
            {board.counts
              .filter((c) => c.kind === k)
              .map((c) => (
                <li key={c.category}>
                  {c.label} <strong>{c.count}</strong>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function WhiteBoard({ board }: { board: PublicBoard }) {
  return (
    <section className="board-section board-section-white" aria-labelledby="board-white-title">
      <header className="board-banner board-banner-white">
        <h2 id="board-white-title" className="board-banner-title">
          白榜
        </h2>
        <p className="board-banner-text">红榜 · 好人好事 文明新风</p>
      </header>
      {board.white.length > 0 ? (
        <EntryList entries={board.white} label="白榜条目" testId="board-white" />
      ) : (
        <p className="board-section-empty">本期暂无白榜条目。</p>
      )}
    </section>
  );
}

function BlackBoard({ board, loggedIn }: { board: PublicBoard; loggedIn: boolean }) {
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <section className="board-section board-section-black" aria-labelledby="board-black-title">
      <header className="board-banner board-banner-black">
        <h2 id="board-black-title" className="board-banner-title">
          黑榜
        </h2>
        <p className="board-banner-text">不文明行为曝光 · 整改后撤榜</p>
      </header>
      {!board.blackVisible ? (
        <div className="board-section-empty" data-testid="board-black-hidden">
          <p>黑榜仅向{board.community.name}已登录的居民公开。</p>
          {!loggedIn && (
            <Button
              color="primary"
              fill="outline"
              shape="rounded"
              onClick={() =>
                navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`)
              }
            >
              登录后查看
            </Button>
          )}
        </div>
      ) : board.black.length > 0 ? (
        <EntryList entries={board.black} label="黑榜条目" testId="board-black" />
      ) : (
        <p className="board-section-empty">本期暂无黑榜条目。</p>
      )}
    </section>
  );
}

function RectifiedLastMonth({ entries }: { entries: PublicEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <section className="board-section board-section-rectified" aria-labelledby="board-rectified-title">
      <header className="board-banner board-banner-rectified">
        <h2 id="board-rectified-title" className="board-banner-title">
          上期已整改
        </h2>
        <p className="board-banner-text">上月黑榜中已经整改到位的问题</p>
      </header>
      <EntryList entries={entries} label="上期已整改条目" testId="board-rectified" />
    </section>
  );
}

function CourtyardFilter({
  communityId,
  value,
  onChange,
}: {
  communityId: number;
  value: number;
  onChange: (id: number) => void;
}) {
  const trpc = useTRPC();
  const tree = useQuery(trpc.org.publicTree.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const options = useMemo(
    () => [{ value: ALL, label: "全部楼院" }, ...courtyardOptions(tree.data ?? [], communityId)],
    [tree.data, communityId],
  );
  return (
    <div className="board-field">
      <label className="board-field-label" htmlFor="board-courtyard">
        楼院
      </label>
      <UnitSelect
        id="board-courtyard"
        title="楼院"
        options={options}
        value={value}
        onChange={onChange}
        placeholder="全部楼院"
      />
    </div>
  );
}

function Edition({ communityId, own }: { communityId: number; own: boolean }) {
  const trpc = useTRPC();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const monthParam = params.get("month");
  const month = monthParam && MONTH.test(monthParam) ? monthParam : undefined;
  const courtyard = Number(params.get("courtyard"));
  const courtyardId = Number.isInteger(courtyard) && courtyard > 0 ? courtyard : undefined;
  const board = useQuery(trpc.board.publicList.queryOptions({ communityId, month, courtyardId }));
  const setCourtyard = (id: number) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id === ALL) next.delete("courtyard");
        else next.set("courtyard", String(id));
        return next;
      },
      { replace: true },
    );
  const editionsHref = `/board/editions?community=${communityId}`;
  if (board.isPending) return <PageLoading />;
  if (board.isError) return <LoadError query={board} />;
  const b = board.data;
  return (
    <div data-testid="board-edition" data-community-id={communityId}>
      <section className="board-masthead">
        <h2 className="board-masthead-title" data-testid="board-edition-title">
          {b.edition ? b.edition.title : `${b.community.name}红黑榜`}
        </h2>
        <p className="board-masthead-meta">
          {b.edition
            ? `${formatTime(b.edition.publishedAt, "YYYY年M月D日")} 发布`
            : month
              ? `${monthLabel(month)}的红黑榜未发布。`
              : "本社区还没有发布红黑榜。"}
        </p>
        <div className="board-masthead-links">
          <Link to={editionsHref} className="board-link">
            往期榜单
          </Link>
          {month && (
            <Link to={`/board?community=${communityId}`} className="board-link">
              返回本期
            </Link>
          )}
        </div>
      </section>
      {b.edition && (
        <>
          <CourtyardFilter communityId={communityId} value={courtyardId ?? ALL} onChange={setCourtyard} />
          <Counts board={b} />
          <WhiteBoard board={b} />
          <BlackBoard board={b} loggedIn={session.data != null} />
          {b.blackVisible && <RectifiedLastMonth entries={b.rectifiedLastMonth} />}
        </>
      )}
      {own && (
        <Link to="/board/nominate" className="board-nominate" data-testid="board-nominate-link">
          <span className="board-nominate-label">推荐身边好人</span>
          <span className="board-nominate-hint">邻居做了好事？推荐上白榜</span>
        </Link>
      )}
    </div>
  );
}

/** 黑白榜 tab: a 社区's current edition (白榜 first), its 楼院 filter, and the way to the archive and 推荐. */
export default function BoardPage() {
  const trpc = useTRPC();
  const session = useSession();
  const { communityId, own, choose, pending } = useBoardCommunity();
  return (
    <div className="page board-page">
      <header className="board-head">
        <h1 className="board-head-title">黑白榜</h1>
        {session.data && (
          <Link to="/board/mine" className="board-link">
            我的推荐
          </Link>
        )}
      </header>
      {pending ? (
        <PageLoading />
      ) : (
        <PullRefresh queryKeys={[trpc.board.pathKey()]}>
          <CommunityPicker value={communityId} onChange={choose} />
          {communityId === null ? (
            <section className="board-empty" data-testid="board-choose">
              <p>请选择社区，查看该社区的红黑榜。</p>
            </section>
          ) : (
            <Edition key={communityId} communityId={communityId} own={communityId === own} />
          )}
        </PullRefresh>
      )}
    </div>
  );
}
