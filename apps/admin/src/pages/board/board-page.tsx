import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import {
  App,
  Button,
  Card,
  Empty,
  Grid,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
  type TableProps,
} from "antd";
import { CheckOutlined, CloseOutlined, PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import {
  BOARD_CATEGORY_LABELS,
  BOARD_KINDS,
  BOARD_KIND_LABELS,
  BOARD_SOURCE_LABELS,
  BOARD_STATE_LABELS,
  type BoardKind,
} from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { BoardStateTag, KindTag, windowText } from "./board-bits";
import { BoardDrawer } from "./board-drawer";
import { ReasonModal, useRefreshBoard } from "./board-modals";
import {
  PAGE_SIZES,
  readBoardView,
  tabOrder,
  writeBoardView,
  type BoardTab,
  type BoardView,
} from "./board-url";

type Row = NonNullable<ReturnType<typeof useListQuery>["data"]>["items"][number];

function useListQuery(view: BoardView) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.board.list.queryOptions({
      communityId: view.communityId,
      kind: view.kind,
      state: view.tab === "all" ? undefined : view.tab,
      page: view.page,
      pageSize: view.pageSize,
    }),
    placeholderData: keepPreviousData,
  });
}

interface Outcome {
  id: number;
  ok: boolean;
  message?: string;
}

/**
 * 黑白榜: the entries within the user's reach, a tab per state (待审核 first for admins), 榜别 and 社区
 * filters and the page in the address, the detail drawer (/board/:id), and for admins 审核通过 / 驳回
 * of the selected 待审核 entries, one call each, with what succeeded and what did not.
 */
export default function BoardPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().md !== false;
  const me = useMe();
  const moderates = can(me.data, "board.moderate");
  const { all: communities, allOptions } = useCommunities();
  const refresh = useRefreshBoard();
  const { id: openParam } = useParams();
  const openId = openParam && /^\d+$/.test(openParam) ? Number(openParam) : null;
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readBoardView(params, moderates), [params, moderates]);
  const show = (next: Partial<BoardView>) => setParams(writeBoardView({ ...view, ...next }, moderates));
  const list = useListQuery(view);
  const [selected, setSelected] = useState<Row[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [running, setRunning] = useState(false);

  // What was selected under another tab or page is not what the buttons would act on.
  useEffect(() => setSelected([]), [params]);

  const total = list.data?.total;
  useEffect(() => {
    if (total === undefined || list.isPlaceholderData) return;
    const last = Math.max(1, Math.ceil(total / view.pageSize));
    if (view.page > last) setParams(writeBoardView({ ...view, page: last }, moderates), { replace: true });
  }, [total, list.isPlaceholderData, view, moderates, setParams]);

  const search = params.toString();
  const closeDrawer = () => navigate({ pathname: "/board", search });

  /** Runs `move` on each selected entry in turn, then tells what succeeded and what did not, and why. */
  const runBatch = async (title: string, move: (row: Row) => Promise<unknown>) => {
    setRunning(true);
    const outcomes: Outcome[] = [];
    for (const row of selected) {
      try {
        await move(row);
        outcomes.push({ id: row.id, ok: true });
      } catch (error) {
        outcomes.push({ id: row.id, ok: false, message: errorMessage(error) });
      }
    }
    setRunning(false);
    setSelected([]);
    void refresh();
    const failed = outcomes.filter((o) => !o.ok);
    modal.info({
      title: `${title}：成功 ${outcomes.length - failed.length} 条${failed.length > 0 ? `，未成功 ${failed.length} 条` : ""}`,
      content:
        failed.length > 0 ? (
          <ul style={{ paddingLeft: 18 }} data-testid="board-batch-failures">
            {failed.map((o) => (
              <li key={o.id}>
                #{o.id}：{o.message ?? "未成功"}
              </li>
            ))}
          </ul>
        ) : (
          "选中的条目均已处理"
        ),
      okText: "知道了",
    });
  };

  const columns: TableColumnsType<Row> = [
    {
      title: "编号",
      dataIndex: "id",
      key: "id",
      width: 70,
      responsive: ["md"],
      render: (id: number) => `#${id}`,
    },
    {
      title: "标题",
      dataIndex: "title",
      key: "title",
      minWidth: 160,
      render: (text: string, r) => (
        <>
          {/* A block of its own: the line under it is not text the link sits in (axe link-in-text-block). */}
          <div>
            <Link to={{ pathname: `/board/${r.id}`, search }} style={{ color: "#0847b8" }}>
              {text}
            </Link>
          </div>
          {/* On a phone the 类别 and 楼院 columns are hidden: they go under the title. */}
          {!wide && (
            <div style={{ color: "rgba(0, 0, 0, 0.65)", fontSize: 13 }}>
              {BOARD_CATEGORY_LABELS[r.category]} · {r.courtyardName}
            </div>
          )}
        </>
      ),
    },
    {
      title: "榜别",
      dataIndex: "kind",
      key: "kind",
      width: 70,
      render: (k: BoardKind) => <KindTag kind={k} />,
    },
    {
      title: "类别",
      dataIndex: "category",
      key: "category",
      width: 100,
      responsive: ["md"],
      render: (c: Row["category"]) => BOARD_CATEGORY_LABELS[c],
    },
    { title: "楼院", dataIndex: "courtyardName", key: "courtyard", width: 120, responsive: ["md"] },
    {
      title: "对象",
      dataIndex: "subjectName",
      key: "subject",
      width: 100,
      responsive: ["md"],
      render: (n: string | null) => n ?? "—",
    },
    {
      title: "状态",
      dataIndex: "state",
      key: "state",
      width: 80,
      render: (s: Row["state"]) => <BoardStateTag state={s} />,
    },
    {
      title: "来源",
      dataIndex: "source",
      key: "source",
      width: 100,
      responsive: ["lg"],
      render: (s: Row["source"]) => BOARD_SOURCE_LABELS[s],
    },
    {
      title: "提名人",
      dataIndex: "proposerName",
      key: "proposer",
      width: 80,
      responsive: ["lg"],
      render: (n: string | null) => n ?? "—",
    },
    {
      title: "公示期",
      key: "window",
      width: 200,
      responsive: ["md"],
      render: (_, r) => (
        <>
          {windowText(r.startDate, r.endDate)}
          {r.inNotice && <div style={{ color: "#ad4e00" }}>申诉告知期至 {r.noticeUntil}</div>}
        </>
      ),
    },
    {
      title: "提交时间",
      dataIndex: "createdAt",
      key: "createdAt",
      width: 130,
      responsive: ["lg"],
      render: (at: string) => formatTime(at, "YYYY-MM-DD HH:mm"),
    },
  ];

  const onTableChange: TableProps<Row>["onChange"] = (pagination) => {
    const size = pagination.pageSize ?? view.pageSize;
    show({ page: size === view.pageSize ? (pagination.current ?? 1) : 1, pageSize: size });
  };

  const tabs = tabOrder(moderates).map((t) => ({
    value: t,
    label: t === "all" ? "全部" : BOARD_STATE_LABELS[t],
  }));
  const batching = moderates && view.tab === "pending";
  const hasFilter = view.tab !== "all" || view.kind !== undefined || view.communityId !== undefined;
  return (
    <Card
      title="黑白榜"
      size="small"
      extra={
        <Space wrap>
          <RefreshButton queryKeys={[trpc.board.pathKey()]} />
          <Button icon={<PlusOutlined aria-hidden />} onClick={() => navigate("/board/new")}>
            提名上榜
          </Button>
        </Space>
      }
    >
      {wide ? (
        <Tabs
          activeKey={view.tab}
          onChange={(key) => show({ tab: key as BoardTab, page: 1 })}
          items={tabs.map((t) => ({
            key: t.value,
            label: <span data-testid={`board-tab-${t.value}`}>{t.label}</span>,
          }))}
        />
      ) : null}
      <Space wrap style={{ marginBottom: 12 }}>
        {!wide && (
          <Select<BoardTab>
            aria-label="按状态筛选"
            style={{ width: 120 }}
            value={view.tab}
            options={tabs}
            onChange={(tab) => show({ tab, page: 1 })}
          />
        )}
        {communities.length > 1 && (
          <Select<number>
            placeholder="社区"
            aria-label="按社区筛选"
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            style={{ width: 200 }}
            value={view.communityId}
            options={allOptions}
            onChange={(communityId) => show({ communityId, page: 1 })}
          />
        )}
        <Select<BoardKind>
          placeholder="榜别"
          aria-label="按榜别筛选"
          allowClear
          style={{ width: 110 }}
          value={view.kind}
          options={BOARD_KINDS.map((k) => ({ value: k, label: BOARD_KIND_LABELS[k] }))}
          onChange={(kind) => show({ kind, page: 1 })}
        />
        {batching && (
          <>
            <Button
              type="primary"
              icon={<CheckOutlined aria-hidden />}
              disabled={selected.length === 0}
              loading={running}
              onClick={() =>
                void runBatch("批量审核通过", (r) =>
                  client.board.approve.mutate({ id: r.id, version: r.version }),
                )
              }
            >
              审核通过{selected.length > 0 ? `（${selected.length}）` : ""}
            </Button>
            <Button
              danger
              icon={<CloseOutlined aria-hidden />}
              disabled={selected.length === 0 || running}
              onClick={() => setRejecting(true)}
            >
              驳回{selected.length > 0 ? `（${selected.length}）` : ""}
            </Button>
          </>
        )}
      </Space>
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      <Table<Row>
        rowKey="id"
        size={wide ? "middle" : "small"}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={listLoading(list)}
        scroll={wide ? { x: 1100 } : undefined}
        rowSelection={
          batching
            ? {
                selectedRowKeys: selected.map((r) => r.id),
                onChange: (_, rows) => setSelected(rows),
                getCheckboxProps: (r) =>
                  ({ disabled: r.state !== "pending", "aria-label": `选择条目 #${r.id}` }) as object,
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
                hasFilter ? "没有符合条件的条目" : "还没有黑白榜条目：网格员提名、居民推荐后显示在这里"
              }
            />
          ),
        }}
        onChange={onTableChange}
        pagination={{
          current: view.page,
          pageSize: view.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [...PAGE_SIZES],
          showTotal: (t) => `共 ${t} 条`,
        }}
      />
      {openId !== null && <BoardDrawer id={openId} onClose={closeDrawer} />}
      {rejecting && (
        <ReasonModal
          title={`驳回选中的 ${selected.length} 条`}
          label="驳回原因"
          okText="驳回"
          placeholder="告知提名人的原因"
          onClose={() => setRejecting(false)}
          onSubmit={async (reason) => {
            setRejecting(false);
            await runBatch("批量驳回", (r) =>
              client.board.reject.mutate({ id: r.id, version: r.version, reason }),
            );
          }}
        />
      )}
    </Card>
  );
}
