import { memo, useCallback, useMemo, useState } from "react";
import { App, Button, Drawer, Form, Grid, Input, Radio, Space, Spin, Statistic, Tag, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { chinaToday } from "@chuangcheng/client";
import { GRADE_SHARE, READINESS_LABELS, estimatedScore, type Grade } from "@chuangcheng/domain/rules";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { GRADE_COLORS, GRADE_OPTIONS, gradeLabel, scoreText } from "./assessment-labels";
import { groupByProject } from "./campaign-labels";
import type { ChecklistItem } from "./campaign-types";
import { READINESS_COLORS } from "./evidence-drawer";

interface Row {
  no: number;
  id: number;
  project: string;
  content: string;
  standard: string;
  points: number;
  readiness: ChecklistItem["readiness"] | null;
}
type Marks = Record<number, { grade?: Grade; note?: string }>;

/**
 * The grading screen of 模拟测评: every item of the 社区's copy grouped by 测评项目, with its points and
 * its readiness (齐全 / 部分 / 缺失, to guide the grade), A / B / C / C# and a note each, and the
 * estimated score running at the top. `roundId` shows a saved round (read only: rounds are kept as
 * they were, to compare).
 */
export function AssessmentGrading(props: {
  campaignId: number;
  communityId: number;
  roundId: number | null;
  nextNo: number;
  onClose: () => void;
}) {
  const { campaignId, communityId, roundId, nextNo, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const wide = Grid.useBreakpoint().md !== false;
  const [form] = Form.useForm<{ title: string }>();
  const [marks, setMarks] = useState<Marks>({});
  const checklist = useQuery(trpc.campaign.checklist.queryOptions({ campaignId, communityId }));
  const round = useQuery({
    ...trpc.campaign.assessment.queryOptions({ id: roundId ?? 0 }),
    enabled: roundId !== null,
  });
  const viewing = roundId !== null;

  const rows = useMemo<Row[]>(() => {
    const readiness = new Map((checklist.data ?? []).map((i) => [i.id, i.readiness]));
    const source: ReadonlyArray<Omit<Row, "no" | "readiness">> = viewing
      ? (round.data?.items ?? []).map((i) => ({ ...i, id: i.itemId }))
      : (checklist.data ?? []);
    return groupByProject(source)
      .flatMap((g) => g.items)
      .map((i, n) => ({
        no: n + 1,
        id: i.id,
        project: i.project,
        content: i.content,
        standard: i.standard,
        points: i.points,
        readiness: readiness.get(i.id) ?? null,
      }));
  }, [checklist.data, round.data, viewing]);
  const shown: Marks = useMemo(
    () =>
      viewing
        ? Object.fromEntries(
            (round.data?.items ?? []).map((i) => [
              i.itemId,
              { grade: i.grade ?? undefined, note: i.note ?? undefined },
            ]),
          )
        : marks,
    [viewing, round.data, marks],
  );
  const scoreOf = (items: Row[]) =>
    estimatedScore(items.map((i) => ({ points: i.points, grade: shown[i.id]?.grade ?? null })));
  const total = rows.reduce((s, i) => s + i.points, 0);
  const graded = rows.filter((i) => shown[i.id]?.grade).length;
  const groups = groupByProject(rows);

  const save = useMutation(
    trpc.campaign.assess.mutationOptions({
      onSuccess: async (res) => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.assessments.pathKey() });
        void message.success(`已保存，估算得分 ${scoreText(res.score)} 分`);
        onClose();
      },
      onError: (error) => showError(error, { form }),
    }),
  );
  const submit = (values: { title: string }) => {
    const grades = rows.flatMap((i) => {
      const m = marks[i.id];
      return m?.grade ? [{ itemId: i.id, grade: m.grade, note: m.note?.trim() || null }] : [];
    });
    if (grades.length === 0) {
      void message.error("请至少评定一项测评标准");
      return;
    }
    save.mutate({ campaignId, communityId, title: values.title, grades });
  };
  // Stable, so that marking one item re-renders that item's row only (GradeRow is memoised).
  const mark = useCallback(
    (id: number, change: { grade?: Grade; note?: string }) =>
      setMarks((m) => ({ ...m, [id]: { ...m[id], ...change } })),
    [],
  );

  const loading = checklist.isPending || (viewing && round.isPending);
  const failed = checklist.error ?? round.error;
  return (
    <Drawer
      title={viewing ? (round.data?.title ?? "模拟测评") : "新建模拟测评"}
      open
      onClose={onClose}
      size={wide ? 1080 : "100%"}
      destroyOnHidden
      closable={{ "aria-label": "关闭" }}
      footer={
        viewing ? null : (
          <Space style={{ width: "100%", justifyContent: "flex-end" }}>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
              保存
            </Button>
          </Space>
        )
      }
    >
      {loading && <Spin />}
      {failed && <Typography.Paragraph type="danger">{errorMessage(failed)}</Typography.Paragraph>}
      {!loading && !failed && (
        <>
          {/* A round read back has nothing to focus: the summary takes focus so the scrolling body can be
              reached from the keyboard (axe: scrollable-region-focusable). */}
          <div
            className="assessment-summary"
            data-testid="assessment-summary"
            {...(viewing ? { tabIndex: 0, role: "group", "aria-label": "估算得分" } : {})}
          >
            <Space size={32} wrap align="end">
              <Statistic title="估算得分" value={scoreText(scoreOf(rows))} suffix={`/ ${scoreText(total)}`} />
              <Statistic title="已评项数" value={graded} suffix={`/ ${rows.length}`} />
              {viewing && round.data && (
                <Typography.Text type="secondary">
                  {round.data.createdBy?.name ?? "（已注销）"} 评定
                </Typography.Text>
              )}
            </Space>
          </div>
          {!viewing && (
            <Form
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ title: `第${nextNo}次模拟测评（${chinaToday()}）` }}
            >
              <Form.Item
                name="title"
                label="测评名称"
                rules={[{ required: true, whitespace: true, message: "请填写测评名称" }]}
                style={{ maxWidth: 480 }}
              >
                <Input maxLength={40} />
              </Form.Item>
            </Form>
          )}
          {groups.map((g) => (
            <section key={g.project} aria-label={g.project}>
              <div className="assessment-project-title" data-testid="assessment-project">
                {g.project}
                <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 12 }}>
                  {scoreText(scoreOf(g.items))} / {scoreText(g.items.reduce((s, i) => s + i.points, 0))} 分
                </Typography.Text>
              </div>
              <div className="assessment-table-wrap">
                <table className="assessment-table">
                  <thead>
                    <tr>
                      <th style={{ width: 48 }}>序号</th>
                      <th>测评内容</th>
                      <th style={{ width: 52 }}>分值</th>
                      <th style={{ width: 130 }}>准备情况</th>
                      <th style={{ width: 210 }}>等级</th>
                      <th style={{ width: 60 }}>得分</th>
                      <th style={{ width: 200 }}>说明</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.items.map((i) => (
                      <GradeRow key={i.id} row={i} mark={shown[i.id]} viewing={viewing} onMark={mark} />
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </>
      )}
    </Drawer>
  );
}

/** One item's row: plain table markup, memoised (38 rows of radio groups re-rendered per click were slow). */
const GradeRow = memo(function GradeRow(props: {
  row: Row;
  mark: { grade?: Grade; note?: string } | undefined;
  viewing: boolean;
  onMark: (id: number, change: { grade?: Grade; note?: string }) => void;
}) {
  const { row: i, mark, viewing, onMark } = props;
  const grade = mark?.grade;
  return (
    <tr>
      <td style={{ textAlign: "center" }}>{i.no}</td>
      <td>
        <div>{i.content}</div>
        <div className="assessment-standard">{i.standard}</div>
      </td>
      <td style={{ textAlign: "right" }}>{scoreText(i.points)}</td>
      <td>
        {i.readiness ? (
          <div>
            <Tag color={READINESS_COLORS[i.readiness.readiness]}>
              {READINESS_LABELS[i.readiness.readiness]}
            </Tag>
            {i.readiness.gaps.map((gap) => (
              <div key={gap} className="campaign-gap">
                {gap}
              </div>
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
      </td>
      <td>
        {viewing ? (
          grade ? (
            <Tag color={GRADE_COLORS[grade]}>{gradeLabel(grade)}</Tag>
          ) : (
            <Typography.Text type="secondary">未评定</Typography.Text>
          )
        ) : (
          <Radio.Group
            aria-label={`等级 ${i.content}`}
            value={grade ?? null}
            options={GRADE_OPTIONS}
            onChange={(e) => onMark(i.id, { grade: e.target.value as Grade })}
            style={{ display: "flex", flexWrap: "wrap", rowGap: 4 }}
          />
        )}
      </td>
      <td style={{ textAlign: "right" }}>{grade ? scoreText(i.points * GRADE_SHARE[grade]) : "0"}</td>
      <td>
        {viewing ? (
          (mark?.note ?? <Typography.Text type="secondary">—</Typography.Text>)
        ) : (
          <Input.TextArea
            aria-label={`说明 ${i.content}`}
            autoSize={{ minRows: 1, maxRows: 3 }}
            maxLength={200}
            value={mark?.note ?? ""}
            onChange={(e) => onMark(i.id, { note: e.target.value })}
          />
        )}
      </td>
    </tr>
  );
});
