/**
 * Accessibility findings we accept, each with the reason. Keep this short: an entry is a debt that
 * a library forces on us, never a way to silence our own markup.
 */
export interface AllowedFinding {
  /** the axe rule id */
  rule: string;
  /** a part of the node's selector; without it the rule is allowed everywhere */
  target?: string;
  why: string;
}

export const AXE_ALLOWED: readonly AllowedFinding[] = [
  {
    rule: "color-contrast",
    target: ".adm-auto-center-content",
    why:
      "antd-mobile's Toast (and Dialog text) fades in and out by JavaScript-driven opacity, which the " +
      "watcher cannot see as an animation: axe measured a toast mid-fade once in CI. At rest the toast " +
      "is white on rgba(0,0,0,0.7) and dialog text is our --text on white, both above 7:1.",
  },
  ...["color-contrast", "scrollable-region-focusable"].map((rule) => ({
    rule,
    target: "-leave",
    why:
      "antd's popups (a date picker's panel) close with a CSS motion whose leave class (.ant-slide-up-leave) " +
      "stays on the node while it fades out: axe measured a closing panel half-transparent on a loaded CI " +
      "machine. The same panel open at rest is checked like any other node, without this entry.",
  })),
  {
    rule: "aria-input-field-name",
    target: "_list",
    why:
      "antd's Select renders, while its dropdown is open, a zero-size role=listbox (#…_list) for screen " +
      "readers beside the visible list, without a name of its own; the Select itself is named (aria-label). " +
      "Seen on 操作日志's 按对象类型筛选 in CI (#…__list), and on the 派遣 dialog's 责任人 picker (#dispatchProblem_assigneeId_list).",
  },
];
