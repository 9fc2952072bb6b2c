import { useMemo } from "react";
import { Button, Card, Col, Row, Typography } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { SUPERVISION_COLOURS, TASK_STATES, TASK_STATE_LABELS } from "@chuangcheng/domain/rules";
import { FigureTable, tableCsv, type FigureColumn } from "./chart-card";
import { countColumn, ofRows, percentColumn, sortablePercentColumn } from "./columns";
import { CommunitiesCard } from "./communities-card";
import { downloadCsv } from "./csv";
import { LECTURE_COLUMNS, READINESS_COLUMNS, VOLUNTEER_COLUMNS } from "./figure-columns";
import {
  activitiesOption,
  barOption,
  COLOUR_HEX,
  COLOUR_NAMES,
  monthLabel,
  pct,
  readinessOption,
  stackedOption,
  STATE_HEX,
} from "./figures";
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
    sortablePercentColumn("任务完成率", (c) => c.tasks.completionPercent),
    { title: "逾期数", value: (c) => c.tasks.overdue, sortable: true, align: "right" },
    sortablePercentColumn("按期办结率", (c) => c.problems.onTimePercent),
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
    sortablePercentColumn("测评准备齐全率", (c) => c.readiness.readyPercent),
  ];
  const options = useMemo(
    () => ({
      states: stackedOption(names, TASK_STATES, TASK_STATE_LABELS, STATE_HEX, (s) =>
        data.communities.map((c) => c.tasks.byState[s]),
      ),
      colours: stackedOption(names, SUPERVISION_COLOURS, COLOUR_NAMES, COLOUR_HEX, (k) =>
        data.communities.map((c) => c.tasks.byColour[k]),
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
      activities: activitiesOption(
        names,
        data.communities.map((c) => c.activities.at(-1) ?? { activities: 0, hours: 0 }),
        "本月",
      ),
      lectures: barOption(names, [
        { name: "已举办", data: data.communities.map((c) => c.lectures.held), color: "#13c2c2" },
        { name: "应举办", data: data.communities.map((c) => c.lectures.target), color: "#d9d9d9" },
      ]),
      readiness: readinessOption(
        names,
        data.communities.map((c) => c.readiness),
      ),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data],
  );
  const rows = data.communities;
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
        <CommunitiesCard
          communities={rows}
          title="任务状态（各社区）"
          testId="street-task-states"
          option={options.states}
          columns={TASK_STATES.map((s) => countColumn(TASK_STATE_LABELS[s], (c) => c.tasks.byState[s]))}
          fileName={file("任务状态")}
        />
        <CommunitiesCard
          communities={rows}
          title="督办颜色（各社区）"
          testId="street-task-colours"
          option={options.colours}
          columns={[
            ...SUPERVISION_COLOURS.map((k) =>
              countColumn(COLOUR_NAMES[k], (c: CommunityFigures) => c.tasks.byColour[k]),
            ),
            countColumn("督办单未销号", (c) => c.tasks.supervised),
          ]}
          fileName={file("督办颜色")}
        />
        <CommunitiesCard
          communities={rows}
          title={`问题整改（${month}）`}
          testId="street-problems"
          option={options.problems}
          columns={[
            countColumn("新增", (c) => c.problems.opened),
            countColumn("办结", (c) => c.problems.closed),
            countColumn("按期办结", (c) => c.problems.closedOnTime),
            percentColumn("按期办结率", (c) => c.problems.onTimePercent),
            countColumn("当前逾期", (c) => c.problems.overdue),
            countColumn("办结用时中位数（天）", (c) => c.problems.medianDaysToClose),
          ]}
          fileName={file("问题整改")}
        />
        <CommunitiesCard
          communities={rows}
          title="志愿者注册率与目标"
          testId="street-volunteers"
          option={options.volunteers}
          columns={ofRows((c) => c.volunteers, VOLUNTEER_COLUMNS)}
          fileName={file("志愿者注册率")}
        />
        <CommunitiesCard
          communities={rows}
          title={`活动与志愿时长（${month}）`}
          testId="street-activities"
          option={options.activities}
          columns={data.months.flatMap((m, i) => [
            countColumn(`${monthLabel(m)}活动`, (c) => c.activities[i]?.activities ?? 0),
            countColumn(`${monthLabel(m)}时长`, (c) => c.activities[i]?.hours ?? 0),
          ])}
          fileName={file("活动与志愿时长")}
        />
        <CommunitiesCard
          communities={rows}
          title={`道德讲堂（${month}）`}
          testId="street-lectures"
          option={options.lectures}
          columns={ofRows((c) => c.lectures, LECTURE_COLUMNS)}
          fileName={file("道德讲堂")}
        />
        <CommunitiesCard
          communities={rows}
          wide
          title="测评准备情况（各社区）"
          testId="street-readiness"
          option={options.readiness}
          columns={[
            { title: "创城活动", value: (c) => c.readiness.campaign?.name ?? "—" },
            ...ofRows((c: CommunityFigures) => c.readiness, READINESS_COLUMNS),
          ]}
          fileName={file("测评准备情况")}
        />
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
