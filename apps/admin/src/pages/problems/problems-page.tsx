import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import {
  App,
  Button,
  Card,
  Empty,
  Grid,
  Space,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
  type TableProps,
} from "antd";
import { FileExcelOutlined, SendOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import { PROBLEM_SOURCE_LABELS, PROBLEM_STATES, PROBLEM_STATE_LABELS } from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { useDownload } from "../../lib/use-download";
import { CategorySettings } from "./category-settings";
import { DispatchModal, type BatchResult, type DispatchTarget } from "./dispatch-modal";
import { DeadlineText, StateTag } from "./problem-bits";
import { ProblemDrawer } from "./problem-drawer";
import { ProblemFilterBar } from "./problem-filters";
import {
  PAGE_SIZES,
  readProblemsView,
  tabOf,
  withTab,
  writeProblemsView,
  type ProblemsView,
} from "./problems-url";

type Row = NonNullable<ReturnType<typeof useListQuery>["data"]>["items"][number];

function useListQuery(view: ProblemsView) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.problem.list.queryOptions({ ...view.filters, page: view.page, pageSize: view.pageSize }),
    placeholderData: keepPreviousData,
  });
}

/**
 * 问题整改: the problems within the user's reach, a tab per state with its count, filters and the page
 * in the address, the detail drawer (/problems/:id), 批量派遣 and the 整改台账 export; 类别设置 for admins.
 */
export default function ProblemsPage() {
  const me = useMe();
  const manages = can(me.data, "problem.manage");
  const [params, setParams] = useSearchParams();
  const settings = params.get("tab") === "settings" && manages;
  return (
    <Tabs
      activeKey={settings ? "settings" : "list"}
      onChange={(key) => setParams(key === "settings" ? { tab: "settings" } : {})}
      items={[
        { key: "list", label: "问题列表", children: settings ? null : <ProblemList manages={manages} /> },
        ...(manages
          ? [{ key: "settings", label: "类别设置", children: settings ? <CategorySettings /> : null }]
          : []),
      ]}
    />
  );
}

function ProblemList({ manages }: { manages: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().md !== false;
  const { id: openParam } = useParams();
  const openId = openParam && /^\d+$/.test(openParam) ? Number(openParam) : null;
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readProblemsView(params), [params]);
  const { filters, page, pageSize } = view;
  const show = (next: Partial<ProblemsView>) => setParams(writeProblemsView({ ...view, ...next }));
  const list = useListQuery(view);
  const { download, pending } = useDownload();
  const [selected, setSelected] = useState<Row[]>([]);
  const [batch, setBatch] = useState<DispatchTarget | null>(null);

  // What was selected on another page or under another filter is not what the button would派遣.
  useEffect(() => setSelected([]), [params]);

  // A page past the end (the list got shorter, or an old link) shows the last page instead.
  const total = list.data?.total;
  useEffect(() => {
    if (total === undefined || list.isPlaceholderData) return;
    const last = Math.max(1, Math.ceil(total / pageSize));
    if (page > last) setParams(writeProblemsView({ ...view, page: last }), { replace: true });
  }, [total, list.isPlaceholderData, page, pageSize, view, setParams]);

  const search = params.toString();
  const closeDrawer = () => navigate({ pathname: "/problems", search });

  const counts = list.data?.counts;
  const tabs = [
    { key: "all", label: "全部", count: counts?.all },
    ...PROBLEM_STATES.map((s) => ({ key: s, label: PROBLEM_STATE_LABELS[s], count: counts?.[s] })),
    { key: "overdue", label: "已超期", count: counts?.overdue },
  ];

  const columns: TableColumnsType<Row> = [
    { title: "编号", dataIndex: "id", key: "id", width: 70, render: (id: number) => `#${id}` },
    {
      title: "问题描述",
      dataIndex: "description",
      key: "description",
      minWidth: 180,
      render: (text: string, p) => (
        // A darker blue than the theme's link: it stays above 4.5:1 on a hovered or selected row.
        <Link to={{ pathname: `/problems/${p.id}`, search }} style={{ color: "#0847b8" }}>
          {text.length > 40 ? `${text.slice(0, 40)}…` : text}
        </Link>
      ),
    },
    {
      title: "照片",
      key: "thumb",
      width: 64,
      responsive: ["lg"],
      render: (_, p) =>
        p.thumb ? (
          <img
            src={p.thumb.thumbUrl}
            alt={`问题 #${p.id} 整改前照片`}
            width={40}
            height={40}
            style={{ objectFit: "cover", borderRadius: 4 }}
          />
        ) : null,
    },
    { title: "类别", dataIndex: "categoryLabel", key: "category", width: 110 },
    {
      title: "位置",
      key: "place",
      minWidth: 120,
      responsive: ["md"],
      render: (_, p) => [p.courtyardName, p.buildingName].filter(Boolean).join(" "),
    },
    {
      title: "来源",
      dataIndex: "source",
      key: "source",
      width: 70,
      responsive: ["md"],
      render: (s: Row["source"]) => PROBLEM_SOURCE_LABELS[s],
    },
    {
      title: "状态",
      dataIndex: "state",
      key: "state",
      width: 90,
      render: (s: Row["state"]) => <StateTag state={s} />,
    },
    {
      title: "责任人",
      dataIndex: "assigneeName",
      key: "assignee",
      width: 80,
      responsive: ["md"],
      render: (n: string | null) => n ?? "—",
    },
    {
      title: "处置时限",
      key: "deadline",
      width: 150,
      render: (_, p) => <DeadlineText deadline={p.deadline} overdue={p.overdue} />,
    },
    {
      title: "发现时间",
      dataIndex: "createdAt",
      key: "createdAt",
      width: 130,
      responsive: ["lg"],
      render: (at: string) => formatTime(at, "YYYY-MM-DD HH:mm"),
    },
  ];

  const onTableChange: TableProps<Row>["onChange"] = (pagination) => {
    const size = pagination.pageSize ?? pageSize;
    show({ page: size === pageSize ? (pagination.current ?? 1) : 1, pageSize: size });
  };

  const startBatch = () => {
    const communities = new Set(selected.map((r) => r.communityId));
    if (communities.size > 1) {
      modal.warning({ title: "批量派遣", content: "请选择同一社区的问题一起派遣" });
      return;
    }
    setBatch({
      kind: "batch",
      communityId: selected[0]!.communityId,
      items: selected.map((r) => ({ id: r.id, version: r.version })),
    });
  };
  const showBatchResult = (result: BatchResult) => {
    const failed = result.results.filter((r) => !r.ok);
    setSelected([]);
    modal.info({
      title: `批量派遣：成功 ${result.succeeded} 条${failed.length > 0 ? `，未成功 ${failed.length} 条` : ""}`,
      content:
        failed.length > 0 ? (
          <ul style={{ paddingLeft: 18 }}>
            {failed.map((r) => (
              <li key={r.id}>
                #{r.id}：{r.message ?? "未成功"}
              </li>
            ))}
          </ul>
        ) : (
          "选中的问题均已派遣"
        ),
      okText: "知道了",
    });
  };

  const hasFilter = Object.values(filters).some((v) => v !== undefined);
  return (
    <Card
      title="问题整改"
      size="small"
      extra={
        <Space wrap>
          <RefreshButton queryKeys={[trpc.problem.pathKey()]} />
          {manages && (
            <Button icon={<SendOutlined aria-hidden />} disabled={selected.length === 0} onClick={startBatch}>
              批量派遣{selected.length > 0 ? `（${selected.length}）` : ""}
            </Button>
          )}
          {manages && (
            <Button
              icon={<FileExcelOutlined aria-hidden />}
              loading={pending === "ledger"}
              onClick={() => void download("ledger", () => client.problem.exportLedger.mutate(filters))}
            >
              导出整改台账
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tabOf(filters)}
        onChange={(key) => show({ filters: withTab(filters, key), page: 1 })}
        items={tabs.map((t) => ({
          key: t.key,
          label: (
            <span data-testid={`problem-tab-${t.key}`}>
              {t.label}
              {t.count !== undefined ? ` ${t.count}` : ""}
            </span>
          ),
        }))}
      />
      <ProblemFilterBar value={filters} onChange={(next) => show({ filters: next, page: 1 })} />
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      <Table<Row>
        rowKey="id"
        size={wide ? "middle" : "small"}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={listLoading(list)}
        scroll={wide ? { x: 1000 } : undefined}
        rowSelection={
          manages
            ? {
                selectedRowKeys: selected.map((r) => r.id),
                onChange: (_, rows) => setSelected(rows),
                // Only 待受理 problems can be 派遣ed.
                getCheckboxProps: (r) =>
                  ({ disabled: r.state !== "pending", "aria-label": `选择问题 #${r.id}` }) as object,
                // antd names it "Select all" in English whatever the locale.
                getTitleCheckboxProps: () => ({ "aria-label": "全选本页" }) as object,
              }
            : undefined
        }
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                hasFilter ? "没有符合条件的问题" : "还没有问题：居民随手拍、网格员巡查上报后显示在这里"
              }
            />
          ),
        }}
        onChange={onTableChange}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [...PAGE_SIZES],
          showTotal: (t) => `共 ${t} 条`,
        }}
      />
      {openId !== null && <ProblemDrawer id={openId} onClose={closeDrawer} />}
      {batch && <DispatchModal target={batch} onClose={() => setBatch(null)} onBatchDone={showBatchResult} />}
    </Card>
  );
}
