import { useMemo, useState, type ReactNode } from "react";
import {
  App,
  Button,
  Empty,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from "antd";
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  ASSESS_METHOD_LABELS,
  EVIDENCE_KIND_LABELS,
  READINESS_LABELS,
  type AssessMethod,
} from "@chuangcheng/domain/rules";
import { listLoading } from "../../lib/refresh-button";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useDownload } from "../../lib/use-download";
import { AssignModal } from "./assign-modal";
import { ChecklistImportModal } from "./checklist-import-modal";
import { EvidenceDrawer, READINESS_COLORS } from "./evidence-drawer";
import { groupByProject, measureText, moveWithinGroup } from "./campaign-labels";
import type { ChecklistItem } from "./campaign-types";
import { ItemModal } from "./item-modal";

const METHOD_COLORS: Record<AssessMethod, string> = {
  field: "blue",
  material: "green",
  survey: "orange",
  online: "purple",
};

type Row =
  | { key: string; group: { project: string; count: number; points: number } }
  | { key: string; item: ChecklistItem; no: number };

/** Points to at most one decimal, as the 测评体系 writes them. */
const pointsText = (n: number) => String(Math.round(n * 10) / 10);

/**
 * One 社区's copy of the 测评体系 checklist, grouped by 测评项目 (a heading row each). Its admins edit,
 * move within a 测评项目, delete (or archive, when evidence was filed), give an item to a staff member,
 * and add items.
 */
export function ChecklistTable(props: { campaignId: number; communityId: number; canEdit: boolean }) {
  const { campaignId, communityId, canEdit } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [editing, setEditing] = useState<ChecklistItem | "new" | null>(null);
  const [assigning, setAssigning] = useState<ChecklistItem | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const { download, pending } = useDownload();
  const list = useQuery(trpc.campaign.checklist.queryOptions({ campaignId, communityId }));
  const items = useMemo(() => list.data ?? [], [list.data]);
  const groups = useMemo(() => groupByProject(items), [items]);
  const rows = useMemo(() => {
    const out: Row[] = [];
    let no = 0;
    for (const g of groups) {
      const points = g.items.reduce((sum, i) => sum + i.points, 0);
      out.push({ key: `g:${g.project}`, group: { project: g.project, count: g.items.length, points } });
      for (const item of g.items) out.push({ key: `i:${item.id}`, item, no: ++no });
    }
    return out;
  }, [groups]);
  const total = items.reduce((sum, i) => sum + i.points, 0);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaign.checklist.pathKey() });
  const move = useMutation(
    trpc.campaign.moveItem.mutationOptions({ onSuccess: refresh, onError: (error) => showError(error) }),
  );
  const remove = useMutation(
    trpc.campaign.removeItem.mutationOptions({
      onSuccess: async (res) => {
        await refresh();
        void message.success(res.archived ? "已归档（已有材料）" : "已删除");
      },
      onError: (error) => showError(error),
    }),
  );

  // A heading row spans the whole table; its item rows leave the first cell to it.
  const itemCols = itemColumns([
    { title: "测评内容", key: "content", width: 110, render: (i) => i.content },
    {
      title: "测评标准",
      key: "standard",
      render: (i) => (
        <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", minWidth: 180 }}>{i.standard}</div>
      ),
    },
    {
      title: "测评方式",
      key: "method",
      width: 88,
      render: (i) => <Tag color={METHOD_COLORS[i.method]}>{ASSESS_METHOD_LABELS[i.method]}</Tag>,
    },
    { title: "分值", key: "points", width: 52, align: "right", render: (i) => pointsText(i.points) },
    {
      title: "所需材料",
      key: "evidence",
      width: 118,
      render: (i) => (
        <Space size={[0, 4]} wrap>
          {i.evidence.map((k) => (
            <Tag key={k}>{EVIDENCE_KIND_LABELS[k]}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: "测量指标",
      key: "measure",
      width: 118,
      render: (i) => measureText(i.measure) || <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: "责任人",
      key: "assignee",
      width: 80,
      render: (i) =>
        canEdit ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            aria-label={`指定责任人 ${i.content}`}
            onClick={() => setAssigning(i)}
          >
            {i.assignee?.name ?? "指定"}
          </Button>
        ) : (
          (i.assignee?.name ?? <Typography.Text type="secondary">未指定</Typography.Text>)
        ),
    },
    // 齐全 / 部分 / 缺失, with what is missing in words (缺：图片、总结; 道德讲堂 11月 仅1次).
    {
      title: "准备情况",
      key: "readiness",
      width: 150,
      render: (i: ChecklistItem) => (
        <div>
          <Tag color={READINESS_COLORS[i.readiness.readiness]}>{READINESS_LABELS[i.readiness.readiness]}</Tag>
          {i.readiness.gaps.map((gap) => (
            <div key={gap} className="campaign-gap">
              {gap}
            </div>
          ))}
        </div>
      ),
    },
    // Everyone who reads the checklist opens an item's 材料; who may file is the drawer's to say.
    {
      title: "材料",
      key: "files",
      width: 64,
      render: (i: ChecklistItem) => (
        <Button size="small" aria-label={`材料 ${i.content}`} onClick={() => setViewing(i.id)}>
          材料
        </Button>
      ),
    },
    ...(canEdit
      ? [
          {
            title: "操作",
            key: "actions",
            width: 116,
            render: (i: ChecklistItem) => {
              const up = moveWithinGroup(items, i.id, -1);
              const down = moveWithinGroup(items, i.id, 1);
              return (
                <Space size={0}>
                  <Tooltip title="编辑">
                    <Button
                      type="text"
                      size="small"
                      icon={<EditOutlined aria-hidden />}
                      aria-label={`编辑 ${i.content}`}
                      onClick={() => setEditing(i)}
                    />
                  </Tooltip>
                  <Tooltip title="上移">
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowUpOutlined aria-hidden />}
                      aria-label={`上移 ${i.content}`}
                      disabled={!up || move.isPending}
                      onClick={() => up && move.mutate(up)}
                    />
                  </Tooltip>
                  <Tooltip title="下移">
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined aria-hidden />}
                      aria-label={`下移 ${i.content}`}
                      disabled={!down || move.isPending}
                      onClick={() => down && move.mutate(down)}
                    />
                  </Tooltip>
                  <Popconfirm
                    title="删除测评项"
                    description="已上传材料的测评项将归档保留材料，否则直接删除。确定吗？"
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove.mutateAsync({ id: i.id }).catch(() => undefined)}
                  >
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined aria-hidden />}
                      aria-label={`删除 ${i.content}`}
                    />
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]
      : []),
  ]);
  const columns: TableColumnsType<Row> = [
    {
      title: "序号",
      key: "no",
      width: 48,
      align: "center",
      onCell: (r) => ("group" in r ? { colSpan: itemCols.length + 1, style: { textAlign: "left" } } : {}),
      render: (_, r) =>
        "group" in r ? (
          <div data-testid="checklist-group" style={{ textAlign: "left" }}>
            {r.group.project}
            <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 12 }}>
              {r.group.count}项 · {pointsText(r.group.points)}分
            </Typography.Text>
          </div>
        ) : (
          r.no
        ),
    },
    ...itemCols,
  ];

  return (
    <div data-testid="checklist">
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 8 }} wrap>
        <Typography.Text type="secondary">
          共 {items.length} 项，{groups.length} 个测评项目，合计 {pointsText(total)} 分
        </Typography.Text>
        <Space wrap>
          <Button
            icon={<DownloadOutlined aria-hidden />}
            loading={pending === "checklist"}
            onClick={() =>
              void download("checklist", () =>
                queryClient.fetchQuery(
                  trpc.campaign.exportChecklist.queryOptions({ campaignId, communityId }),
                ),
              )
            }
          >
            导出Excel
          </Button>
          {canEdit && (
            <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
              导入Excel
            </Button>
          )}
          {canEdit && (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setEditing("new")}>
              新增测评项
            </Button>
          )}
        </Space>
      </Space>
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      <Table<Row>
        rowKey="key"
        size="small"
        bordered
        columns={columns}
        dataSource={rows}
        loading={listLoading(list)}
        pagination={false}
        rowClassName={(r) => ("group" in r ? "checklist-group" : "")}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="测评清单是空的" /> }}
      />
      {editing && (
        <ItemModal
          campaignId={campaignId}
          communityId={communityId}
          item={editing === "new" ? null : editing}
          projects={groups.map((g) => g.project)}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && (
        <ChecklistImportModal
          campaignId={campaignId}
          communityId={communityId}
          onClose={() => setImporting(false)}
        />
      )}
      {assigning && (
        <AssignModal item={assigning} communityId={communityId} onClose={() => setAssigning(null)} />
      )}
      {viewing !== null && (
        <EvidenceDrawer
          itemId={viewing}
          assigneeName={items.find((i) => i.id === viewing)?.assignee?.name}
          onClose={() => setViewing(null)}
        />
      )}
    </div>
  );
}

/** Columns of an item's fields: blank (and spanned over) on a 测评项目's heading row. */
function itemColumns(
  cols: Array<{
    title: string;
    key: string;
    width?: number;
    align?: "right";
    render: (item: ChecklistItem) => ReactNode;
  }>,
): TableColumnsType<Row> {
  return cols.map((c) => ({
    title: c.title,
    key: c.key,
    ...(c.width ? { width: c.width } : {}),
    ...(c.align ? { align: c.align } : {}),
    onCell: (r: Row) => ("group" in r ? { colSpan: 0 } : {}),
    render: (_: unknown, r: Row) => ("item" in r ? c.render(r.item) : null),
  }));
}
