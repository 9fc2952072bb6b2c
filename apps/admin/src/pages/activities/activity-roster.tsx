import { useState } from "react";
import {
  App,
  Button,
  Empty,
  Grid,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from "antd";
import { CheckCircleOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { formatTime, hoursText } from "@chuangcheng/client";
import { checkInWindow, checkOutWindow } from "@chuangcheng/domain/rules";
import { useNow } from "../../lib/use-now";
import { useTRPC, type ActivityDetail, type SignupRow } from "../../lib/trpc";
import { listLoading } from "../../lib/refresh-button";
import { HOURS_STATUS_COLORS, hoursStatusLabel } from "../../lib/volunteer-labels";
import { AdjustHoursModal } from "./adjust-hours-modal";

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const at = (iso: string) => formatTime(iso, "MM-DD HH:mm");

/**
 * Why 签到 / 签退 cannot be pressed now, or null when they can: the domain's windows (check-in from an
 * hour before the start until the end, check-out until two hours after), which the server enforces too.
 */
function attendanceHints(activity: ActivityDetail, now: Date) {
  const checkIn = checkInWindow(activity, now);
  const checkOut = checkOutWindow(activity, now);
  return {
    in:
      checkIn.state === "before"
        ? `签到将于 ${at(checkIn.opensAt)} 开放（活动开始前1小时）`
        : checkIn.state === "after"
          ? `签到已于 ${at(checkIn.closesAt)} 结束（活动结束时）`
          : null,
    out: checkOut.state === "after" ? `签退已于 ${at(checkOut.closesAt)} 截止，可用“调整”补录时长` : null,
  };
}

/**
 * The activity's roster: 签到 / 签退 per row (activity.attend), the minutes they give, and for organisers
 * 确认时长 (selected rows) and 调整 (one row, with a reason).
 */
export function ActivityRoster({ activity, canManage }: { activity: ActivityDetail; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const wide = Grid.useBreakpoint().md !== false;
  const [selected, setSelected] = useState<number[]>([]);
  const [adjusting, setAdjusting] = useState<SignupRow | null>(null);
  const roster = useQuery(trpc.activity.roster.queryOptions({ id: activity.id }));
  const hints = attendanceHints(activity, useNow());
  const rows = roster.data ?? [];
  const live = activity.status === "published";
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.activity.roster.queryKey({ id: activity.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.volunteer.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
    ]);
  const attend = useMutation(
    trpc.activity.attend.mutationOptions({
      onSuccess: async (res, input) => {
        await refresh();
        void message.success(
          input.kind === "in"
            ? "已签到"
            : `已签退，计 ${res.minutes ?? 0} 分钟（${hoursText(res.minutes ?? 0)}）`,
        );
      },
      onError: (error) => showError(error),
    }),
  );
  const confirm = useMutation(
    trpc.activity.confirmHours.mutationOptions({
      onSuccess: async (res, input) => {
        await refresh();
        setSelected((s) => s.filter((id) => !input.signupIds.includes(id)));
        setAdjusting(null);
        void message.success(input.minutes === undefined ? `已确认 ${res.count} 人的时长` : "已调整时长");
      },
    }),
  );

  const busy = (id: number, kind: "in" | "out") =>
    attend.isPending && attend.variables?.signupId === id && attend.variables.kind === kind;
  const confirmable = (r: SignupRow) => r.status === "signed" && r.hoursStatus === "pending";
  const selectedRows = rows.filter((r) => selected.includes(r.signupId) && confirmable(r));

  const columns: TableColumnsType<SignupRow> = [
    {
      title: "姓名",
      dataIndex: "name",
      key: "name",
      width: 110,
      render: (name: string, r) => (
        <Space size={4} wrap>
          <span>{name}</span>
          {r.status === "cancelled" && <Tag>已取消</Tag>}
        </Space>
      ),
    },
    { title: "手机号", dataIndex: "mobile", key: "mobile", width: 120, responsive: ["md"] },
    {
      title: "报名时间",
      dataIndex: "signedAt",
      key: "signedAt",
      width: 120,
      responsive: ["lg"],
      render: (at: string) => formatTime(at, "MM-DD HH:mm"),
    },
    {
      title: "签到",
      key: "in",
      width: 110,
      render: (_, r) =>
        r.checkInAt ? (
          <span data-testid={`checkin-time-${r.signupId}`}>{formatTime(r.checkInAt, "HH:mm:ss")}</span>
        ) : r.status === "signed" && live ? (
          <Tooltip title={hints.in}>
            <Button
              size="small"
              aria-label={`签到 ${r.name}`}
              disabled={hints.in !== null}
              loading={busy(r.signupId, "in")}
              onClick={() => attend.mutate({ signupId: r.signupId, kind: "in" })}
            >
              签到
            </Button>
          </Tooltip>
        ) : (
          dash
        ),
    },
    {
      title: "签退",
      key: "out",
      width: 110,
      render: (_, r) =>
        r.checkOutAt ? (
          formatTime(r.checkOutAt, "HH:mm:ss")
        ) : r.checkInAt && r.status === "signed" && live ? (
          <Tooltip title={hints.out}>
            <Button
              size="small"
              aria-label={`签退 ${r.name}`}
              disabled={hints.out !== null}
              loading={busy(r.signupId, "out")}
              onClick={() => attend.mutate({ signupId: r.signupId, kind: "out" })}
            >
              签退
            </Button>
          </Tooltip>
        ) : (
          dash
        ),
    },
    {
      title: "时长",
      key: "minutes",
      width: 130,
      render: (_, r) =>
        r.minutes === null ? (
          dash
        ) : (
          <span>
            {hoursText(r.minutes)}
            <Typography.Text type="secondary">（{r.minutes}分钟）</Typography.Text>
            {r.checkOutAt !== null && r.checkOutAt <= activity.startsAt && (
              <Tooltip title="签退时活动尚未开始：时长只计活动时间之内的部分，可用“调整”补录">
                <Typography.Text type="warning" style={{ display: "block", fontSize: 12 }}>
                  活动开始前签退
                </Typography.Text>
              </Tooltip>
            )}
          </span>
        ),
    },
    {
      title: "时长状态",
      key: "hours",
      width: 190,
      render: (_, r) =>
        r.status === "cancelled" ? (
          dash
        ) : (
          <Space size={4} wrap data-testid={`hours-${r.signupId}`}>
            <Tag color={HOURS_STATUS_COLORS[r.hoursStatus]}>{hoursStatusLabel(r)}</Tag>
            {r.hoursStatus === "confirmed" && r.confirmedMinutes !== null && (
              <span>{hoursText(r.confirmedMinutes)}</span>
            )}
            {r.adjustReason && (
              <Tooltip title={`调整原因：${r.adjustReason}`}>
                <Tag color="purple">已调整</Tag>
              </Tooltip>
            )}
          </Space>
        ),
    },
    ...(canManage
      ? [
          {
            title: "操作",
            key: "actions",
            width: 80,
            render: (_: unknown, r: SignupRow) =>
              r.status === "signed" && live ? (
                <Button
                  type="link"
                  size="small"
                  aria-label={`调整 ${r.name}`}
                  onClick={() => setAdjusting(r)}
                >
                  调整
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const pendingCount = rows.filter(confirmable).length;
  return (
    <div>
      <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap", marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          报名名单
        </Typography.Title>
        <Typography.Text type="secondary">
          已报名 {rows.filter((r) => r.status === "signed").length} 人，已签到{" "}
          {rows.filter((r) => r.checkInAt).length} 人，待确认时长 {pendingCount} 人
        </Typography.Text>
        {canManage && (
          <Button
            type="primary"
            icon={<CheckCircleOutlined aria-hidden />}
            style={{ marginLeft: "auto" }}
            disabled={selectedRows.length === 0 || !live}
            loading={confirm.isPending && confirm.variables.minutes === undefined}
            onClick={() =>
              confirm
                .mutateAsync({ signupIds: selectedRows.map((r) => r.signupId) })
                .catch((error: unknown) => showError(error))
            }
          >
            确认时长{selectedRows.length > 0 ? `（${selectedRows.length}人）` : ""}
          </Button>
        )}
      </div>
      {roster.isError && (
        <Typography.Paragraph type="danger">{errorMessage(roster.error)}</Typography.Paragraph>
      )}
      <Table<SignupRow>
        rowKey="signupId"
        size={wide ? "middle" : "small"}
        columns={columns}
        dataSource={rows}
        loading={listLoading(roster)}
        scroll={{ x: wide ? 960 : 640 }}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        rowSelection={
          canManage
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(Number)),
                getCheckboxProps: (r) =>
                  ({ disabled: !confirmable(r) || !live, "aria-label": `选择 ${r.name}` }) as object,
                // antd names it "Select all" in English whatever the locale.
                getTitleCheckboxProps: () => ({ "aria-label": "全选本页" }) as object,
              }
            : undefined
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有人报名" /> }}
      />
      {canManage && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          时长按签到至签退计算，只计活动时间之内的部分；勾选“待确认”的记录后点“确认时长”，确认后计入志愿者累计时长。
        </Typography.Paragraph>
      )}
      {adjusting && (
        <AdjustHoursModal
          row={adjusting}
          activity={activity}
          pending={confirm.isPending}
          onClose={() => setAdjusting(null)}
          onSubmit={(v) => confirm.mutateAsync({ signupIds: [adjusting.signupId], ...v })}
        />
      )}
    </div>
  );
}
