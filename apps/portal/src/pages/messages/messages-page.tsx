import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import Button from "antd-mobile/es/components/button";
import BellOutline from "antd-mobile-icons/es/BellOutline";
import { linkTarget } from "@chuangcheng/domain/rules";
import { dateTimeText } from "@chuangcheng/client";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { LoadError } from "../../layout/load-error";
import { PullRefresh } from "../../layout/pull-refresh";
import { showServerError } from "../../lib/server-errors";
import { useTRPC, type Notice } from "../../lib/trpc";
import "./messages.css";

const PAGE_SIZE = 20;

function NoticeItem({
  notice,
  onOpen,
  busy,
}: {
  notice: Notice;
  onOpen: (n: Notice) => void;
  busy: boolean;
}) {
  const unread = notice.readAt === null;
  return (
    <li>
      <button
        type="button"
        className={unread ? "notice-item notice-unread" : "notice-item"}
        onClick={() => onOpen(notice)}
        disabled={busy}
        data-testid="notice-item"
        data-notice-id={notice.id}
      >
        <span className="notice-head">
          {unread && <span className="notice-dot" aria-hidden />}
          <span className="notice-title">{notice.title}</span>
          {unread && <span className="notice-sr">（未读）</span>}
        </span>
        <span className="notice-body">{notice.body}</span>
        <span className="notice-time">{dateTimeText(notice.createdAt)}</span>
      </button>
    </li>
  );
}

function Inbox() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const unread = useQuery(trpc.notification.unreadCount.queryOptions());
  const markRead = useMutation(trpc.notification.markRead.mutationOptions());
  const markAll = useMutation(
    trpc.notification.markAllRead.mutationOptions({ onError: (error) => showServerError(error) }),
  );

  // Tapping a notice reads it and follows its link: a page of the portal in place, the console's by a page load.
  const open = async (notice: Notice) => {
    if (notice.readAt === null) {
      try {
        await markRead.mutateAsync({ ids: [notice.id] });
      } catch (error) {
        showServerError(error);
        return;
      }
    }
    if (!notice.link) return;
    const target = linkTarget(notice.link, "portal");
    if ("inApp" in target) navigate(target.inApp);
    else window.location.assign(target.href);
  };

  if (list.isPending) return <PageLoading />;
  if (list.isError) return <LoadError query={list} />;
  const notices = list.data.pages.flatMap((p) => p.items);
  if (notices.length === 0) {
    return (
      <section className="messages-empty" data-testid="messages-empty">
        <BellOutline className="messages-empty-icon" aria-hidden />
        <p className="messages-empty-text">暂无消息。志愿者审核结果、问题处理进度等会在这里通知您。</p>
      </section>
    );
  }
  const unreadCount = unread.data?.count ?? 0;
  return (
    <PullRefresh queryKeys={[trpc.notification.pathKey()]}>
      <div className="messages-toolbar">
        <span data-testid="messages-unread">{unreadCount > 0 ? `${unreadCount}条未读` : "没有未读消息"}</span>
        <Button
          size="small"
          color="primary"
          fill="outline"
          disabled={unreadCount === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          全部已读
        </Button>
      </div>
      <ul className="notice-list" aria-label="消息列表">
        {notices.map((n) => (
          <NoticeItem key={n.id} notice={n} onOpen={(x) => void open(x)} busy={markRead.isPending} />
        ))}
      </ul>
      {list.hasNextPage && (
        <div className="messages-more">
          <Button
            fill="none"
            color="primary"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            加载更多
          </Button>
        </div>
      )}
    </PullRefresh>
  );
}

/** 消息: the resident's notices, newest first; tapping one reads it and opens what it is about. */
export default function MessagesPage() {
  return (
    <div className="page messages-page">
      <PageHeader>消息</PageHeader>
      <RequireLogin>{() => <Inbox />}</RequireLogin>
    </div>
  );
}
