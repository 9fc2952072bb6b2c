import { useState } from "react";
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Rate,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { EyeOutlined, UsergroupAddOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { ACTIVITY_KIND_LABELS, SIGNUP_STATUS_LABELS, type ActivityKind } from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { formatTime } from "@chuangcheng/client";
import { useTRPC, type VolunteerDetail } from "../../lib/trpc";
import {
  genderLabel,
  HOURS_STATUS_COLORS,
  hoursStatusLabel,
  politicalLabel,
  serviceTimesText,
  skillsText,
  VOLUNTEER_STATUS_COLORS,
  volunteerStatusLabel,
} from "../../lib/volunteer-labels";
import { MinorTag } from "./review-detail";
import { CertificateModal } from "./certificate-modal";

type HistoryRow = VolunteerDetail["activities"][number];

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/** The roster's detail drawer (volunteer.detail): the registration, star level, teams and activities. */
export function VolunteerDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  const [fullId, setFullId] = useState<string | null>(null);
  const [certificate, setCertificate] = useState(false);
  const detail = useQuery(trpc.volunteer.detail.queryOptions({ id }));
  const reveal = useMutation(
    trpc.volunteer.revealIdNumber.mutationOptions({
      onSuccess: (res) => {
        setFullId(res.idNumber);
        void queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() });
      },
      onError: (error) => showError(error),
    }),
  );

  const confirmReveal = () =>
    modal.confirm({
      title: "查看完整身份证号",
      content: "查看完整身份证号将记录在操作日志中（查看人、时间、志愿者）。确定查看吗？",
      okText: "查看",
      cancelText: "取消",
      onOk: () => reveal.mutateAsync({ id }).catch(() => undefined),
    });

  // 安排入队: the preferred 志愿服务队, chosen when registering, joined with one click once 已注册.
  const join = useMutation(
    trpc.volunteer.teams.setMember.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.volunteer.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() }),
        ]);
        void message.success("已安排加入意向服务队");
      },
      onError: (error) => showError(error),
    }),
  );

  const v = detail.data;
  const canManage = can(me.data, "volunteer.manage");
  const canOpenActivity = can(me.data, "activity.checkin");

  const historyColumns: TableColumnsType<HistoryRow> = [
    {
      title: "活动",
      dataIndex: "title",
      key: "title",
      render: (title: string, a) =>
        canOpenActivity ? <Link to={`/activities/${a.activityId}`}>{title}</Link> : title,
    },
    {
      title: "类型",
      dataIndex: "kind",
      key: "kind",
      width: 80,
      render: (k: ActivityKind) => ACTIVITY_KIND_LABELS[k],
    },
    {
      title: "时间",
      dataIndex: "startsAt",
      key: "startsAt",
      width: 110,
      render: (at: string) => formatTime(at, "YYYY-MM-DD"),
    },
    {
      title: "状态",
      key: "status",
      width: 90,
      render: (_, a) =>
        a.signupStatus === "cancelled" ? (
          <Tag>{SIGNUP_STATUS_LABELS[a.signupStatus]}</Tag>
        ) : (
          <Tag color={HOURS_STATUS_COLORS[a.hoursStatus]}>{hoursStatusLabel(a)}</Tag>
        ),
    },
    { title: "时长", dataIndex: "hours", key: "hours", width: 80, render: (h: number) => `${h} 小时` },
  ];

  return (
    <Drawer
      title={v?.name ?? "志愿者详情"}
      open
      onClose={onClose}
      size={640}
      destroyOnHidden
      extra={
        v && canManage && v.status === "registered" ? (
          <Button onClick={() => setCertificate(true)}>开具证明</Button>
        ) : null
      }
    >
      {certificate && v && (
        <CertificateModal volunteerId={v.id} name={v.name ?? ""} onClose={() => setCertificate(false)} />
      )}
      {detail.isPending && <Spin />}
      {detail.isError && (
        <Typography.Paragraph type="danger">{errorMessage(detail.error)}</Typography.Paragraph>
      )}
      {v && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Descriptions
            size="small"
            bordered
            column={1}
            styles={{ label: { width: 110 } }}
            items={[
              { key: "name", label: "姓名", children: v.name ?? "（已注销）" },
              {
                key: "status",
                label: "状态",
                children: (
                  <Space wrap>
                    <Tag color={VOLUNTEER_STATUS_COLORS[v.status]}>{volunteerStatusLabel(v.status)}</Tag>
                    {v.rejectReason && <span>驳回原因：{v.rejectReason}</span>}
                  </Space>
                ),
              },
              { key: "gender", label: "性别", children: genderLabel(v.gender) ?? dash },
              {
                key: "age",
                label: "年龄",
                children: (
                  <Space size={4}>
                    {v.age ?? dash}
                    <MinorTag isMinor={v.isMinor} guardianConsent={v.guardianConsent} />
                  </Space>
                ),
              },
              {
                key: "idNumber",
                label: "身份证号",
                children: v.idNumber ? (
                  <Space wrap>
                    <span className="mono" data-testid="volunteer-id-number">
                      {fullId ?? v.idNumber}
                    </span>
                    {fullId && <Typography.Text type="secondary">已记入操作日志</Typography.Text>}
                    {canManage && !fullId && (
                      <Button
                        size="small"
                        icon={<EyeOutlined aria-hidden />}
                        loading={reveal.isPending}
                        onClick={confirmReveal}
                      >
                        查看完整身份证号
                      </Button>
                    )}
                  </Space>
                ) : (
                  dash
                ),
              },
              { key: "mobile", label: "手机号", children: v.mobile ?? dash },
              {
                key: "place",
                label: "网格/楼院",
                children: [v.gridName, v.courtyardName].filter(Boolean).join(" / ") || dash,
              },
              { key: "political", label: "政治面貌", children: politicalLabel(v.politicalStatus) ?? dash },
              { key: "skills", label: "服务技能", children: skillsText(v.skills) || dash },
              { key: "times", label: "服务时间", children: serviceTimesText(v.serviceTimes) || dash },
              {
                key: "submitted",
                label: "提交时间",
                children: formatTime(v.submittedAt, "YYYY-MM-DD HH:mm"),
              },
              {
                key: "registered",
                label: "注册时间",
                children: v.registeredAt ? formatTime(v.registeredAt, "YYYY-MM-DD HH:mm") : dash,
              },
              { key: "hours", label: "累计时长", children: `${v.hours} 小时（已确认）` },
              {
                key: "star",
                label: "星级",
                children: (
                  <Space wrap>
                    <Rate disabled count={5} value={v.star.stars} style={{ fontSize: 14 }} />
                    <span>{v.star.label}</span>
                    <Typography.Text type="secondary">
                      {v.star.toNext === null ? "已达最高星级" : `距下一星级还需 ${v.star.toNext} 小时`}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                key: "preferredTeam",
                label: "意向服务队",
                children: v.preferredTeam ? (
                  <Space wrap>
                    <Tag color="blue">{v.preferredTeam.name}</Tag>
                    {v.teams.some((t) => t.id === v.preferredTeam?.id) ? (
                      <Typography.Text type="secondary">已在队中</Typography.Text>
                    ) : v.status === "registered" ? (
                      canManage && (
                        <Button
                          size="small"
                          icon={<UsergroupAddOutlined aria-hidden />}
                          loading={join.isPending}
                          onClick={() =>
                            join.mutate({ teamId: v.preferredTeam!.id, volunteerId: v.id, member: true })
                          }
                        >
                          安排入队
                        </Button>
                      )
                    ) : (
                      v.status === "pending" && (
                        <Typography.Text type="secondary">审核通过时可一并安排入队</Typography.Text>
                      )
                    )}
                  </Space>
                ) : (
                  dash
                ),
              },
              {
                key: "teams",
                label: "志愿服务队",
                children:
                  v.teams.length === 0 ? (
                    dash
                  ) : (
                    <Space size={[4, 4]} wrap>
                      {v.teams.map((t) => (
                        <Tag key={t.id} color={t.isLeader ? "blue" : "default"}>
                          {t.name}
                          {t.isLeader ? "（队长）" : ""}
                        </Tag>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
          <div>
            <Typography.Title level={5}>活动记录</Typography.Title>
            <Table<HistoryRow>
              rowKey="activityId"
              size="small"
              columns={historyColumns}
              dataSource={v.activities}
              pagination={v.activities.length > 10 ? { pageSize: 10, size: "small" } : false}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有参加活动" />,
              }}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}
