import { useMemo, useState } from "react";
import { Card, Grid, Select, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_TARGET_LABELS,
  AUDIT_TARGET_TYPES,
  type AuditAction,
  type AuditTargetType,
} from "@chuangcheng/domain/rules";
import { buildOrgTree, kindLabel, type OrgNode } from "../../lib/org-tree";
import { errorMessage } from "../../lib/server-errors";
import { formatTime } from "@chuangcheng/client";
import { useTRPC, type AuditRow } from "../../lib/trpc";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { AuditChange, AuditChangeTable } from "./audit-change";

const ACTION_COLORS: Partial<Record<AuditAction, string>> = {
  "org.create": "green",
  "org.update": "blue",
  "org.move": "geekblue",
  "org.remove": "red",
  "role.grant": "purple",
  "role.revoke": "orange",
  "user.create": "cyan",
};

interface UnitTreeOption {
  value: number;
  title: string;
  children: UnitTreeOption[];
}

function toTreeSelect(nodes: OrgNode[]): UnitTreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: `${n.name}（${kindLabel(n.kind)}）`,
    children: toTreeSelect(n.children),
  }));
}

/** 操作日志: who did what to whom (对象: 志愿者 王小红), when, at which unit; times in Beijing time. */
export default function AuditPage() {
  const trpc = useTRPC();
  const [action, setAction] = useState<AuditAction | undefined>();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [targetType, setTargetType] = useState<AuditTargetType | undefined>();
  // On a phone: 时间 carries 操作人, 操作 and 单位 under it; 变更 keeps the rest of the width.
  const wide = Grid.useBreakpoint().md !== false;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const tree = useQuery(trpc.org.tree.queryOptions());
  const log = useQuery({
    ...trpc.audit.list.queryOptions({ action, unitId, targetType, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const unitTree = useMemo(() => toTreeSelect(buildOrgTree(tree.data ?? [])), [tree.data]);

  const columns: TableColumnsType<AuditRow> = [
    {
      title: "时间",
      dataIndex: "at",
      key: "at",
      width: wide ? 170 : 140,
      render: (at: string, row) =>
        wide ? (
          formatTime(at)
        ) : (
          <Space orientation="vertical" size={2}>
            <span>{formatTime(at, "MM-DD HH:mm")}</span>
            <Tag color={ACTION_COLORS[row.action] ?? "default"}>{AUDIT_ACTION_LABELS[row.action]}</Tag>
            {row.subject && <span>{row.subject}</span>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.actorName ?? "系统"}
              {row.unitName ? ` · ${row.unitName}` : ""}
            </Typography.Text>
          </Space>
        ),
    },
    {
      title: "操作人",
      dataIndex: "actorName",
      key: "actor",
      width: 100,
      responsive: ["md"],
      render: (name: string | null) => name ?? <Typography.Text type="secondary">系统</Typography.Text>,
    },
    {
      title: "操作",
      dataIndex: "action",
      key: "action",
      width: 120,
      responsive: ["md"],
      render: (a: AuditAction) => <Tag color={ACTION_COLORS[a] ?? "default"}>{AUDIT_ACTION_LABELS[a]}</Tag>,
    },
    {
      title: "对象",
      dataIndex: "subject",
      key: "subject",
      width: 220,
      responsive: ["md"],
      render: (subject: string | null) => subject ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: "单位",
      dataIndex: "unitName",
      key: "unit",
      width: 160,
      responsive: ["md"],
      render: (name: string | null, row) =>
        name ?? (
          <Typography.Text type="secondary">{row.unitId === null ? "全部" : "已删除的单位"}</Typography.Text>
        ),
    },
    {
      title: "变更",
      key: "change",
      render: (_, row) => <AuditChange changes={row.changes} />,
    },
  ];

  return (
    <Card title="操作日志" size="small" extra={<RefreshButton queryKeys={[trpc.audit.pathKey()]} />}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<AuditAction>
          placeholder="全部操作"
          aria-label="按操作筛选"
          allowClear
          style={{ width: 160 }}
          value={action}
          options={AUDIT_ACTIONS.map((value) => ({ value, label: AUDIT_ACTION_LABELS[value] }))}
          onChange={(v) => {
            setAction(v);
            setPage(1);
          }}
        />
        <Select<AuditTargetType>
          placeholder="全部对象"
          aria-label="按对象类型筛选"
          allowClear
          style={{ width: 130 }}
          value={targetType}
          options={AUDIT_TARGET_TYPES.map((value) => ({ value, label: AUDIT_TARGET_LABELS[value] }))}
          onChange={(v) => {
            setTargetType(v);
            setPage(1);
          }}
        />
        <TreeSelect<number>
          placeholder="全部单位"
          aria-label="按单位筛选"
          allowClear
          showSearch={{ treeNodeFilterProp: "title" }}
          style={{ width: 240 }}
          value={unitId}
          treeData={unitTree}
          onChange={(v) => {
            setUnitId(v ?? undefined);
            setPage(1);
          }}
        />
      </Space>
      {log.isError && <Typography.Paragraph type="danger">{errorMessage(log.error)}</Typography.Paragraph>}
      <Table<AuditRow>
        rowKey="id"
        size={wide ? "middle" : "small"}
        columns={columns}
        dataSource={log.data?.items ?? []}
        loading={listLoading(log)}
        scroll={wide ? { x: 1000 } : undefined}
        expandable={{
          showExpandColumn: wide,
          expandedRowRender: (row) => <AuditChangeTable changes={row.changes} />,
          rowExpandable: (row) => row.changes.length > 0,
        }}
        pagination={{
          current: page,
          pageSize,
          total: log.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 条`,
          onChange: (p, size) => {
            setPage(size === pageSize ? p : 1);
            setPageSize(size);
          },
        }}
      />
    </Card>
  );
}
