import { useMemo } from "react";
import { Card, Col, Empty, Row, Statistic, Typography } from "antd";
import { SUPERVISION_COLOURS } from "@chuangcheng/domain/rules";
import { ChartCard } from "./chart-card";
import {
  barOption,
  COLOUR_HEX,
  COLOUR_NAMES,
  monthLabel,
  pct,
  pieOption,
  READY_HEX,
  stateParts,
} from "./figures";
import { OverdueCard } from "./overdue-card";
import type { CommunityDashboard } from "./types";

/** One figure in the header row. */
function Figure({
  title,
  value,
  suffix,
  testId,
  danger,
}: {
  title: string;
  value: string | number;
  suffix?: string;
  testId: string;
  danger?: boolean;
}) {
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
      activities: barOption(
        months,
        [
          { name: "活动场次", data: data.activities.map((m) => m.activities), color: "#1677ff" },
          {
            name: "志愿时长（小时）",
            data: data.activities.map((m) => m.hours),
            color: "#eb2f96",
            type: "line",
            yAxisIndex: 1,
          },
        ],
        { secondAxis: "小时" },
      ),
      readiness: barOption(
        data.readiness.projects.map((p) => p.project),
        [
          { name: "齐全", data: data.readiness.projects.map((p) => p.complete), color: READY_HEX.complete },
          { name: "部分", data: data.readiness.projects.map((p) => p.partial), color: READY_HEX.partial },
          { name: "缺失", data: data.readiness.projects.map((p) => p.missing), color: READY_HEX.missing },
        ],
        { stack: true },
      ),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data],
  );
  const v = data.volunteers;
  const l = data.lectures;
  const p = data.problems;
  return (
    <div data-testid="community-dashboard">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8} xl={4}>
          <Figure testId="figure-completion" title="任务完成率" value={pct(data.tasks.completionPercent)} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="figure-overdue"
            title="逾期任务"
            value={data.tasks.overdue}
            suffix="项"
            danger={data.tasks.overdue > 0}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="figure-problems-overdue"
            title="问题逾期未办结"
            value={p.overdue}
            suffix="件"
            danger={p.overdue > 0}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure testId="figure-on-time" title="本月按期办结率" value={pct(p.onTimePercent)} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="figure-volunteer-ratio"
            title={`志愿者注册率（目标 ${v.targetPercent}%）`}
            value={pct(v.ratioPercent)}
            danger={!v.reached}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Figure
            testId="figure-lectures"
            title={`本月道德讲堂（应 ${l.target} 次）`}
            value={`${l.held} / ${l.planned}`}
            suffix="次"
            danger={l.planned < l.target}
          />
        </Col>
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <ChartCard
            title="任务状态"
            testId="dashboard-task-states"
            option={options.states}
            columns={[
              { title: "状态", value: (r) => r.name },
              { title: "任务数", value: (r) => r.value, align: "right" },
            ]}
            rows={states}
            rowKey={(r) => r.state}
            fileName={file("任务状态")}
          />
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard
            title="督办颜色"
            testId="dashboard-task-colours"
            option={options.colours}
            columns={[
              { title: "督办", value: (r) => r.name },
              { title: "任务数", value: (r) => r.value, align: "right" },
            ]}
            rows={colours}
            rowKey={(r) => r.colour}
            fileName={file("督办颜色")}
            extra={
              <Typography.Text type="secondary" data-testid="supervised">
                督办单未销号 {data.tasks.supervised} 项
              </Typography.Text>
            }
          />
        </Col>
        <Col xs={24}>
          <OverdueCard
            tasks={data.overdueTasks}
            total={data.overdueTotal}
            withCommunity={false}
            fileName={file("逾期任务")}
          />
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard
            title="问题整改"
            testId="dashboard-problems"
            option={options.problems}
            columns={[
              { title: "月份", value: (r) => monthLabel(r.month, true) },
              { title: "新增", value: (r) => r.opened, align: "right" },
              { title: "办结", value: (r) => r.closed, align: "right" },
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
          </ChartCard>
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard
            title="活动与志愿时长"
            testId="dashboard-activities"
            option={options.activities}
            columns={[
              { title: "月份", value: (r) => monthLabel(r.month, true) },
              { title: "活动场次", value: (r) => r.activities, align: "right" },
              { title: "志愿时长（小时）", value: (r) => r.hours, align: "right" },
            ]}
            rows={data.activities}
            rowKey={(r) => r.month}
            fileName={file("活动与志愿时长")}
          />
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard
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
            columns={[
              { title: "注册志愿者", value: (r) => r.registered, align: "right" },
              { title: "常住人口", value: (r) => r.population, align: "right" },
              { title: "注册率", value: (r) => pct(r.ratioPercent) },
              { title: "目标", value: (r) => `${r.targetPercent}%` },
              { title: "是否达标", value: (r) => (r.reached ? "已达标" : "未达标") },
            ]}
            rows={[v]}
            rowKey={() => "v"}
            fileName={file("志愿者注册率")}
          />
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard
            title="本月道德讲堂"
            testId="dashboard-lectures"
            option={barOption(
              ["已举办", "本月安排", "应举办"],
              [{ name: "场次", data: [l.held, l.planned, l.target], color: "#13c2c2" }],
            )}
            height={200}
            columns={[
              { title: "月份", value: () => monthLabel(data.month, true) },
              { title: "已举办", value: (r) => r.held, align: "right" },
              { title: "本月安排", value: (r) => r.planned, align: "right" },
              { title: "应举办", value: (r) => r.target, align: "right" },
            ]}
            rows={[l]}
            rowKey={() => "l"}
            fileName={file("道德讲堂")}
          />
        </Col>
        <Col xs={24}>
          {data.readiness.campaign ? (
            <ChartCard
              title={`测评准备情况（${data.readiness.campaign.name}）`}
              testId="dashboard-readiness"
              option={options.readiness}
              height={Math.max(240, 40 + data.readiness.projects.length * 10)}
              columns={[
                { title: "测评项目", value: (r) => r.project },
                { title: "测评内容", value: (r) => r.items, align: "right" },
                { title: "齐全", value: (r) => r.complete, align: "right" },
                { title: "部分", value: (r) => r.partial, align: "right" },
                { title: "缺失", value: (r) => r.missing, align: "right" },
                { title: "齐全率", value: (r) => pct(r.readyPercent) },
              ]}
              rows={data.readiness.projects}
              rowKey={(r) => r.project}
              fileName={file("测评准备情况")}
              extra={
                <Typography.Text type="secondary">齐全率 {pct(data.readiness.readyPercent)}</Typography.Text>
              }
            />
          ) : (
            <Card size="small" title="测评准备情况" data-testid="dashboard-readiness">
              <Empty description="本社区暂无进行中的创城活动" />
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
