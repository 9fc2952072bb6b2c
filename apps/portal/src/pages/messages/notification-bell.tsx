import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Badge from "antd-mobile/es/components/badge";
import BellOutline from "antd-mobile-icons/es/BellOutline";
import { bellBadge, bellLabel, NOTIFICATION_POLL_MS } from "@chuangcheng/client";
import { useTRPC } from "../../lib/trpc";
import "./messages.css";

/** The bell on a logged-in resident's 首页 and 我的: the unread count, leading to 消息. */
export function NotificationBell() {
  const trpc = useTRPC();
  const unread = useQuery({
    ...trpc.notification.unreadCount.queryOptions(),
    refetchInterval: NOTIFICATION_POLL_MS,
  });
  const count = unread.data?.count ?? 0;
  return (
    <Link
      to="/messages"
      className="notification-bell"
      aria-label={bellLabel(count)}
      data-testid="notification-bell"
    >
      <Badge content={bellBadge(count)} aria-hidden>
        <BellOutline className="notification-bell-icon" />
      </Badge>
    </Link>
  );
}
