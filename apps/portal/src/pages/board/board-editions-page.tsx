import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { LoadError } from "../../layout/load-error";
import { useTRPC } from "../../lib/trpc";
import { CommunityPicker, useBoardCommunity } from "./board-community";
import { boardHref, monthLabel } from "./board-text";
import "./board.css";

function Editions({ communityId }: { communityId: number }) {
  const trpc = useTRPC();
  const editions = useQuery(trpc.board.publicEditions.queryOptions({ communityId }));
  if (editions.isPending) return <PageLoading />;
  if (editions.isError) return <LoadError query={editions} />;
  if (editions.data.length === 0) {
    return (
      <section className="board-empty" data-testid="board-editions-empty">
        <p>本社区还没有发布过红黑榜。</p>
      </section>
    );
  }
  return (
    <ul className="board-editions" aria-label="往期榜单" data-testid="board-editions">
      {editions.data.map((e) => (
        <li key={e.id}>
          <Link to={boardHref(communityId, e.month)} className="board-edition-item" data-month={e.month}>
            <span className="board-edition-month">{monthLabel(e.month)}</span>
            <span className="board-edition-title">{e.title}</span>
            <span className="board-edition-meta">{formatTime(e.publishedAt, "YYYY年M月D日")} 发布</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** 往期榜单: a 社区's published editions, newest first, each opening its board. */
export default function BoardEditionsPage() {
  const { communityId, choose, pending } = useBoardCommunity();
  return (
    <div className="page board-editions-page">
      <PageHeader>往期榜单</PageHeader>
      {pending ? (
        <PageLoading />
      ) : (
        <>
          <CommunityPicker value={communityId} onChange={choose} />
          {communityId === null ? (
            <section className="board-empty">
              <p>请选择社区，查看该社区的往期红黑榜。</p>
            </section>
          ) : (
            <Editions key={communityId} communityId={communityId} />
          )}
        </>
      )}
    </div>
  );
}
