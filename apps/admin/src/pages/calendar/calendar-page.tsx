import { useState } from "react";
import {
  App,
  Button,
  Card,
  Empty,
  Grid,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from "antd";
import { DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, RightOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { chinaToday } from "@chuangcheng/client";
import {
  DEFAULT_DUTY_RULES,
  DUTY_CADENCE_LABELS,
  cadenceOf,
  periodDays,
  type DutyCadence,
} from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { listLoading, RefreshButton } from "../../lib/refresh-button";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { positiveInt } from "../../lib/url-values";
import {
  countsAsText,
  currentPeriod,
  shiftPeriod,
  switchCadence,
  viewOf,
  viewTitle,
} from "./calendar-labels";
import type { DutyCellData, DutyRule } from "./calendar-types";
import { DutyCellView, type CellAbilities } from "./duty-cell";
import { DutyModal } from "./duty-modal";
import { MonthGrid } from "./month-grid";
import { TickModal } from "./tick-modal";
import "./calendar.css";

const VIEW_OPTIONS: Array<{ value: DutyCadence; label: string }> = [
  { value: "month", label: "月" },
  { value: "quarter", label: "季度" },
];

/** The three months of a quarter key (2026-Q4 → 2026-10, 2026-11, 2026-12). */
function monthsOfQuarter(quarter: string): string[] {
  const first = periodDays(quarter).first.slice(0, 7);
  return [0, 1, 2].map((i) => shiftPeriod(first, i));
}

/**
 * 常态工作日历: a 社区's recurring duties (道德讲堂 每月 2 次, 宣传栏更新 每季度 …) month by month or
 * quarter by quarter, each period 已完成 / 待完成 / 已逾期 / 未开始 from the records that count; the
 * 社区's admins edit the rules, and a manual duty is ticked (打卡) with photos. The address keeps the
 * 社区 and the period (?community=3&period=2026-12), as the reminders link to it.
 */
export default function CalendarPage() {
  const trpc = useTRPC();
  const me = useMe();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const { all, allOptions, isPending: treePending } = useCommunities();
  const [params, setParams] = useSearchParams();
  const today = chinaToday();
  const asked = positiveInt(params.get("community"));
  const communityId = all.find((c) => c.id === asked)?.id ?? all[0]?.id;
  const view = viewOf(params.get("period"), today);
  const cadence = cadenceOf(view) ?? "month";
  const wide = Grid.useBreakpoint().md !== false;
  const ruleWidth = wide ? 240 : 132;
  const monthWidth = wide ? 280 : 200;
  const [editing, setEditing] = useState<{ rule: DutyRule | null }>();
  const [ticking, setTicking] = useState<{ rule: DutyRule; cell: DutyCellData }>();

  const go = (patch: { community?: number; period?: string }) => {
    const community = patch.community ?? communityId;
    setParams({
      ...(community !== undefined ? { community: String(community) } : {}),
      period: patch.period ?? view,
    });
  };

  const calendar = useQuery(
    trpc.campaign.calendar.queryOptions(
      { communityId: communityId ?? 0, view },
      { enabled: communityId !== undefined, placeholderData: keepPreviousData },
    ),
  );
  const data = calendar.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaign.calendar.pathKey() });
  const install = useMutation(
    trpc.campaign.installDefaultDuties.mutationOptions({
      onSuccess: async (res) => {
        await refresh();
        void message.success(`已添加 ${res.added} 项默认常态工作`);
      },
      onError: (error) => showError(error),
    }),
  );
  const remove = useMutation(
    trpc.campaign.removeDuty.mutationOptions({
      onSuccess: async (res) => {
        await refresh();
        void message.success(res.archived ? "已归档：该工作有打卡记录，记录保留备查" : "已删除");
      },
      onError: (error) => showError(error),
    }),
  );

  const mayEdit = data?.mayEdit ?? false;
  const abilities: CellAbilities = {
    meId: me.data?.id,
    mayEdit,
    activityLinks: can(me.data, "activity.checkin"),
    editionLinks: can(me.data, "board.moderate"),
    communityId: communityId ?? 0,
  };
  const cellOf = (rule: DutyRule, cell: DutyCellData | undefined, showLabel: boolean) =>
    cell ? (
      <DutyCellView
        rule={rule}
        cell={cell}
        showLabel={showLabel}
        abilities={abilities}
        onTick={() => setTicking({ rule, cell })}
      />
    ) : null;

  // A month view: one column, a quarterly rule's cell naming its quarter. A quarter view: a column a
  // month, a quarterly rule's cell across all three.
  const periodColumns: TableColumnsType<DutyRule> =
    cadence === "month"
      ? [
          {
            title: viewTitle(view),
            key: view,
            render: (_, rule) => cellOf(rule, rule.cells[0], rule.cells[0]?.period !== view),
          },
        ]
      : monthsOfQuarter(view).map((month, i) => ({
          title: `${Number(month.slice(5))}月`,
          key: month,
          // Three equal columns, whatever each holds.
          width: monthWidth,
          onCell: (rule: DutyRule) => (rule.cadence === "quarter" ? { colSpan: i === 0 ? 3 : 0 } : {}),
          render: (_: unknown, rule: DutyRule) =>
            rule.cadence === "quarter"
              ? i === 0
                ? cellOf(rule, rule.cells[0], true)
                : null
              : cellOf(
                  rule,
                  rule.cells.find((c) => c.period === month),
                  false,
                ),
        }));

  const columns: TableColumnsType<DutyRule> = [
    {
      title: "常态工作",
      key: "rule",
      width: ruleWidth,
      render: (_, rule) => (
        <div className="duty-rule" data-testid={`duty-rule-${rule.id}`}>
          <div className="duty-rule-title">{rule.title}</div>
          <div>
            {DUTY_CADENCE_LABELS[rule.cadence]} {rule.times} 次
          </div>
          <div className="duty-muted">责任人：{rule.responsible?.name ?? "社区管理员"}</div>
          <div className="duty-muted">完成方式：{countsAsText(rule)}</div>
          {rule.forResidents && <div className="duty-muted">向居民公布</div>}
        </div>
      ),
    },
    ...periodColumns,
    ...(mayEdit
      ? [
          {
            title: "操作",
            key: "actions",
            width: 96,
            render: (_: unknown, rule: DutyRule) => (
              <Space orientation="vertical" size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined aria-hidden />}
                  aria-label={`编辑 ${rule.title}`}
                  onClick={() => setEditing({ rule })}
                >
                  编辑
                </Button>
                <Popconfirm
                  title="删除常态工作"
                  description={`删除“${rule.title}”？有打卡记录的工作将归档，记录保留。`}
                  okText="删除"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutateAsync({ id: rule.id }).catch(() => undefined)}
                >
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={`删除 ${rule.title}`}
                  >
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const unit = cadence === "month" ? "月" : "季度";
  const isCurrent = view === currentPeriod(cadence, today);
  const toolbar = (
    <div className="duty-toolbar">
      {all.length > 1 ? (
        <Select<number>
          aria-label="社区"
          style={{ width: 220 }}
          showSearch={{ optionFilterProp: "label" }}
          value={communityId}
          options={allOptions}
          onChange={(id) => go({ community: id })}
        />
      ) : (
        data && <strong>{data.community.name}</strong>
      )}
      <Segmented<DutyCadence>
        aria-label="视图"
        value={cadence}
        options={VIEW_OPTIONS}
        onChange={(c) => go({ period: switchCadence(view, c, today) })}
      />
      <Space size={4}>
        <Button
          icon={<LeftOutlined aria-hidden />}
          aria-label={`上一${unit}`}
          onClick={() => go({ period: shiftPeriod(view, -1) })}
        />
        <span className="duty-view-title" aria-live="polite" data-testid="duty-view-title">
          {viewTitle(view)}
        </span>
        <Button
          icon={<RightOutlined aria-hidden />}
          aria-label={`下一${unit}`}
          onClick={() => go({ period: shiftPeriod(view, 1) })}
        />
      </Space>
      <Button disabled={isCurrent} onClick={() => go({ period: currentPeriod(cadence, today) })}>
        {cadence === "month" ? "本月" : "本季度"}
      </Button>
    </div>
  );

  const empty = () => {
    if (!data) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="加载中…" />;
    if (data.defaultsAvailable) {
      return (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div>{data.community.name}还没有常态工作。</div>
              <div>可先使用默认的常态工作（道德讲堂、红黑榜、宣传栏更新等），再逐项修改。</div>
            </>
          }
        >
          <Space>
            <Button
              type="primary"
              loading={install.isPending}
              onClick={() => communityId !== undefined && install.mutate({ communityId })}
            >
              使用默认常态工作（{DEFAULT_DUTY_RULES.length}项）
            </Button>
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setEditing({ rule: null })}>
              新增常态工作
            </Button>
          </Space>
        </Empty>
      );
    }
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          data.mayEdit
            ? "还没有常态工作，点击“新增常态工作”添加"
            : "本社区还没有设置常态工作，请联系社区管理员"
        }
      />
    );
  };

  const noCommunity = !treePending && all.length === 0;
  return (
    <Card
      title="常态工作日历"
      size="small"
      extra={
        <Space>
          <RefreshButton queryKeys={[trpc.campaign.calendar.pathKey()]} />
          {mayEdit && (data?.rules.length ?? 0) > 0 && (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setEditing({ rule: null })}
            >
              新增常态工作
            </Button>
          )}
        </Space>
      }
    >
      {noCommunity ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="您的账号不属于任何社区，无法查看常态工作" />
      ) : (
        <>
          {toolbar}
          {calendar.isError && (
            <Typography.Paragraph type="danger">{errorMessage(calendar.error)}</Typography.Paragraph>
          )}
          <div data-testid="duty-table">
            <Table<DutyRule>
              rowKey="id"
              size="middle"
              bordered
              columns={columns}
              dataSource={data?.rules ?? []}
              loading={communityId === undefined ? treePending : listLoading(calendar)}
              pagination={false}
              scroll={{
                x:
                  ruleWidth +
                  (cadence === "month" ? (wide ? 520 : 220) : 3 * monthWidth) +
                  (mayEdit ? 96 : 0),
              }}
              locale={{ emptyText: empty() }}
            />
          </div>
          {cadence === "month" && data && data.rules.length > 0 && (
            <MonthGrid month={view} today={data.today} rules={data.rules} />
          )}
        </>
      )}
      {editing && communityId !== undefined && (
        <DutyModal
          communityId={communityId}
          communityName={data?.community.name ?? ""}
          rule={editing.rule}
          onClose={() => setEditing(undefined)}
        />
      )}
      {ticking && <TickModal rule={ticking.rule} cell={ticking.cell} onClose={() => setTicking(undefined)} />}
    </Card>
  );
}
