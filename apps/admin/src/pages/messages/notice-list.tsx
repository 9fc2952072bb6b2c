import { Badge, List, Typography } from "antd";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { linkTarget } from "@chuangcheng/domain/rules";
import { dateTimeText } from "@chuangcheng/client";
import { useShowError } from "../../lib/server-errors";
import { useTRPC, type Notice } from "../../lib/trpc";
import "./messages.css";

/**
 * Opening a notice: it is marked read, then its link followed (a console page in place, a portal page
 * by a page load). `onOpened` runs before leaving, e.g. to close the bell's popover.
 */
export function useOpenNotice(onOpened?: () => void) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const showError = useShowError();
  const markRead = useMutation(trpc.notification.markRead.mutationOptions());
  const open = async (notice: Notice) => {
    if (notice.readAt === null) {
      try {
        await markRead.mutateAsync({ ids: [notice.id] });
      } catch (error) {
        showError(error);
        return;
      }
    }
    onOpened?.();
    if (!notice.link) return;
    const target = linkTarget(notice.link, "console");
    if ("inApp" in target) navigate(target.inApp);
    else window.location.assign(target.href);
  };
  return { open, pending: markRead.isPending };
}

/** Notices as a list: unread ones with a dot and in bold; a click opens one (useOpenNotice). */
export function NoticeList({
  notices,
  onOpened,
  compact = false,
}: {
  notices: Notice[];
  onOpened?: () => void;
  compact?: boolean;
}) {
  const { open, pending } = useOpenNotice(onOpened);
  return (
    <List
      size={compact ? "small" : "default"}
      dataSource={notices}
      locale={{ emptyText: "暂无消息" }}
      renderItem={(n) => {
        const unread = n.readAt === null;
        return (
          <List.Item data-testid="notice-item" data-notice-id={n.id} style={{ padding: 0 }}>
            <button type="button" className="notice-button" disabled={pending} onClick={() => void open(n)}>
              <span className="notice-button-head">
                {unread && <Badge status="error" aria-hidden />}
                <Typography.Text strong={unread}>{n.title}</Typography.Text>
                {unread && <span className="notice-sr">（未读）</span>}
              </span>
              <Typography.Text type="secondary" className="notice-button-body">
                {n.body}
              </Typography.Text>
              <Typography.Text type="secondary" className="notice-button-time">
                {dateTimeText(n.createdAt)}
              </Typography.Text>
            </button>
          </List.Item>
        );
      }}
    />
  );
}
