import { useMemo } from "react";
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  List,
  Popconfirm,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from "antd";
import { DownloadOutlined, ReloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { unitPath } from "../../lib/org-tree";
import { downloadServerFile } from "../../lib/download";
import { useShowError } from "../../lib/server-errors";
import { positiveInt } from "../../lib/url-values";
import { useTRPC } from "../../lib/trpc";
import { SummaryDocument } from "./summary-document";
import { SummaryPeriodForm } from "./summary-period-form";

const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function timeText(iso: string): string {
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}

/**
 * 工作总结: pick a 社区 or 街道 and a period, generate a draft from the data, rewrite it paragraph by
 * paragraph, 重新生成 (a new draft; the old is kept in the list) and download it as Word. The unit and
 * the draft open live in the address (?unit=…&draft=…).
 */
export default function SummaryPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tree = useQuery(trpc.org.tree.queryOptions());
  const campaigns = useQuery(trpc.campaign.list.queryOptions());

  const units = useMemo(() => {
    const all = tree.data ?? [];
    return all
      .filter((u) => u.canManage && (u.kind === "community" || u.kind === "street"))
      .map((u) => ({ value: u.id, label: unitPath(all, u.id) }));
  }, [tree.data]);
  const unitId = positiveInt(params.get("unit")) ?? units[0]?.value;
  const draftId = positiveInt(params.get("draft"));
  const parentOf = (id: number) => tree.data?.find((u) => u.id === id)?.parentId ?? null;

  const setParam = (changes: Record<string, string | undefined>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) next.delete(k);
        else next.set(k, v);
      }
      return next;
    });

  const drafts = useQuery(
    trpc.report.summaryDrafts.queryOptions({ unitId: unitId ?? 0 }, { enabled: unitId !== undefined }),
  );
  const draft = useQuery(
    trpc.report.summary.queryOptions({ id: draftId ?? 0 }, { enabled: draftId !== undefined }),
  );

  const opened = (d: { id: number }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.report.summaryDrafts.queryKey() });
    queryClient.setQueryData(trpc.report.summary.queryKey({ id: d.id }), d as never);
    setParam({ draft: String(d.id) });
  };
  const generate = useMutation(
    trpc.report.generateSummary.mutationOptions({ onSuccess: opened, onError: (e) => showError(e) }),
  );
  const regenerate = useMutation(
    trpc.report.regenerateSummary.mutationOptions({
      onSuccess: (d) => {
        opened(d);
        void message.success("已重新生成，原草稿保留在列表中");
      },
      onError: (e) => showError(e),
    }),
  );
  const save = useMutation(
    trpc.report.saveSummaryParagraph.mutationOptions({
      onSuccess: (d) => {
        queryClient.setQueryData(trpc.report.summary.queryKey({ id: d.id }), d);
        void queryClient.invalidateQueries({ queryKey: trpc.report.summaryDrafts.queryKey() });
        void message.success("段落已保存");
      },
      onError: (e) => showError(e),
    }),
  );
  const docx = useMutation(
    trpc.report.summaryDocx.mutationOptions({
      onSuccess: (file) => downloadServerFile(file, DOCX_MIME),
      onError: (e) => showError(e),
    }),
  );

  const d = draft.data;
  return (
    <div>
      <Breadcrumb
        items={[
          { title: <Link to="/workbench">工作台</Link> },
          { title: "报表与导出" },
          { title: "工作总结" },
        ]}
      />
      <Typography.Title level={2} style={{ marginTop: 12 }}>
        工作总结
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        按社区或街道和统计期间，从系统数据生成总结草稿；逐段修改后下载为Word（公文格式），每个数字都列在文末附表中并注明来源。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title="生成总结">
            <SummaryPeriodForm
              units={units}
              campaigns={(campaigns.data ?? []).map((c) => ({ id: c.id, name: c.name, scopeId: c.scope.id }))}
              parentOf={parentOf}
              pending={generate.isPending}
              unitId={unitId}
              onUnit={(id) => setParam({ unit: String(id), draft: undefined })}
              onGenerate={(period) => unitId !== undefined && generate.mutate({ unitId, period })}
            />
          </Card>
          <Card title="已生成的草稿" style={{ marginTop: 16 }}>
            <List
              loading={drafts.isLoading}
              locale={{ emptyText: "还没有草稿" }}
              dataSource={drafts.data ?? []}
              renderItem={(item) => (
                <List.Item
                  style={{
                    cursor: "pointer",
                    background: item.id === draftId ? "#e6f4ff" : undefined,
                    paddingInline: 8,
                  }}
                  onClick={() => setParam({ draft: String(item.id) })}
                >
                  <List.Item.Meta
                    title={
                      <a
                        href={`?${new URLSearchParams({ ...(unitId ? { unit: String(unitId) } : {}), draft: String(item.id) })}`}
                        onClick={(e) => e.preventDefault()}
                      >
                        {item.periodLabel}
                      </a>
                    }
                    description={
                      <Space size={4} wrap>
                        <span>
                          {timeText(item.createdAt)} {item.createdByName ?? ""}生成
                        </span>
                        {item.editedParagraphs > 0 && <Tag color="blue">改过{item.editedParagraphs}段</Tag>}
                        {item.replaced && <Tag>已重新生成</Tag>}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            title={d ? d.title : "总结草稿"}
            extra={
              d && (
                <Space wrap>
                  <Popconfirm
                    title="重新生成总结？"
                    description="将按最新数据生成一份新草稿，当前草稿及修改保留在列表中。"
                    okText="重新生成"
                    cancelText="取消"
                    onConfirm={() => regenerate.mutate({ id: d.id })}
                  >
                    <Button icon={<ReloadOutlined aria-hidden />} loading={regenerate.isPending}>
                      重新生成
                    </Button>
                  </Popconfirm>
                  <Button
                    type="primary"
                    icon={<DownloadOutlined aria-hidden />}
                    loading={docx.isPending}
                    onClick={() => docx.mutate({ id: d.id })}
                  >
                    下载Word
                  </Button>
                </Space>
              )
            }
          >
            {draftId === undefined ? (
              <Empty description="选择单位和统计期间后生成草稿，或打开左侧已生成的草稿" />
            ) : draft.isLoading || !d ? (
              <Spin />
            ) : (
              <SummaryDocument
                doc={d.document}
                saving={save.isPending}
                onSave={(key, text) => save.mutateAsync({ id: d.id, key, text, version: d.version })}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
