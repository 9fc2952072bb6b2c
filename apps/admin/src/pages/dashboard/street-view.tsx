import { useMemo } from "react";
import { Button, Card, Col, Row, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { SUPERVISION_COLOURS, TASK_STATES, TASK_STATE_LABELS } from "@chuangcheng/domain/rules";
import { ChartCard, FigureTable, tableCsv, type FigureColumn } from "./chart-card";
import { downloadCsv } from "./csv";
import { barOption, COLOUR_HEX, COLOUR_NAMES, monthLabel, pct, READY_HEX, STATE_HEX } from "./figures";
import { OverdueCard } from "./overdue-card";
import type { CommunityFigures, StreetDashboard } from "./types";

/** The ranking's order: 完成率 high first, then fewer overdue, then 按期办结率, 志愿者占比, readiness. */
function rank(list: readonly CommunityFigures[]): Array<CommunityFigures & { rank: number }> {
  const n = (v: number | null) => v ?? -1;
  return [...list]
    .sort(
      (a, b) =>
        n(b.tasks.completionPercent) - n(a.tasks.completionPercent) ||
        a.tasks.overdue - b.tasks.overdue ||
        n(b.problems.onTimePercent) - n(a.problems.onTimePercent) ||
        n(b.volunteers.ratioPercent) - n(a.volunteers.ratioPercent) ||
        n(b.readiness.readyPercent) - n(a.readiness.readyPercent) ||
        a.id - b.id,
    )
    .map((c, i) => ({ ...c, rank: i + 1 }));
}

/** A 街道's dashboard: the ranking of its 社区 (each a link to its own view), then each chart side by side. */
export function StreetView({
  data,
  communityHref,
}: {
  data: StreetDashboard;
  communityHref: (id: number) => string;
}) {
  const ranked = useMemo(() => rank(data.communities), [data]);
  const names = data.communities.map((c) => c.name);
  const file = (what: string) => `${data.street.name}_${what}_${data.month}`;
  type Ranked = (typeof ranked)[number];
  const rankColumns: FigureColumn<Ranked>[] = [
    { title: "排名", value: (c) => c.rank, align: "right", sortable: true },
    { title: "社区", value: (c) => c.name, render: (c) => <Link to={communityHref(c.id)}>{c.name}</Link> },
    {
      title: "任务完成率",
      value: (c) => c.tasks.completionPercent,
      render: (c) => pct(c.tasks.completionPercent),
      sortable: true,
      align: "right",
    },
    { title: "逾期数", value: (c) => c.tasks.overdue, sortable: true, align: "right" },
    {
      title: "按期办结率",
      value: (c) => c.problems.onTimePercent,
      render: (c) => pct(c.problems.onTimePercent),
      sortable: true,
      align: "right",
    },
    {
      title: "志愿者占比",
      value: (c) => c.volunteers.ratioPercent,
      render: (c) => (
        <Typography.Text type={c.volunteers.reached ? undefined : "danger"}>
          {pct(c.volunteers.ratioPercent)}（目标 {c.volunteers.targetPercent}%）
        </Typography.Text>
      ),
      sortable: true,
      align: "right",
    },
    {
      title: "测评准备齐全率",
      value: (c) => c.readiness.readyPercent,
      render: (c) => pct(c.readiness.readyPercent),
      sortable: true,
      align: "right",
    },
  ];
  const options = useMemo(
    () => ({
      states: barOption(
        names,
        TASK_STATES.map((s) => ({
          name: TASK_STATE_LABELS[s],
          data: data.communities.map((c) => c.tasks.byState[s]),
          color: STATE_HEX[s],
        })),
        { stack: true },
      ),
      colours: barOption(
        names,
        SUPERVISION_COLOURS.map((k) => ({
          name: COLOUR_NAMES[k],
          data: data.communities.map((c) => c.tasks.byColour[k]),
          color: COLOUR_HEX[k],
        })),
        { stack: true },
      ),
      problems: barOption(names, [
        { name: "本月新增", data: data.communities.map((c) => c.problems.opened), color: "#faad14" },
        { name: "本月办结", data: data.communities.map((c) => c.problems.closed), color: "#52c41a" },
        { name: "当前逾期", data: data.communities.map((c) => c.problems.overdue), color: "#f5222d" },
      ]),
      volunteers: barOption(
        names,
        [
          { name: "注册率", data: data.communities.map((c) => c.volunteers.ratioPercent), color: "#1677ff" },
          { name: "目标", data: data.communities.map((c) => c.volunteers.targetPercent), color: "#d9d9d9" },
        ],
        { percent: true },
      ),
      activities: barOption(
        names,
        [
          {
            name: "本月活动场次",
            data: data.communities.map((c) => c.activities.at(-1)?.activities ?? 0),
            color: "#1677ff",
          },
          {
            name: "本月志愿时长（小时）",
            data: data.communities.map((c) => c.activities.at(-1)?.hours ?? 0),
            color: "#eb2f96",
            type: "line",
            yAxisIndex: 1,
          },
        ],
        { secondAxis: "小时" },
      ),
      lectures: barOption(names, [
        { name: "已举办", data: data.communities.map((c) => c.lectures.held), color: "#13c2c2" },
        { name: "应举办", data: data.communities.map((c) => c.lectures.target), color: "#d9d9d9" },
      ]),
      readiness: barOption(
        names,
        [
          {
            name: "齐全",
            data: data.communities.map((c) => c.readiness.complete),
            color: READY_HEX.complete,
          },
          { name: "部分", data: data.communities.map((c) => c.readiness.partial), color: READY_HEX.partial },
          { name: "缺失", data: data.communities.map((c) => c.readiness.missing), color: READY_HEX.missing },
        ],
        { stack: true },
      ),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data],
  );
  const rows = data.communities;
  const key = (c: CommunityFigures) => c.id;
  const name: FigureColumn<CommunityFigures> = { title: "社区", value: (c) => c.name };
  const month = monthLabel(data.month, true);
  return (
    <div data-testid="street-dashboard">
      <Card
        size="small"
        title={`社区排名（${month}）`}
        data-testid="dashboard-ranking"
        extra={
          <Button
            size="small"
            icon={<DownloadOutlined aria-hidden />}
            aria-label="导出社区排名"
            onClick={() => downloadCsv(`${file("社区排名")}.csv`, tableCsv(rankColumns, ranked))}
          >
            导出
          </Button>
        }
      >
        <FigureTable columns={rankColumns} rows={ranked} rowKey={(c) => c.id} caption="社区排名" />
        <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
          排名依次按任务完成率、逾期数（少者在前）、本月按期办结率、志愿者占比、测评准备齐全率；点社区名称查看该社区看板。
        </Typography.Paragraph>
      </Card>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={12}>
          <ChartCard
            title="任务状态（各社区）"
            testId="street-task-states"
            option={options.states}
            columns={[
              name,
              ...TASK_STATES.map((s) => ({
                title: TASK_STATE_LABELS[s],
                value: (c: CommunityFigures) => c.tasks.byState[s],
                align: "right" as const,
              })),
            ]}
            rows={rows}
            rowKey={key}
            fileName={file("任务状态")}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title="督办颜色（各社区）"
            testId="street-task-colours"
            option={options.colours}
            columns={[
              name,
              ...SUPERVISION_COLOURS.map((k) => ({
                title: COLOUR_NAMES[k],
                value: (c: CommunityFigures) => c.tasks.byColour[k],
                align: "right" as const,
              })),
              { title: "督办单未销号", value: (c) => c.tasks.supervised, align: "right" },
            ]}
            rows={rows}
            rowKey={key}
            fileName={file("督办颜色")}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={`问题整改（${month}）`}
            testId="street-problems"
            option={options.problems}
            columns={[
              name,
              { title: "新增", value: (c) => c.problems.opened, align: "right" },
              { title: "办结", value: (c) => c.problems.closed, align: "right" },
              { title: "按期办结", value: (c) => c.problems.closedOnTime, align: "right" },
              { title: "按期办结率", value: (c) => pct(c.problems.onTimePercent) },
              { title: "当前逾期", value: (c) => c.problems.overdue, align: "right" },
              { title: "办结用时中位数（天）", value: (c) => c.problems.medianDaysToClose, align: "right" },
            ]}
            rows={rows}
            rowKey={key}
            fileName={file("问题整改")}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title="志愿者注册率与目标"
            testId="street-volunteers"
            option={options.volunteers}
            columns={[
              name,
              { title: "注册志愿者", value: (c) => c.volunteers.registered, align: "right" },
              { title: "常住人口", value: (c) => c.volunteers.population, align: "right" },
              { title: "注册率", value: (c) => pct(c.volunteers.ratioPercent) },
              { title: "目标", value: (c) => `${c.volunteers.targetPercent}%` },
              { title: "是否达标", value: (c) => (c.volunteers.reached ? "已达标" : "未达标") },
            ]}
            rows={rows}
            rowKey={key}
            fileName={file("志愿者注册率")}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={`活动与志愿时长（${month}）`}
            testId="street-activities"
            option={options.activities}
            columns={[
              name,
              ...data.months.flatMap((m, i) => [
                {
                  title: `${monthLabel(m)}活动`,
                  value: (c: CommunityFigures) => c.activities[i]?.activities ?? 0,
                  align: "right" as const,
                },
                {
                  title: `${monthLabel(m)}时长`,
                  value: (c: CommunityFigures) => c.activities[i]?.hours ?? 0,
                  align: "right" as const,
                },
              ]),
            ]}
            rows={rows}
            rowKey={key}
            fileName={file("活动与志愿时长")}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={`道德讲堂（${month}）`}
            testId="street-lectures"
            option={options.lectures}
            columns={[
              name,
              { title: "已举办", value: (c) => c.lectures.held, align: "right" },
              { title: "本月安排", value: (c) => c.lectures.planned, align: "right" },
              { title: "应举办", value: (c) => c.lectures.target, align: "right" },
            ]}
            rows={rows}
            rowKey={key}
            fileName={file("道德讲堂")}
          />
        </Col>
        <Col xs={24}>
          <ChartCard
            title="测评准备情况（各社区）"
            testId="street-readiness"
            option={options.readiness}
            columns={[
              name,
              { title: "创城活动", value: (c) => c.readiness.campaign?.name ?? "—" },
              { title: "测评内容", value: (c) => c.readiness.items, align: "right" },
              { title: "齐全", value: (c) => c.readiness.complete, align: "right" },
              { title: "部分", value: (c) => c.readiness.partial, align: "right" },
              { title: "缺失", value: (c) => c.readiness.missing, align: "right" },
              { title: "齐全率", value: (c) => pct(c.readiness.readyPercent) },
            ]}
            rows={rows}
            rowKey={key}
            fileName={file("测评准备情况")}
          />
        </Col>
        <Col xs={24}>
          <OverdueCard
            tasks={data.overdueTasks}
            total={data.overdueTotal}
            withCommunity
            fileName={file("逾期任务")}
          />
        </Col>
      </Row>
    </div>
  );
}
