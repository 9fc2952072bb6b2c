import { useMemo, useState } from "react";
import { Drawer, Form, Grid, Select, Space, Spin, Statistic, Switch, Table, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import type { Grade } from "@chuangcheng/domain/rules";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import {
  GRADE_COLORS,
  compareRounds,
  diffText,
  gradeLabel,
  scoreText,
  type ComparedItem,
} from "./assessment-labels";
import type { AssessmentRow } from "./assessment-types";

const diffClass = (d: number) => (d > 0 ? "assessment-up" : d < 0 ? "assessment-down" : undefined);
const Diff = ({ value }: { value: number }) => <span className={diffClass(value)}>{diffText(value)}</span>;

function GradeCell({ mark }: { mark: { grade: Grade | null; score: number } | null }) {
  if (!mark?.grade) return <Typography.Text type="secondary">未评定</Typography.Text>;
  return (
    <Space size={4}>
      <Tag color={GRADE_COLORS[mark.grade]}>{gradeLabel(mark.grade)}</Tag>
      <span>{scoreText(mark.score)}</span>
    </Space>
  );
}

/**
 * Two rounds of 模拟测评 side by side (the earlier of the two first): their estimated scores, per 测评项目
 * and per item, the later minus the earlier; items whose grade changed are highlighted.
 */
export function AssessmentCompare(props: { rounds: readonly AssessmentRow[]; onClose: () => void }) {
  const { rounds, onClose } = props;
  const trpc = useTRPC();
  const wide = Grid.useBreakpoint().md !== false;
  // Rounds are listed newest first: by default the newest against the one before it.
  const [picked, setPicked] = useState({ left: rounds[1]!.id, right: rounds[0]!.id });
  const [onlyChanged, setOnlyChanged] = useState(false);
  const left = useQuery(trpc.campaign.assessment.queryOptions({ id: picked.left }));
  const right = useQuery(trpc.campaign.assessment.queryOptions({ id: picked.right }));
  const compared = useMemo(
    () => (left.data && right.data ? compareRounds(left.data, right.data) : null),
    [left.data, right.data],
  );
  const options = rounds.map((r) => ({
    value: r.id,
    label: `${r.title}（${formatTime(r.createdAt, "MM-DD HH:mm")}，${scoreText(r.score)}分）`,
  }));
  const failed = left.error ?? right.error;
  const l = left.data;
  const r = right.data;
  const items = (compared?.items ?? []).filter((i) => !onlyChanged || i.changed);

  return (
    <Drawer
      title="模拟测评对比"
      open
      onClose={onClose}
      size={wide ? 1080 : "100%"}
      destroyOnHidden
      closable={{ "aria-label": "关闭" }}
    >
      <Form
        layout="inline"
        initialValues={picked}
        onValuesChange={(_, all: typeof picked) => setPicked(all)}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <Form.Item name="left" label="对比轮次一">
          <Select style={{ width: 320 }} options={options} />
        </Form.Item>
        <Form.Item name="right" label="对比轮次二">
          <Select style={{ width: 320 }} options={options} />
        </Form.Item>
      </Form>
      {(left.isPending || right.isPending) && <Spin />}
      {failed && <Typography.Paragraph type="danger">{errorMessage(failed)}</Typography.Paragraph>}
      {compared && l && r && (
        <div data-testid="assessment-compare">
          <Space size={40} wrap style={{ marginBottom: 16 }}>
            <Statistic
              title={`轮次一：${l.title}`}
              value={scoreText(l.score)}
              suffix={`/ ${scoreText(l.points)}`}
            />
            <Statistic
              title={`轮次二：${r.title}`}
              value={scoreText(r.score)}
              suffix={`/ ${scoreText(r.points)}`}
            />
            <div>
              <div className="ant-statistic-title" style={{ color: "rgba(0,0,0,0.65)" }}>
                差值
              </div>
              <div style={{ fontSize: 24 }} data-testid="assessment-diff-total">
                <Diff value={Math.round((r.score - l.score) * 100) / 100} />
              </div>
            </div>
          </Space>
          <Typography.Title level={5}>按测评项目</Typography.Title>
          <Table
            rowKey="project"
            size="small"
            bordered
            pagination={false}
            dataSource={compared.projects}
            data-testid="assessment-compare-projects"
            rowClassName={(p) => (p.diff !== 0 ? "assessment-diff" : "")}
            columns={[
              { title: "测评项目", key: "project", render: (_, p) => p.project },
              {
                title: "分值",
                key: "points",
                width: 64,
                align: "right",
                render: (_, p) => scoreText(p.points),
              },
              {
                title: "轮次一得分",
                key: "left",
                width: 110,
                align: "right",
                render: (_, p) => scoreText(p.left),
              },
              {
                title: "轮次二得分",
                key: "right",
                width: 110,
                align: "right",
                render: (_, p) => scoreText(p.right),
              },
              {
                title: "差值",
                key: "diff",
                width: 80,
                align: "right",
                render: (_, p) => <Diff value={p.diff} />,
              },
            ]}
          />
          <Space style={{ width: "100%", justifyContent: "space-between", margin: "16px 0 8px" }} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              按测评标准
              <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 12, fontSize: 14 }}>
                {compared.items.filter((i) => i.changed).length} 项等级不同
              </Typography.Text>
            </Typography.Title>
            <label>
              <Space size={8}>
                <Switch
                  size="small"
                  checked={onlyChanged}
                  onChange={setOnlyChanged}
                  aria-label="只看有差异的项"
                />
                只看有差异的项
              </Space>
            </label>
          </Space>
          <Table<ComparedItem>
            rowKey="itemId"
            size="small"
            bordered
            pagination={false}
            dataSource={items}
            data-testid="assessment-compare-items"
            scroll={{ x: 800 }}
            rowClassName={(i) => (i.changed ? "assessment-diff" : "")}
            columns={[
              { title: "序号", key: "no", width: 48, align: "center", render: (_, i) => i.no },
              { title: "测评项目", key: "project", width: 120, render: (_, i) => i.project },
              { title: "测评内容", key: "content", render: (_, i) => i.content },
              {
                title: "分值",
                key: "points",
                width: 52,
                align: "right",
                render: (_, i) => scoreText(i.points),
              },
              { title: "轮次一", key: "left", width: 150, render: (_, i) => <GradeCell mark={i.left} /> },
              { title: "轮次二", key: "right", width: 150, render: (_, i) => <GradeCell mark={i.right} /> },
              {
                title: "差值",
                key: "diff",
                width: 72,
                align: "right",
                render: (_, i) => <Diff value={i.diff} />,
              },
            ]}
          />
        </div>
      )}
    </Drawer>
  );
}
