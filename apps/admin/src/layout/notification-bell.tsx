import { useState } from "react";
import { Badge, Button, Empty, Flex, Popover, Spin, Typography } from "antd";
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { bellLabel, NOTIFICATION_POLL_MS } from "@chuangcheng/client";
import { errorMessage, useShowError } from "../lib/server-errors";
import { useTRPC } from "../lib/trpc";
import { NoticeList } from "../pages/messages/notice-list";

const RECENT = 8;

/** The header's bell: the unread count; a click shows the latest notices, 全部已读 and 查看全部. */
export function NotificationBell() {
  const trpc = useTRPC();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const unread = useQuery({
    ...trpc.notification.unreadCount.queryOptions(),
    refetchInterval: NOTIFICATION_POLL_MS,
  });
  const recent = useQuery({ ...trpc.notification.list.queryOptions({ limit: RECENT }), enabled: open });
  const markAll = useMutation(
    trpc.notification.markAllRead.mutationOptions({ onError: (e) => showError(e) }),
  );
  const count = unread.data?.count ?? 0;
  const close = () => setOpen(false);

  const content = (
    <div className="notice-popover" data-testid="notification-popover">
      <div className="notice-popover-list">
        {recent.isPending ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : recent.isError ? (
          <Typography.Text type="danger">{errorMessage(recent.error)}</Typography.Text>
        ) : recent.data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
        ) : (
          <NoticeList notices={recent.data.items} onOpened={close} compact />
        )}
      </div>
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
        <Link to="/messages" onClick={close}>
          查看全部
        </Link>
        <Button
          size="small"
          disabled={count === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          全部已读
        </Button>
      </Flex>
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title="消息通知"
      content={content}
      destroyOnHidden
    >
      <Button
        type="text"
        aria-label={bellLabel(count)}
        data-testid="notification-bell"
        icon={
          <Badge count={count} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} aria-hidden />
          </Badge>
        }
      />
    </Popover>
  );
}
