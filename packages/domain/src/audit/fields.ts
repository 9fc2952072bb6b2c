import { MOBILE_PATTERN, ROLE_LABELS, maskMobile } from "../auth/rules.js";
import { ORG_KIND_LABELS } from "../org/rules.js";
import {
  POLITICAL_STATUS_LABELS,
  SERVICE_TIME_LABELS,
  SKILL_LABELS,
  VOLUNTEER_STATUS_LABELS,
} from "../volunteer/rules.js";
import { ACTIVITY_KIND_LABELS, ACTIVITY_STATUS_LABELS, HOURS_STATUS_LABELS } from "../activity/rules.js";
import { PROBLEM_SOURCE_LABELS, PROBLEM_STATE_LABELS, REJECT_REASON_LABELS } from "../problem/rules.js";
import { BOARD_CATEGORY_LABELS, BOARD_STATE_LABELS } from "../board/rules.js";
import { chinaMinuteText } from "../time.js";
import type { AuditTargetType } from "./actions.js";

// How the 操作日志 shows a change: Chinese field names, codes as their labels, ids as the names they
// have now, times in Beijing time; never raw JSON. Pure: safe in a browser (see ../rules.ts).

/** The label of every key a recordAudit call writes (audit-fields.test.ts holds every call to it). */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  name: "名称",
  regions: "打码区域数",
  kind: "类型",
  parentId: "上级单位",
  households: "户数",
  population: "常住人口",
  contactPhone: "联系电话",
  officeAddress: "办公地址",
  officeHours: "办公时间",
  user: "用户",
  role: "角色",
  unitId: "单位",
  mobile: "手机号",
  temporaryPasswordExpiresAt: "临时密码有效期至",
  status: "状态",
  reason: "原因",
  targetPermille: "注册率目标",
  imported: "新增",
  updated: "更新",
  unchanged: "未变",
  skipped: "跳过",
  rows: "行数",
  courtyardId: "楼院",
  politicalStatus: "政治面貌",
  skills: "服务技能",
  serviceTimes: "服务时间",
  guardianConsent: "监护人同意",
  title: "活动名称",
  startsAt: "开始时间",
  endsAt: "结束时间",
  capacity: "名额",
  description: "简介",
  leaderId: "队长",
  volunteerId: "志愿者",
  teamId: "服务队",
  hoursStatus: "时长状态",
  minutes: "时长（分钟）",
  archived: "已归档",
  category: "问题类别",
  source: "来源",
  state: "状态",
  assigneeId: "责任人",
  deadline: "处置时限",
  rejectReason: "不予受理原因",
  duplicateOfId: "重复的问题",
  department: "转交部门",
  note: "说明",
  published: "公开展示",
  label: "显示名称",
  timeLimitDays: "处置时限（天）",
  enabled: "启用",
  filter: "筛选条件",
  startDate: "公示开始日期",
  endDate: "公示结束日期",
  decision: "处理结果",
  entries: "条目数",
  blackVisibility: "黑榜公开范围",
  blackNameDisplay: "黑榜显示姓名",
  blackMaxDays: "黑榜最长公示天数",
  whiteDays: "白榜公示天数",
  noticeDays: "申诉告知期（天）",
  rectifiedRemoval: "已整改条目撤榜",
  retentionDays: "个人信息保存天数",
  boardCategory: "榜单类别",
  periodStart: "开始日期",
  periodEnd: "结束日期",
  stage: "阶段",
  leaders: "领导小组",
  content: "测评内容",
  standard: "测评标准",
  points: "分值",
  sort: "顺序",
  assignee: "责任人",
  evidenceKind: "材料类型",
  evidenceDate: "材料日期",
  photos: "照片数",
  documents: "文件",
  record: "佐证记录",
  community: "社区",
  project: "测评项目",
  files: "文件数",
  round: "模拟测评",
  estimatedScore: "估算得分",
  graded: "已评项数",
  cadence: "周期",
  times: "每期次数",
  countsAs: "完成方式",
  rules: "工作项数",
  period: "期间",
  doneOn: "完成日期",
  unit: "责任单位",
  dueOn: "时限",
  parent: "上级任务",
  progress: "完成进度",
  colour: "督办颜色",
  replyBy: "反馈期限",
  answer: "反馈内容",
  blueDays: "临期天数",
  redAfterDays: "红色逾期天数",
  paceGap: "进度滞后百分点",
  previousId: "原草稿",
  paragraphs: "段落数",
  figures: "数据项数",
  key: "段落编号",
  text: "段落内容",
};

/** Where a key means something else for one kind of record. */
const LABEL_BY_TARGET: Partial<Record<AuditTargetType, Readonly<Record<string, string>>>> = {
  team: { name: "队名" },
  board_entry: { category: "类别" },
  campaign: { name: "活动名称" },
  campaign_item: { title: "材料名称" },
  duty_rule: { title: "工作名称" },
  task: { title: "任务名称" },
};

/** The codes of the board settings (board/rules.ts BoardSettings), by key. */
const BOARD_SETTING_VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  blackVisibility: { residents: "仅本社区居民", public: "所有人" },
  blackNameDisplay: { none: "不显示", masked: "显示姓氏（如 张**）" },
  rectifiedRemoval: { at_end: "公示期满撤下", at_once: "立即撤下" },
};

/** Kept in the record, never shown: an internal number the row's subject already says. */
export const AUDIT_HIDDEN_FIELDS: readonly string[] = ["grantId"];

/**
 * A person's name written into a snapshot is not shown: the row's subject names them as they are
 * now, so an account deleted since shows as 已注销 and not by the name it had.
 */
const HIDDEN_BY_TARGET: Partial<Record<AuditTargetType, readonly string[]>> = {
  user: ["user", "name"],
  volunteer: ["name"],
};

export function isHiddenAuditField(targetType: AuditTargetType, key: string): boolean {
  return AUDIT_HIDDEN_FIELDS.includes(key) || (HIDDEN_BY_TARGET[targetType]?.includes(key) ?? false);
}

/** Keys whose value is the id of another record, shown by that record's name as it is now. */
export const AUDIT_REFERENCE_FIELDS: Readonly<Record<string, AuditTargetType>> = {
  previousId: "summary_draft",
  parentId: "org_unit",
  unitId: "org_unit",
  courtyardId: "org_unit",
  leaderId: "volunteer",
  volunteerId: "volunteer",
  teamId: "team",
  assigneeId: "user",
  duplicateOfId: "problem",
};

/**
 * The names of the records a page of the log mentions, as they are now. `null` for a person who has
 * since erased their data (已注销), `undefined` for a record that no longer exists.
 */
export type AuditNameLookup = (type: AuditTargetType, id: number) => string | null | undefined;

export interface AuditChangeRow {
  field: string;
  label: string;
  /** null: nothing (a new record has no before, a removed one no after) */
  before: string | null;
  after: string | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;
const MASKED_MOBILE = /^1\d{2}\*{4}\d{4}$/;

/** A referenced record's name; "（已注销）" for a person who erased their data, "（已删除）" when gone. */
export function referenceName(name: string | null | undefined): string {
  if (name === undefined) return "（已删除）";
  return name ?? "（已注销）";
}

/** A snapshot is free-form JSON written when the change happened: a code is looked up, never trusted. */
function labelIn(code: string, ...vocabularies: Array<Readonly<Record<string, string>>>): string {
  return vocabularies.find((labels) => Object.hasOwn(labels, code))?.[code] ?? code;
}

export function auditFieldLabel(targetType: AuditTargetType, key: string): string {
  return LABEL_BY_TARGET[targetType]?.[key] ?? AUDIT_FIELD_LABELS[key] ?? key;
}

/** One value of a change as the console shows it; null for nothing. */
export function formatAuditValue(
  targetType: AuditTargetType,
  key: string,
  value: unknown,
  names: AuditNameLookup,
): string | null {
  if (value === null || value === undefined) return null;
  if (/idnumber/i.test(key)) return "（不显示）";
  if (typeof value === "boolean") return value ? "是" : "否";
  const reference = AUDIT_REFERENCE_FIELDS[key];
  if (reference && typeof value === "number") return referenceName(names(reference, value));
  if (Array.isArray(value))
    return value.map((v) => formatAuditValue(targetType, key, v, names) ?? "").join("、");
  if (typeof value === "number") return key === "targetPermille" ? `${value / 10}%` : String(value);
  if (typeof value !== "string") return "（无法显示）";
  if (key === "mobile")
    return MOBILE_PATTERN.test(value) ? maskMobile(value) : MASKED_MOBILE.test(value) ? value : "***********";
  if (ID_NUMBER.test(value)) return "（不显示）";
  if (key === "role") return labelIn(value, ROLE_LABELS);
  if (key === "hoursStatus") return labelIn(value, HOURS_STATUS_LABELS);
  if (key === "politicalStatus") return labelIn(value, POLITICAL_STATUS_LABELS);
  if (key === "skills") return labelIn(value, SKILL_LABELS);
  if (key === "serviceTimes") return labelIn(value, SERVICE_TIME_LABELS);
  const boardSetting = BOARD_SETTING_VALUE_LABELS[key];
  if (boardSetting) return labelIn(value, boardSetting);
  if (targetType === "board_entry" && key === "category") return labelIn(value, BOARD_CATEGORY_LABELS);
  if (key === "state") return labelIn(value, PROBLEM_STATE_LABELS);
  if (key === "source") return labelIn(value, PROBLEM_SOURCE_LABELS);
  if (key === "rejectReason") return labelIn(value, REJECT_REASON_LABELS);
  if (key === "kind") {
    return targetType === "activity"
      ? labelIn(value, ACTIVITY_KIND_LABELS)
      : labelIn(value, ORG_KIND_LABELS, ACTIVITY_KIND_LABELS);
  }
  if (key === "status") {
    if (targetType === "volunteer") return labelIn(value, VOLUNTEER_STATUS_LABELS);
    if (targetType === "activity") return labelIn(value, ACTIVITY_STATUS_LABELS);
    // Board rows write the state's code (a proposal) or its label (a move): both read as the label.
    if (targetType === "board_entry") return labelIn(value, BOARD_STATE_LABELS);
    return labelIn(value, VOLUNTEER_STATUS_LABELS, ACTIVITY_STATUS_LABELS);
  }
  if (ISO_INSTANT.test(value)) return chinaMinuteText(value);
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * 字段 / 修改前 / 修改后 of one audit row. A new or removed record lists its filled-in fields once; a
 * change lists the fields it set that differ (a `before` may hold more of the record than was changed).
 */
export function describeAuditChange(
  targetType: AuditTargetType,
  beforeText: string | null,
  afterText: string | null,
  names: AuditNameLookup,
): AuditChangeRow[] {
  const before = parse(beforeText);
  const after = parse(afterText);
  const value = (key: string, v: unknown) => formatAuditValue(targetType, key, v, names);
  if (!isRecord(before) && !isRecord(after)) {
    if (before === undefined && after === undefined) return [];
    return [{ field: "value", label: "内容", before: value("value", before), after: value("value", after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const oneSided = !isRecord(before) || !isRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => !isHiddenAuditField(targetType, k),
  );
  return (
    keys
      .filter((k) => (oneSided ? (a[k] ?? b[k]) != null : k in a))
      .map((k) => ({
        field: k,
        label: auditFieldLabel(targetType, k),
        before: value(k, b[k]),
        after: value(k, a[k]),
      }))
      // Compared as shown: a time saved again to the millisecond is no change to the minute.
      .filter((row) => oneSided || row.before !== row.after)
  );
}

/** "志愿者 王小红", "志愿者（已注销）", "单位 东街社区（已删除）". */
export function subjectText(label: string, name: string | null | undefined): string {
  if (name === undefined) return `${label}（已删除）`;
  if (name === null) return `${label}（已注销）`;
  return `${label} ${name}`;
}
