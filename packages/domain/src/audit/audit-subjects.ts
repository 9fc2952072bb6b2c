import type { Db } from "../db/open-database.js";
import { ORG_KIND_LABELS } from "../org/rules.js";
import { unitNames } from "../org/unit-names.js";
import { userNames } from "../auth/user-names.js";
import { teamNames, volunteerNames } from "../volunteer/volunteer-names.js";
import { activityTitles, signupParties } from "../activity/activity-names.js";
import { problemTitles } from "../problem/problem-names.js";
import { boardEditionTitles, boardEntryTitles } from "../board/board-names.js";
import { campaignItemTitles, campaignNames, dutyRuleTitles } from "../campaign/campaign-names.js";
import { taskTitles } from "../task/task-names.js";
import { summaryTitles } from "../report/summary-names.js";
import {
  AUDIT_TARGET_LABELS,
  AUDIT_TARGET_TYPES,
  type AuditAction,
  type AuditTargetType,
} from "./actions.js";
import { AUDIT_REFERENCE_FIELDS, subjectText, type AuditNameLookup } from "./fields.js";

// Whom or what each row of a page of the 操作日志 is about, named as they are now (read time, so a
// volunteer who withdrew shows as 已注销 instead of their name being kept in the log), in one query
// per kind of record for the whole page.

export interface AuditRowRef {
  action: AuditAction;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
}

export function isAuditTargetType(type: string): type is AuditTargetType {
  return (AUDIT_TARGET_TYPES as readonly string[]).includes(type);
}

function parseObject(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const numericId = (id: string | null) => (id !== null && /^\d+$/.test(id) ? Number(id) : null);

const MEMBERSHIP_ACTIONS: readonly AuditAction[] = ["team.add_member", "team.remove_member"];

/** The names a page of audit rows needs: its subjects and the records its changes refer to. */
export async function resolveAuditNames(db: Db, rows: readonly AuditRowRef[]) {
  const ids: Record<AuditTargetType, Set<number>> = {
    volunteer: new Set(),
    activity: new Set(),
    activity_signup: new Set(),
    team: new Set(),
    org_unit: new Set(),
    user: new Set(),
    problem: new Set(),
    board_entry: new Set(),
    board_edition: new Set(),
    campaign: new Set(),
    campaign_item: new Set(),
    duty_rule: new Set(),
    task: new Set(),
    summary_draft: new Set(),
  };
  const parsed = rows.map((r) => ({ before: parseObject(r.before), after: parseObject(r.after) }));
  rows.forEach((r, i) => {
    const id = numericId(r.target_id);
    if (id !== null && isAuditTargetType(r.target_type)) ids[r.target_type].add(id);
    for (const snapshot of [parsed[i]!.before, parsed[i]!.after]) {
      for (const [key, value] of Object.entries(snapshot)) {
        const type = AUDIT_REFERENCE_FIELDS[key];
        if (type && typeof value === "number") ids[type].add(value);
      }
    }
  });
  const signups = await signupParties(db, [...ids.activity_signup]);
  for (const s of signups.values()) {
    ids.volunteer.add(s.volunteerId);
    ids.activity.add(s.activityId);
  }
  const [
    volunteers,
    teams,
    activities,
    units,
    users,
    problems,
    boardEntries,
    boardEditions,
    campaigns,
    campaignItems,
    dutyRules,
    tasks,
    summaries,
  ] = await Promise.all([
    volunteerNames(db, [...ids.volunteer]),
    teamNames(db, [...ids.team]),
    activityTitles(db, [...ids.activity]),
    unitNames(db, [...ids.org_unit]),
    userNames(db, [...ids.user]),
    problemTitles(db, [...ids.problem]),
    boardEntryTitles(db, [...ids.board_entry]),
    boardEditionTitles(db, [...ids.board_edition]),
    campaignNames(db, [...ids.campaign]),
    campaignItemTitles(db, [...ids.campaign_item]),
    dutyRuleTitles(db, [...ids.duty_rule]),
    taskTitles(db, [...ids.task]),
    summaryTitles(db, [...ids.summary_draft]),
  ]);

  const lookup: AuditNameLookup = (type, id) => {
    switch (type) {
      case "volunteer":
        return volunteers.has(id) ? volunteers.get(id)! : undefined;
      case "user":
        return users.has(id) ? users.get(id)! : undefined;
      case "team":
        return teams.get(id);
      case "activity":
        return activities.get(id);
      case "org_unit":
        return units.get(id)?.name;
      case "activity_signup":
        return undefined;
      case "problem":
        return problems.get(id);
      case "board_entry":
        return boardEntries.get(id);
      case "board_edition":
        return boardEditions.get(id);
      case "campaign":
        return campaigns.get(id);
      case "campaign_item":
        return campaignItems.get(id);
      case "duty_rule":
        return dutyRules.get(id);
      case "task":
        return tasks.get(id);
      case "summary_draft":
        return summaries.get(id);
    }
  };

  const named = (type: AuditTargetType, id: number) =>
    subjectText(AUDIT_TARGET_LABELS[type], lookup(type, id));

  /** "志愿者 王小红", "志愿者 王小红 · 活动 重阳敬老", "社区 东街社区"; null when the row names nothing. */
  const subject = (row: AuditRowRef, index: number): string | null => {
    const id = numericId(row.target_id);
    if (id === null || !isAuditTargetType(row.target_type)) return null;
    const { before, after } = parsed[index]!;
    switch (row.target_type) {
      case "activity_signup": {
        const parties = signups.get(id);
        if (!parties) return subjectText(AUDIT_TARGET_LABELS.activity_signup, undefined);
        return `${named("volunteer", parties.volunteerId)} · ${named("activity", parties.activityId)}`;
      }
      case "team": {
        const member = after.volunteerId ?? before.volunteerId;
        return MEMBERSHIP_ACTIONS.includes(row.action) && typeof member === "number"
          ? `${named("volunteer", member)} · ${named("team", id)}`
          : named("team", id);
      }
      case "org_unit": {
        const unit = units.get(id);
        if (unit) return `${ORG_KIND_LABELS[unit.kind]} ${unit.name}`;
        // A removed unit: its name as the removal recorded it (a unit's name is not personal data).
        const name = before.name ?? after.name;
        return typeof name === "string"
          ? `${AUDIT_TARGET_LABELS.org_unit} ${name}（已删除）`
          : named("org_unit", id);
      }
      default:
        return named(row.target_type, id);
    }
  };

  return { lookup, subject };
}
