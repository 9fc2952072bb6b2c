import type { ReactNode } from "react";
import { Card, Col, Empty, List, Result, Row, Space, Statistic, Tag, Typography } from "antd";
import { CalendarOutlined, CheckSquareOutlined, FieldTimeOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ACTIVITY_KIND_LABELS } from "@chuangcheng/domain/rules";
import { clockText, dateTimeText, formatTime, greeting } from "@chuangcheng/client";
import { useMe } from "../../lib/auth";
import { errorMessage } from "../../lib/server-errors";
import { RefreshButton } from "../../lib/refresh-button";
import { useTRPC, type Workbench } from "../../lib/trpc";
import { activityPhase, PHASE_COLORS, PHASE_LABELS } from "../../lib/activity";

type TodayActivity = Workbench["today"][number];

/** One figure that needs the user, with where to deal with it. */
function Figure(props: {
  testId: string;
  title: string;
  value: number;
  unit: string;
  icon: ReactNode;
  link?: ReactNode;
}) {
  const { testId, title, value, unit, icon, link } = props;
  return (
    <Card size="small" data-testid={testId}>
      <Statistic
        title={
          <Space size={6}>
            {icon}
            {title}
          </Space>
        }
        value={value}
        suffix={unit}
        styles={{ content: { color: value > 0 ? "#cf1322" : undefined } }}
      />
      <div style={{ marginTop: 8, minHeight: 22 }}>{link}</div>
    </Card>
  );
}

function TodayItem({ a }: { a: TodayActivity }) {
  const phase = activityPhase({ status: "published", startsAt: a.startsAt, endsAt: a.endsAt });
  return (
    <List.Item
      data-testid="workbench-today-item"
      extra={
        <Typography.Text type="secondary">
          已报名 {a.signedCount}/{a.capacity}，已签到 {a.checkedIn}
        </Typography.Text>
      }
    >
      <List.Item.Meta
        title={
          <Space size={8} wrap>
            <Typography.Text strong>
              {clockText(a.startsAt)}–{clockText(a.endsAt)}
            </Typography.Text>
            <Link to={`/activities/${a.id}`}>{a.title}</Link>
            <Tag color={PHASE_COLORS[phase]}>{PHASE_LABELS[phase]}</Tag>
          </Space>
        }
        description={`${ACTIVITY_KIND_LABELS[a.kind]} · ${a.communityName} · ${a.place || "—"}`}
      />
    </List.Item>
  );
}

/**
 * 工作台: the first page of the console, with what needs the user today in their own units: 待审核
 * registrations, today's activities (to check people in) and hours waiting for confirmation.
 */
export default function WorkbenchPage() {
  const trpc = useTRPC();
  const me = useMe();
  const data = useQuery(trpc.report.workbench.queryOptions());
  if (data.isError)
    return <Result status="error" title="工作台加载失败" subTitle={errorMessage(data.error)} />;
  const w = data.data;

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {greeting()}，{me.data?.name}
        </Typography.Title>
        {w && (
          <Typography.Text type="secondary">
            {formatTime(`${w.date}T12:00:00+08:00`, "M月D日 dddd")}
          </Typography.Text>
        )}
        <span style={{ marginLeft: "auto" }}>
          <RefreshButton queryKeys={[trpc.report.pathKey()]} />
        </span>
      </div>
      <Row gutter={[12, 12]}>
        {w?.pendingReview !== null && (
          <Col xs={24} sm={12} lg={8}>
            <Figure
              testId="workbench-pending-review"
              title="待审核志愿者"
              value={w?.pendingReview ?? 0}
              unit="人"
              icon={<CheckSquareOutlined aria-hidden />}
              link={
                <Link to="/volunteers/review">{(w?.pendingReview ?? 0) > 0 ? "去审核" : "查看审核队列"}</Link>
              }
            />
          </Col>
        )}
        <Col xs={24} sm={12} lg={8}>
          <Figure
            testId="workbench-today"
            title="今日活动"
            value={w?.today.length ?? 0}
            unit="场"
            icon={<CalendarOutlined aria-hidden />}
            link={<Link to="/activities">全部活动</Link>}
          />
        </Col>
        {w?.pendingHours !== null && (
          <Col xs={24} sm={12} lg={8}>
            <Figure
              testId="workbench-pending-hours"
              title="待确认时长"
              value={w?.pendingHours.total ?? 0}
              unit="人"
              icon={<FieldTimeOutlined aria-hidden />}
              link={
                w?.pendingHours.activities[0] ? (
                  <Link to={`/activities/${w.pendingHours.activities[0].id}`}>
                    去确认：{w.pendingHours.activities[0].title}
                  </Link>
                ) : (
                  <Typography.Text type="secondary">没有待确认的时长</Typography.Text>
                )
              }
            />
          </Col>
        )}
      </Row>
      <Card size="small" title="今日活动" loading={data.isPending}>
        <List<TodayActivity>
          dataSource={w?.today ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="今天没有活动" /> }}
          renderItem={(a) => <TodayItem a={a} />}
        />
      </Card>
      {w?.pendingHours && w.pendingHours.activities.length > 0 && (
        <Card size="small" title="待确认时长的活动">
          <List
            dataSource={w.pendingHours.activities}
            renderItem={(a) => (
              <List.Item
                data-testid="workbench-hours-item"
                extra={<Tag color="orange">{a.count} 人待确认</Tag>}
              >
                <List.Item.Meta
                  title={<Link to={`/activities/${a.id}`}>{a.title}</Link>}
                  description={dateTimeText(a.startsAt)}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
