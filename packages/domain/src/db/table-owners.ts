import type { Database } from "./database.js";

/** The features of the domain, one folder each under src/. */
export const FEATURES = [
  "auth",
  "org",
  "audit",
  "volunteer",
  "activity",
  "report",
  "notification",
  "files",
  "problem",
  "board",
  "campaign",
  "task",
] as const;
export type Feature = (typeof FEATURES)[number];

/**
 * The one feature that writes each table (insertInto / updateTable / deleteFrom). Another feature
 * reads it freely but changes it only by calling a function its owner exports, so each table's
 * rules (capacity, hours totals, who holds which role) live in one place.
 *
 * A new table in `Database` must be listed here: the compiler refuses this map until it is, and
 * src/feature-boundaries.test.ts checks every service file against it.
 */
export const TABLE_OWNERS = {
  user: "auth",
  role_grant: "auth",
  session: "auth",
  login_failure: "auth",
  password_reset_code: "auth",
  org_unit: "org",
  audit_log: "audit",
  file: "files",
  document: "files",
  volunteer: "volunteer",
  volunteer_skill: "volunteer",
  team: "volunteer",
  team_member: "volunteer",
  community_setting: "volunteer",
  volunteer_claim_failure: "volunteer",
  volunteer_certificate: "volunteer",
  // Written by triggers on volunteer only (migration 2026-12-16T0000).
  volunteer_name_gram: "volunteer",
  activity: "activity",
  activity_signup: "activity",
  problem: "problem",
  problem_step: "problem",
  problem_category: "problem",
  // Written by triggers on problem only (migration 2026-12-05T0000).
  problem_state_tally: "problem",
  problem_deadline_tally: "problem",
  // Written by triggers on activity only (migration 2026-12-12T0000).
  activity_month_tally: "activity",
  notification: "notification",
  board_entry: "board",
  board_edition: "board",
  board_appeal: "board",
  board_setting: "board",
  board_category: "board",
  board_revision: "board",
  campaign: "campaign",
  campaign_leader: "campaign",
  campaign_item: "campaign",
  campaign_evidence: "campaign",
  campaign_link: "campaign",
  // Written by triggers on campaign_evidence and campaign_link only (migration 2026-12-12T0000).
  campaign_evidence_tally: "campaign",
  campaign_link_tally: "campaign",
  campaign_assessment: "campaign",
  campaign_grade: "campaign",
  duty_rule: "campaign",
  duty_tick: "campaign",
  task: "task",
  task_helper: "task",
  task_item: "task",
  task_step: "task",
  task_supervision: "task",
  supervision_setting: "task",
  summary_draft: "report",
} as const satisfies Record<keyof Database, Feature>;
