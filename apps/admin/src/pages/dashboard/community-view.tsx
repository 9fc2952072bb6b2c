import { useMemo } from "react";
import { Card, Col, Empty, Row, Statistic, Typography } from "antd";
import { SUPERVISION_COLOURS } from "@chuangcheng/domain/rules";
import type { FigureColumn } from "./chart-card";
import { ChartCell } from "./chart-cell";
import { countColumn, monthColumn } from "./columns";
import { LECTURE_COLUMNS, READINESS_COLUMNS, VOLUNTEER_COLUMNS } from "./figure-columns";
import {
  activitiesOption,
  barOption,
  COLOUR_HEX,
  COLOUR_NAMES,
  monthLabel,
  pct,
  pieOption,
  readinessOption,
  stateParts,
} from "./figures";
import { OverdueCard } from "./overdue-card";
import type { CommunityDashboard } from "./types";

type ProblemMonth = CommunityDashboard["problems"]["months"][number];
type ActivityMonth = CommunityDashboard["activities"][number];

/** A part's name and its 任务数 (tasks by state, by 督办 colour). */
function partColumns(label: string): FigureColumn<{ name: string; value: number }>[] {
  return [{ title: label, value: (r) => r.name }, countColumn("任务数", (r) => r.value)];
}

interface FigureProps {
  title: string;
  value: string | number;
  suffix?: string;
  testId: string;
  danger?: boolean;
}

/** One figure in the header row. */
function Figure({ title, value, suffix, testId, danger }: FigureProps) {
  return (
    <Card size="small" data-testid={testId}>
      <Statistic
        title={title}
        value={value}
        suffix={suffix}
        styles={{ content: { color: danger ? "#cf1322" : undefined } }}
      />
    </Card>
  );
}

/** A 社区's dashboard: headline figures, then one card per chart, each with its table and 导出. */
export function CommunityView({ data }: { data: CommunityDashboard }) {
  const file = (what: string) => `${data.name}_${what}_${data.month}`;
  const states = useMemo(() => stateParts(data.tasks.byState), [data]);
  const colours = SUPERVISION_COLOURS.map((c) => ({
    colour: c,
    name: COLOUR_NAMES[c],
    value: data.tasks.byColour[c],
  }));
  const months = data.months.map((m) => monthLabel(m));
  const options = useMemo(
    () => ({
      states: pieOption(states),
      colours: barOption(
        colours.map((c) => c.name),
        [
          {
            name: "任务数",
            data: colours.map((c) => ({ value: c.value, itemStyle: { color: COLOUR_HEX[c.colour] } })),
          },
        ],
      ),
      problems: barOption(months, [
        { name: "新增", data: data.problems.months.map((m) => m.opened), color: "#faad14" },
        { name: "办结", data: data.problems.months.map((m) => m.closed), color: "#52c41a" },
      ]),
      activities: activitiesOption(months, data.activities),
      readiness: readinessOption(
        data.readiness.projects.map((p) => p.project),
        data.readiness.projects,
      ),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data],
  );
  const v = data.volunteers;
  const l = data.lectures;
  const p = data.problems;
  const figures: FigureProps[] = [
    { testId: "figure-completion", title: "任务完成率", value: pct(data.tasks.completionPercent) },
    {
      testId: "figure-overdue",
      title: "逾期任务",
      value: data.tasks.overdue,
      suffix: "项",
      danger: data.tasks.overdue > 0,
    },
    {
      testId: "figure-problems-overdue",
      title: "问题逾期未办结",
      value: p.overdue,
      suffix: "件",
      danger: p.overdue > 0,
    },
    { testId: "figure-on-time", title: "本月按期办结率", value: pct(p.onTimePercent) },
    {
      testId: "figure-volunteer-ratio",
      title: `志愿者注册率（目标 ${v.targetPercent}%）`,
      value: pct(v.ratioPercent),
      danger: !v.reached,
    },
    {
      testId: "figure-lectures",
      title: `本月道德讲堂（应 ${l.target} 次）`,
      value: `${l.held} / ${l.planned}`,
      suffix: "次",
      danger: l.planned < l.target,
    },
  ];
  return (
    <div data-testid="community-dashboard">
      <Row gutter={[12, 12]}>
        {figures.map((f) => (
          <Col key={f.testId} xs={12} md={8} xl={4}>
            <Figure {...f} />
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <ChartCell
          title="任务状态"
          testId="dashboard-task-states"
          option={options.states}
          columns={partColumns("状态")}
          rows={states}
          rowKey={(r) => r.state}
          fileName={file("任务状态")}
        />
        <ChartCell
          title="督办颜色"
          testId="dashboard-task-colours"
          option={options.colours}
          columns={partColumns("督办")}
          rows={colours}
          rowKey={(r) => r.colour}
          fileName={file("督办颜色")}
          extra={
            <Typography.Text type="secondary" data-testid="supervised">
              督办单未销号 {data.tasks.supervised} 项
            </Typography.Text>
          }
        />
        <Col xs={24}>
          <OverdueCard
            tasks={data.overdueTasks}
            total={data.overdueTotal}
            withCommunity={false}
            fileName={file("逾期任务")}
          />
        </Col>
        <ChartCell<ProblemMonth>
          title="问题整改"
          testId="dashboard-problems"
          option={options.problems}
          columns={[
            monthColumn(),
            countColumn("新增", (r) => r.opened),
            countColumn("办结", (r) => r.closed),
          ]}
          rows={p.months}
          rowKey={(r) => r.month}
          fileName={file("问题整改")}
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="problems-month">
            {monthLabel(data.month, true)}：新增 {p.opened} 件，办结 {p.closed} 件（按期 {p.closedOnTime}{" "}
            件）， 当前逾期 {p.overdue} 件，办结用时中位数{" "}
            {p.medianDaysToClose === null ? "—" : `${p.medianDaysToClose} 天`}
          </Typography.Paragraph>
        </ChartCell>
        <ChartCell<ActivityMonth>
          title="活动与志愿时长"
          testId="dashboard-activities"
          option={options.activities}
          columns={[
            monthColumn(),
            countColumn("活动场次", (r) => r.activities),
            countColumn("志愿时长（小时）", (r) => r.hours),
          ]}
          rows={data.activities}
          rowKey={(r) => r.month}
          fileName={file("活动与志愿时长")}
        />
        <ChartCell
          title="志愿者注册率"
          testId="dashboard-volunteers"
          option={barOption(
            ["注册率", "目标"],
            [
              {
                name: "占常住人口",
                data: [v.ratioPercent, v.targetPercent],
                color: v.reached ? "#52c41a" : "#faad14",
              },
            ],
            { percent: true },
          )}
          height={200}
          columns={VOLUNTEER_COLUMNS}
          rows={[v]}
          rowKey={() => "v"}
          fileName={file("志愿者注册率")}
        />
        <ChartCell
          title="本月道德讲堂"
          testId="dashboard-lectures"
          option={barOption(
            ["已举办", "本月安排", "应举办"],
            [{ name: "场次", data: [l.held, l.planned, l.target], color: "#13c2c2" }],
          )}
          height={200}
          columns={[{ title: "月份", value: () => monthLabel(data.month, true) }, ...LECTURE_COLUMNS]}
          rows={[l]}
          rowKey={() => "l"}
          fileName={file("道德讲堂")}
        />
        {data.readiness.campaign ? (
          <ChartCell
            wide
            title={`测评准备情况（${data.readiness.campaign.name}）`}
            testId="dashboard-readiness"
            option={options.readiness}
            height={Math.max(240, 40 + data.readiness.projects.length * 10)}
            columns={[{ title: "测评项目", value: (r) => r.project }, ...READINESS_COLUMNS]}
            rows={data.readiness.projects}
            rowKey={(r) => r.project}
            fileName={file("测评准备情况")}
            extra={
              <Typography.Text type="secondary">齐全率 {pct(data.readiness.readyPercent)}</Typography.Text>
            }
          />
        ) : (
          <Col xs={24}>
            <Card size="small" title="测评准备情况" data-testid="dashboard-readiness">
              <Empty description="本社区暂无进行中的创城活动" />
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
