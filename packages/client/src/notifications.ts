// The bell of both apps (消息通知): what it says and how often it asks.

/**
 * How often a bell on screen asks for the unread count, besides when the window is focused again:
 * notices come from what others do (an admin approves a registration), not from this tab.
 */
export const NOTIFICATION_POLL_MS = 60_000;

/** The bell's accessible name: 消息通知，3条未读. */
export function bellLabel(unread: number): string {
  return unread > 0 ? `消息通知，${unread}条未读` : "消息通知，没有未读消息";
}

/** The number on the bell: none at 0, 99+ past 99. */
export function bellBadge(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? "99+" : String(unread);
}
