import { useMemo, useState } from "react";
import { Button, Empty, Segmented, Select, Space, Spin, Table, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { chinaToday } from "@chuangcheng/client";
import { SUPERVISION_COLOURS, TASK_STATES } from "@chuangcheng/domain/rules";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { oneOf, positiveInt } from "../../lib/url-values";
import { isOpenTask } from "./task-bits";
import { TaskDrawer } from "./task-drawer";
import { TaskFormModal, type TaskFormTarget } from "./task-form-modal";
import { TaskExcelButtons } from "./task-excel-buttons";
import { TaskBoard } from "./task-board";
import { taskColumns } from "./task-columns";
import { TaskAssignModal } from "./task-assign-modal";
import { TaskFilters } from "./task-filters";
import { TaskTimeline } from "./task-timeline";
import { choicesOf, filterTasks, hasFilter, nestTasks, type TaskFilter, type TreeRow } from "./task-tree";

type TreeTask = inferOutput<ReturnType<typeof useTRPC>["task"]["tree"]>["tasks"][number];

const VIEWS = ["tree", "board", "timeline"] as const;
const VIEW_OPTIONS = [
  { value: "tree" as const, label: "树状" },
  { value: "board" as const, label: "看板" },
  { value: "timeline" as const, label: "时间轴" },
];

/**
 * 任务分解: a campaign's tasks as a tree with roll-up bars (each parent's bar is the share of its leaf
 * tasks done), or, once a filter is set, as a flat list of the matching tasks. The campaign, the
 * filters and the open task live in the address, so a notice's link opens the right task.
 */
export default function TaskTreePage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const campaigns = useQuery(trpc.campaign.list.queryOptions());
  const campaignId = positiveInt(params.get("campaign")) ?? campaigns.data?.[0]?.id;
  const campaign = campaigns.data?.find((c) => c.id === campaignId);
  const tree = useQuery({
    ...trpc.task.tree.queryOptions({ campaignId: campaignId ?? 0 }),
    enabled: campaignId !== undefined,
  });
  const openId = positiveInt(params.get("task"));
  const [form, setForm] = useState<TaskFormTarget | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState(false);
  const today = chinaToday();

  const filter: TaskFilter = {
    unitId: positiveInt(params.get("unit")),
    assigneeId: positiveInt(params.get("person")),
    state: oneOf(TASK_STATES, params.get("state")),
    colour: oneOf([...SUPERVISION_COLOURS, "none"] as const, params.get("colour")),
    dueFrom: params.get("from") ?? undefined,
    dueTo: params.get("to") ?? undefined,
  };
  const set = (patch: Record<string, string | number | undefined | null>) =>
    setParams(
      (p) => {
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || v === null || v === "") p.delete(k);
          else p.set(k, String(v));
        }
        return p;
      },
      { replace: true },
    );

  const tasks = useMemo(() => tree.data?.tasks ?? [], [tree.data]);
  const filtering = hasFilter(filter);
  const view = oneOf(VIEWS, params.get("view")) ?? "tree";
  const rows = useMemo(
    () => (filtering ? filterTasks(tasks, filter) : nestTasks(tasks)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filter is rebuilt from params each render
    [tasks, filtering, params],
  );
  const choices = useMemo(() => choicesOf(tasks), [tasks]);
  const byId = useMemo(() => new Map(tasks.map((t) => [t.id, t])), [tasks]);

  const split = (t: TreeTask) =>
    campaign &&
    setForm({
      kind: "create",
      campaignId: campaign.id,
      scopeUnitId: campaign.scope.id,
      parent: { id: t.id, title: t.title, unitId: t.unit.id, dueOn: t.dueOn },
    });

  const columns = taskColumns<TreeTask>({
    today,
    mayCreate: !!tree.data?.mayCreate,
    onOpen: (id) => set({ task: id }),
    onSplit: split,
  });

  const open = openId !== undefined ? byId.get(openId) : undefined;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8, flexWrap: "wrap" }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          任务分解
        </Typography.Title>
        <Select<number>
          aria-label="创城活动"
          style={{ minWidth: 240 }}
          placeholder="选择创城活动"
          loading={campaigns.isPending}
          value={campaignId}
          options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(id) => set({ campaign: id, task: undefined })}
        />
        <RefreshButton queryKeys={[trpc.task.tree.pathKey()]} />
        {tree.data?.mayCreate && campaign && (
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() =>
              setForm({
                kind: "create",
                campaignId: campaign.id,
                scopeUnitId: campaign.scope.id,
                parent: null,
              })
            }
          >
            新建任务
          </Button>
        )}
      </div>
      {tree.data?.mayCreate && campaign && <TaskExcelButtons campaignId={campaign.id} filter={filter} />}
      <TaskFilters filter={filter} choices={choices} onChange={set} />
      {campaigns.data && campaigns.data.length === 0 && <Empty description="还没有创城活动" />}
      {tree.isError && <Typography.Paragraph type="danger">{errorMessage(tree.error)}</Typography.Paragraph>}
      {tree.isPending && campaignId !== undefined && <Spin />}
      {tree.data && (
        <>
          <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
            <Typography.Text type="secondary" data-testid="task-count" style={{ flex: 1 }}>
              {filtering ? `筛选出 ${rows.length} 项任务` : `共 ${tasks.length} 项任务`}
            </Typography.Text>
            {view === "tree" && selected.length > 0 && (
              <Button onClick={() => setAssigning(true)}>批量指派（{selected.length}）</Button>
            )}
            <Segmented
              aria-label="显示方式"
              options={VIEW_OPTIONS}
              value={view}
              onChange={(v) => set({ view: v === "tree" ? undefined : v })}
            />
          </div>
          {view === "board" && (
            <TaskBoard tasks={filterTasks(tasks, filter)} onOpen={(id) => set({ task: id })} />
          )}
          {view === "timeline" && (
            <TaskTimeline tasks={filterTasks(tasks, filter)} onOpen={(id) => set({ task: id })} />
          )}
          {view === "tree" && (
            <Table<TreeRow<TreeTask>>
              rowKey="id"
              rowSelection={
                tree.data.mayCreate
                  ? {
                      selectedRowKeys: selected,
                      onChange: (keys) => setSelected(keys as number[]),
                      checkStrictly: true,
                      getCheckboxProps: (t) => ({
                        disabled: !isOpenTask(t.state),
                        "aria-label": `选择 ${t.title}`,
                      }),
                    }
                  : undefined
              }
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={filtering ? { pageSize: 50, showSizeChanger: false } : false}
              expandable={{
                // Open unless folded by hand: tasks imported or split later show under their parents.
                expandedRowKeys: tasks.filter((t) => !collapsed.has(t.id)).map((t) => t.id),
                onExpand: (expanded, t) =>
                  setCollapsed((c) => {
                    const next = new Set(c);
                    if (expanded) next.delete(t.id);
                    else next.add(t.id);
                    return next;
                  }),
              }}
              scroll={{ x: 900 }}
              locale={{ emptyText: <Empty description={filtering ? "没有符合条件的任务" : "还没有任务"} /> }}
              data-testid="task-tree"
            />
          )}
        </>
      )}
      {openId !== undefined && (
        <TaskDrawer
          id={openId}
          onClose={() => set({ task: undefined })}
          extra={(t) => (
            <>
              {t.mayEdit && campaign && (
                <TaskEditButton
                  taskId={t.id}
                  campaign={campaign}
                  parentUnitId={open?.parentId ? (byId.get(open.parentId)?.unit.id ?? null) : null}
                  onEdit={setForm}
                />
              )}
              {tree.data?.mayCreate && open && isOpenTask(open.state) && open.depth < 4 && (
                <Button onClick={() => split(open)}>拆分子任务</Button>
              )}
            </>
          )}
        />
      )}
      {assigning && (
        <TaskAssignModal
          tasks={selected.flatMap((id) => byId.get(id) ?? [])}
          onClose={() => {
            setAssigning(false);
            setSelected([]);
          }}
        />
      )}
      {form && <TaskFormModal target={form} onClose={() => setForm(null)} />}
    </Space>
  );
}

/** 编辑, with the fields as task.detail gives them (the tree row lacks the description and links). */
function TaskEditButton({
  taskId,
  campaign,
  parentUnitId,
  onEdit,
}: {
  taskId: number;
  campaign: { id: number; scope: { id: number } };
  parentUnitId: number | null;
  onEdit: (t: TaskFormTarget) => void;
}) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.task.detail.queryOptions({ id: taskId }));
  return (
    <Button
      disabled={!detail.data}
      onClick={() =>
        detail.data &&
        onEdit({
          kind: "edit",
          campaignId: campaign.id,
          scopeUnitId: campaign.scope.id,
          task: detail.data,
          parentUnitId,
        })
      }
    >
      编辑
    </Button>
  );
}
