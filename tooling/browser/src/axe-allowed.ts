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

export const AXE_ALLOWED: readonly AllowedFinding[] = [];
