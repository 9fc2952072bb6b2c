import { Typography } from "antd";
import {
  ACTIVITY_STATUS_LABELS,
  HOURS_STATUS_LABELS,
  ORG_KIND_LABELS,
  ROLE_LABELS,
  VOLUNTEER_STATUS_LABELS,
} from "@chuangcheng/domain/rules";
import { formatTime } from "@chuangcheng/client";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const FIELD_LABELS: Record<string, string> = {
  name: "名称",
  kind: "类型",
  parentId: "上级单位",
  households: "户数",
  population: "常住人口",
  user: "用户",
  role: "角色",
  unitId: "单位",
  mobile: "手机号",
  status: "状态",
  reason: "原因",
  targetPermille: "注册率目标（‰）",
  imported: "新增",
  updated: "更新",
  rows: "行数",
  title: "活动名称",
  startsAt: "开始时间",
  endsAt: "结束时间",
  capacity: "名额",
  description: "简介",
  leaderId: "队长",
  volunteerId: "志愿者",
  hoursStatus: "时长状态",
  minutes: "时长（分钟）",
};

type Json = Record<string, unknown>;

export function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A snapshot is free-form JSON written when the change happened, so a code in it is checked against
 * the vocabularies rather than trusted: its label when one knows it, else the code as written.
 */
function labelIn(code: string, ...vocabularies: Array<Readonly<Record<string, string>>>): string {
  return vocabularies.find((labels) => Object.hasOwn(labels, code))?.[code] ?? code;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function formatValue(key: string, value: unknown, unitName: (id: number) => string | undefined): string {
  if (value === null || value === undefined) return "空";
  if (typeof value === "string") {
    if (key === "kind") return labelIn(value, ORG_KIND_LABELS);
    if (key === "role") return labelIn(value, ROLE_LABELS);
    if (key === "status") return labelIn(value, VOLUNTEER_STATUS_LABELS, ACTIVITY_STATUS_LABELS);
    if (key === "hoursStatus") return labelIn(value, HOURS_STATUS_LABELS);
  }
  if ((key === "parentId" || key === "unitId") && typeof value === "number") {
    return unitName(value) ?? `#${value}`;
  }
  if (typeof value === "string" && ISO_INSTANT.test(value)) return formatTime(value, "YYYY-MM-DD HH:mm");
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * 变更: the fields a change touched, "before → after"; a new or removed record shows its fields once.
 * Unit ids are shown by name where the unit is still known.
 */
export function AuditChange(props: {
  before: string | null;
  after: string | null;
  unitName: (id: number) => string | undefined;
}) {
  const before = parseJson(props.before);
  const after = parseJson(props.after);
  if (!isObject(before) && !isObject(after)) {
    if (before === undefined && after === undefined)
      return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <pre className="audit-json">{`${JSON.stringify(before) ?? "空"} → ${JSON.stringify(after) ?? "空"}`}</pre>
    );
  }
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  // grantId is an internal number; the row's unit and role already say which grant it was.
  const oneSided = !isObject(before) || !isObject(after);
  // A change lists what it set in `after`; `before` may hold more of the record (e.g. team.update).
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => k !== "grantId")
    .filter((k) => oneSided || k in a);
  const lines = keys
    // A new or removed record: its filled-in fields. A change: the fields that differ.
    .filter((k) => (oneSided ? (a[k] ?? b[k]) != null : JSON.stringify(b[k]) !== JSON.stringify(a[k])))
    .map((k) => {
      const label = FIELD_LABELS[k] ?? k;
      const value = (v: unknown) => formatValue(k, v, props.unitName);
      return oneSided ? `${label}：${value(a[k] ?? b[k])}` : `${label}：${value(b[k])} → ${value(a[k])}`;
    });
  if (lines.length === 0) return <Typography.Text type="secondary">无变化</Typography.Text>;
  return (
    <div>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </div>
  );
}

/** The raw record, indented, for the expanded row. */
export function AuditRawJson({ before, after }: { before: string | null; after: string | null }) {
  const pretty = (text: string | null) =>
    text === null ? "（无）" : JSON.stringify(parseJson(text), null, 2);
  return (
    <div style={{ display: "flex", gap: 24, flexWrap: "wrap" }}>
      <div style={{ minWidth: 220 }}>
        <Typography.Text type="secondary">变更前</Typography.Text>
        <pre className="audit-json">{pretty(before)}</pre>
      </div>
      <div style={{ minWidth: 220 }}>
        <Typography.Text type="secondary">变更后</Typography.Text>
        <pre className="audit-json">{pretty(after)}</pre>
      </div>
    </div>
  );
}
