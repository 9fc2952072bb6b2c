import { Table, Typography } from "antd";
import type { AuditRow } from "../../lib/trpc";

type Change = AuditRow["changes"][number];

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * 变更 in the list: the fields a change touched, "before → after", as the server words them (Chinese
 * labels, codes as their names, ids by the names the records have now); a new or removed record shows
 * its fields once. The first few only: the expanded row has them all.
 */
export function AuditChange({ changes, max = 3 }: { changes: Change[]; max?: number }) {
  if (changes.length === 0) return dash;
  const line = (c: Change) => {
    if (c.before === null) return `${c.label}：${c.after ?? "空"}`;
    if (c.after === null) return `${c.label}：${c.before}（删除）`;
    return `${c.label}：${c.before} → ${c.after}`;
  };
  return (
    <div>
      {changes.slice(0, max).map((c) => (
        <div key={c.field}>{line(c)}</div>
      ))}
      {changes.length > max && (
        <Typography.Text type="secondary">等 {changes.length} 项，展开查看</Typography.Text>
      )}
    </div>
  );
}

/** The expanded row: 字段 / 修改前 / 修改后, the changed fields only. */
export function AuditChangeTable({ changes }: { changes: Change[] }) {
  return (
    <Table<Change>
      rowKey="field"
      size="small"
      className="audit-change-table"
      pagination={false}
      dataSource={changes}
      style={{ maxWidth: 720 }}
      columns={[
        { title: "字段", dataIndex: "label", key: "label", width: 140 },
        { title: "修改前", dataIndex: "before", key: "before", render: (v: string | null) => v ?? dash },
        { title: "修改后", dataIndex: "after", key: "after", render: (v: string | null) => v ?? dash },
      ]}
    />
  );
}
