import { useState } from "react";
import { App, Button, Card, Empty, Popconfirm, Space, Table, Typography } from "antd";
import { DiffOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import { listLoading } from "../../lib/refresh-button";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { AssessmentCompare } from "./assessment-compare";
import { AssessmentGrading } from "./assessment-grading";
import { scoreText } from "./assessment-labels";
import type { AssessmentRow } from "./assessment-types";
import "./assessment.css";

/**
 * 模拟测评 of one 社区's copy: its rounds, newest first, with their estimated score; the copy's admins
 * grade a new round or delete one; anyone who reads the copy opens a round or compares two.
 */
export function AssessmentCard(props: { campaignId: number; community: { id: number; name: string } }) {
  const { campaignId, community } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [grading, setGrading] = useState<number | "new" | null>(null);
  const [comparing, setComparing] = useState(false);
  const list = useQuery(trpc.campaign.assessments.queryOptions({ campaignId, communityId: community.id }));
  const rounds = list.data?.rounds ?? [];
  const mayEdit = list.data?.mayEdit ?? false;

  const remove = useMutation(
    trpc.campaign.removeAssessment.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.campaign.assessments.pathKey() });
        void message.success("已删除");
      },
      onError: (error) => showError(error),
    }),
  );

  return (
    <Card
      size="small"
      title={`模拟测评 · ${community.name}`}
      data-testid="assessments"
      extra={
        <Space wrap>
          <Button
            icon={<DiffOutlined aria-hidden />}
            disabled={rounds.length < 2}
            onClick={() => setComparing(true)}
          >
            对比
          </Button>
          {mayEdit && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setGrading("new")}>
              新建模拟测评
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        按测评体系逐项评定 A（100%）、B（66%）、C（33%）、C#（0%），系统按分值估算得分；未评定的项目记 0
        分。每轮保留，可两轮对比。
      </Typography.Paragraph>
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      <Table<AssessmentRow>
        rowKey="id"
        size="small"
        dataSource={rounds}
        loading={listLoading(list)}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有模拟测评" />,
        }}
        columns={[
          {
            title: "标题",
            key: "title",
            render: (_, r) => (
              <Button
                type="link"
                style={{ padding: 0, whiteSpace: "normal", textAlign: "left", height: "auto" }}
                onClick={() => setGrading(r.id)}
              >
                {r.title}
              </Button>
            ),
          },
          { title: "测评人", key: "by", width: 100, render: (_, r) => r.createdBy?.name ?? "（已注销）" },
          {
            title: "时间",
            key: "at",
            width: 150,
            render: (_, r) => formatTime(r.createdAt, "YYYY-MM-DD HH:mm"),
          },
          {
            title: "估算得分",
            key: "score",
            width: 130,
            render: (_, r) => (
              <span data-testid="assessment-score">
                <strong>{scoreText(r.score)}</strong> / {scoreText(r.points)}
              </span>
            ),
          },
          { title: "已评项数", key: "graded", width: 100, render: (_, r) => `${r.graded} / ${r.items}` },
          ...(mayEdit
            ? [
                {
                  title: "操作",
                  key: "actions",
                  width: 72,
                  render: (_: unknown, r: AssessmentRow) => (
                    <Popconfirm
                      title="删除模拟测评"
                      description={`删除“${r.title}”及其全部评定？`}
                      okText="删除"
                      cancelText="取消"
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove.mutateAsync({ id: r.id }).catch(() => undefined)}
                    >
                      <Button type="link" danger size="small" aria-label={`删除 ${r.title}`}>
                        删除
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {grading !== null && (
        <AssessmentGrading
          campaignId={campaignId}
          communityId={community.id}
          roundId={grading === "new" ? null : grading}
          nextNo={rounds.length + 1}
          onClose={() => setGrading(null)}
        />
      )}
      {comparing && rounds.length >= 2 && (
        <AssessmentCompare rounds={rounds} onClose={() => setComparing(false)} />
      )}
    </Card>
  );
}
