import { lazy, Suspense, useState } from "react";
import { App, Button, Card, Descriptions, Popconfirm, Result, Space, Spin, Tag, Typography } from "antd";
import {
  ArrowLeftOutlined,
  EditOutlined,
  FileExcelOutlined,
  QrcodeOutlined,
  StopOutlined,
} from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ACTIVITY_KIND_LABELS, checkOutWindow } from "@chuangcheng/domain/rules";
import { activityTimeText } from "@chuangcheng/client";
import { activityPhase, PHASE_COLORS, PHASE_LABELS } from "../../lib/activity";
import { can, useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useDownload } from "../../lib/use-download";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { RefreshButton } from "../../lib/refresh-button";
import { skillsText } from "../../lib/volunteer-labels";
import { ActivityFormModal } from "./activity-form-modal";
import { ActivityRoster } from "./activity-roster";

// The QR code (and the qrcode library) loads only when the organiser opens it.
const QrCheckinModal = lazy(() => import("./qr-checkin-modal"));

/** Labels keep their width (never one character a line); values wrap within theirs. */
const DETAIL_STYLES = {
  label: { width: 96, flexShrink: 0, whiteSpace: "nowrap" },
  content: { minWidth: 0, overflowWrap: "anywhere" },
} as const;

/** One activity: its details, the roster with check-in/out and hours, the QR code and the 签到表. */
export default function ActivityDetailPage() {
  const id = Number(useParams().id);
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  const { managed } = useCommunities();
  const { download, pending } = useDownload();
  const [editing, setEditing] = useState(false);
  const [showQr, setShowQr] = useState(false);
  const valid = Number.isInteger(id) && id > 0;
  const detail = useQuery({ ...trpc.activity.detail.queryOptions({ id }), enabled: valid });

  const cancel = useMutation(
    trpc.activity.cancel.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.activity.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success("活动已取消");
      },
      onError: (error) => showError(error),
    }),
  );

  if (!valid || detail.isError) {
    return (
      <Result
        status="404"
        title="活动不存在"
        subTitle={valid ? errorMessage(detail.error) : undefined}
        extra={<Link to="/activities">返回活动管理</Link>}
      />
    );
  }
  const a = detail.data;
  if (!a) return <Spin style={{ display: "block", margin: "80px auto" }} />;

  const phase = activityPhase(a);
  const canManage = can(me.data, "activity.manage") && managed.some((c) => c.id === a.communityId);
  // The QR code checks in and out: offered until check-out closes (two hours after the end).
  const checkInOpen = a.status === "published" && checkOutWindow(a, new Date()).state !== "after";

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Link to="/activities">
        <ArrowLeftOutlined aria-hidden /> 返回活动管理
      </Link>
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{a.title}</span>
            <Tag color={PHASE_COLORS[phase]}>{PHASE_LABELS[phase]}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            <RefreshButton queryKeys={[trpc.activity.pathKey()]} />
            {checkInOpen && (
              <Button icon={<QrcodeOutlined aria-hidden />} onClick={() => setShowQr(true)}>
                扫码签到
              </Button>
            )}
            <Button
              icon={<FileExcelOutlined aria-hidden />}
              loading={pending === "sheet"}
              onClick={() => void download("sheet", () => client.activity.exportSignIn.query({ id: a.id }))}
            >
              导出签到表
            </Button>
            {canManage && a.status === "published" && (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                编辑
              </Button>
            )}
            {canManage && a.status === "published" && (
              <Popconfirm
                title="取消活动"
                description="取消后居民不能再报名，已报名的人将看到活动已取消。确定取消吗？"
                okText="取消活动"
                cancelText="不取消"
                okButtonProps={{ danger: true }}
                onConfirm={() => cancel.mutateAsync({ id: a.id }).catch(() => undefined)}
              >
                <Button danger icon={<StopOutlined aria-hidden />} loading={cancel.isPending}>
                  取消活动
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          styles={DETAIL_STYLES}
          items={[
            { key: "kind", label: "类型", children: ACTIVITY_KIND_LABELS[a.kind] },
            { key: "community", label: "社区", children: a.communityName },
            { key: "time", label: "时间", children: activityTimeText(a.startsAt, a.endsAt) },
            { key: "place", label: "地点", children: a.place || "—" },
            { key: "team", label: "志愿服务队", children: a.teamName ?? "不限" },
            {
              key: "capacity",
              label: "已报名/名额",
              children: `${a.signedCount}/${a.capacity}`,
            },
            { key: "skills", label: "所需技能", children: skillsText(a.skills) || "不限" },
          ]}
        />
        {/* 说明 has a row of its own: a long text wraps under its label instead of squeezing the others. */}
        <Descriptions
          size="small"
          column={1}
          styles={DETAIL_STYLES}
          items={[
            {
              key: "description",
              label: "说明",
              children: a.description ? (
                <Typography.Paragraph
                  data-testid="activity-description"
                  style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: 0 }}
                >
                  {a.description}
                </Typography.Paragraph>
              ) : (
                "—"
              ),
            },
          ]}
        />
      </Card>
      <Card size="small">
        <ActivityRoster activity={a} canManage={canManage} />
      </Card>
      {editing && <ActivityFormModal activity={a} onClose={() => setEditing(false)} />}
      {showQr && (
        <Suspense fallback={null}>
          <QrCheckinModal activityId={a.id} title={a.title} onClose={() => setShowQr(false)} />
        </Suspense>
      )}
    </Space>
  );
}
