// The notification vocabulary: what kinds of notice there are, with the label the apps show for each.
// Pure: safe in a browser (see ../rules.ts). A feature that notifies adds its kinds here (the column
// is text: a new kind needs no migration). Kinds are never renamed or removed: old rows keep them.

export const NOTIFICATION_KIND_LABELS = {
  volunteer_approved: "志愿者注册通过",
  volunteer_rejected: "志愿者注册驳回",
  /** to the 责任人: a problem was assigned to them (派遣) */
  problem_assigned: "问题派遣",
  /** to the reporter: their 随手拍 was accepted and assigned (受理/派遣) */
  problem_dispatched: "问题已受理",
  /** to the 责任人: the 复查 sent it back (退回) */
  problem_returned: "问题退回",
  /** to whoever reviews: the 责任人 reported it fixed (待复查) */
  problem_review: "问题待复查",
  /** to the reporter: it was put right (办结) */
  problem_done: "问题办结",
  /** to the reporter: it was not accepted (不予受理) */
  problem_rejected: "问题不予受理",
  /** to the person a 黑榜 entry names: it will show after the notice period, unless they 申诉 */
  board_notice: "黑榜告知",
  /** to the appellant: the decision on their 申诉 */
  board_appeal_decided: "申诉结果",
  /** to a resident who nominated: approved or not */
  board_nomination_decided: "推荐审核结果",
  /** to a duty's 责任人 (or the 社区's admins): its month or quarter ends soon and it is not done */
  duty_due: "常态工作即将到期",
  /** likewise: the period ended and it was not done */
  duty_overdue: "常态工作逾期",
  /** to a task's 责任人: it was given to them */
  task_assigned: "任务交办",
  /** to a task's 责任人: whoever checks it sent it back (退回), with the reason */
  task_returned: "任务退回",
  /** to a task's 责任人: it passed 验收 */
  task_accepted: "任务验收通过",
  /** to staff, once a day: their tasks due today, overdue, and awaiting their 验收 */
  task_digest: "每日任务提醒",
  /** to a task's 责任人: someone above its 责任单位 issued a 督办单 on it */
  task_supervised: "任务督办",
  /** to whoever issued a 督办单: the 责任人 answered it (反馈) */
  task_supervision_answered: "督办反馈",
} as const satisfies Record<string, string>;

export type NotificationKind = keyof typeof NOTIFICATION_KIND_LABELS;

export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_KIND_LABELS) as [
  NotificationKind,
  ...NotificationKind[],
];

/** Longest title and body kept; longer text (a 驳回原因 typed at length) is cut with an ellipsis. */
export const NOTIFICATION_TITLE_MAX = 40;
export const NOTIFICATION_BODY_MAX = 200;

/** The console is served under /admin/; every other path is the portal's. */
export const CONSOLE_PREFIX = "/admin/";

/**
 * Whether `link` may be a notice's link: a path on the server's own origin ("/volunteer",
 * "/admin/problems/12"), never another site ("//evil.example", "https://…") or a script.
 */
export function isInAppLink(link: string): boolean {
  return /^\/(?!\/)[^\s\\]*$/.test(link) && link.length <= 300;
}

/**
 * Where a notice's link leads from an app: `{ inApp: path }` for a route of that app (without the
 * /admin prefix in the console), `{ href }` for the other app (a full page load).
 */
export function linkTarget(link: string, app: "portal" | "console"): { inApp: string } | { href: string } {
  const inConsole = link === "/admin" || link.startsWith(CONSOLE_PREFIX);
  if (app === "console") return inConsole ? { inApp: link.slice("/admin".length) || "/" } : { href: link };
  return inConsole ? { href: link } : { inApp: link };
}

/** Cuts text to `max` characters (not UTF-16 units: an emoji counts once), ending in … when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}
