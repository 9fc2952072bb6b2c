import { Typography } from "antd";
import { ORG_KIND_LABELS, ROLE_LABELS, type OrgKind, type Role } from "@chuangcheng/domain/rules";

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

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function formatValue(key: string, value: unknown, unitName: (id: number) => string | undefined): string {
  if (value === null || value === undefined) return "空";
  if (key === "kind" && typeof value === "string") return ORG_KIND_LABELS[value as OrgKind] ?? value;
  if (key === "role" && typeof value === "string") return ROLE_LABELS[value as Role] ?? value;
  if ((key === "parentId" || key === "unitId") && typeof value === "number") {
    return unitName(value) ?? `#${value}`;
  }
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
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== "grantId");
  const oneSided = !isObject(before) || !isObject(after);
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
