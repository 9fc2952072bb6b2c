import { Button, Card, Flex, Result, Spin, Typography } from "antd";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { RefreshButton } from "../../lib/refresh-button";
import { useTRPC } from "../../lib/trpc";
import { NoticeList } from "./notice-list";

const PAGE_SIZE = 20;

/** 消息通知: the user's notices, newest first, 20 at a time; 全部已读. */
export default function MessagesPage() {
  const trpc = useTRPC();
  const showError = useShowError();
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const unread = useQuery(trpc.notification.unreadCount.queryOptions());
  const markAll = useMutation(
    trpc.notification.markAllRead.mutationOptions({ onError: (e) => showError(e) }),
  );
  const count = unread.data?.count ?? 0;

  if (list.isError) {
    return (
      <Result
        status="error"
        title="加载失败"
        subTitle={errorMessage(list.error)}
        extra={<Button onClick={() => void list.refetch()}>重试</Button>}
      />
    );
  }
  return (
    <Card
      data-testid="messages-page"
      title="消息通知"
      extra={
        <Flex gap={8} align="center">
          <Typography.Text type="secondary" data-testid="messages-unread">
            {count > 0 ? `${count}条未读` : "没有未读消息"}
          </Typography.Text>
          <Button disabled={count === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            全部已读
          </Button>
          <RefreshButton queryKeys={[trpc.notification.pathKey()]} />
        </Flex>
      }
    >
      {list.isPending ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : (
        <>
          <NoticeList notices={list.data.pages.flatMap((p) => p.items)} />
          {list.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                加载更多
              </Button>
            </Flex>
          )}
        </>
      )}
    </Card>
  );
}
