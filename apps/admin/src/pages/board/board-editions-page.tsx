import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Empty, List, Space, Spin, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMutation, useQuery } from "@tanstack/react-query";
import { chinaToday, formatTime } from "@chuangcheng/client";
import { BOARD_CATEGORY_LABELS } from "@chuangcheng/domain/rules";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { BoardStateTag, KindTag, windowText } from "./board-bits";
import { useBoardCommunity } from "./board-community";
import { useRefreshBoard } from "./board-modals";

interface Edition {
  id: number;
  month: string;
  title: string;
  publishedAt: string | null;
  entries: number;
}

/**
 * An edition's entries before (and after) it is published: an approved entry belongs to the edition
 * of the month it starts in, so these are the 社区's 已公示 / 申诉中 / 已整改 entries starting that month.
 */
function EditionPreview({ communityId, edition }: { communityId: number; edition: Edition }) {
  const trpc = useTRPC();
  const query = (state: "published" | "appealing" | "rectified") =>
    trpc.board.list.queryOptions({ communityId, state, page: 1, pageSize: 100 });
  const published = useQuery(query("published"));
  const appealing = useQuery(query("appealing"));
  const rectified = useQuery(query("rectified"));
  const parts = [published, appealing, rectified];
  if (parts.some((p) => p.isPending)) return <Spin />;
  const error = parts.find((p) => p.isError)?.error;
  if (error) return <Typography.Paragraph type="danger">{errorMessage(error)}</Typography.Paragraph>;
  const items = parts
    .flatMap((p) => p.data?.items ?? [])
    .filter((e) => e.startDate?.slice(0, 7) === edition.month)
    // 白榜 first, as on the board.
    .sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === "white" ? -1 : 1));
  return (
    <section aria-label={`预览 ${edition.title}`} data-testid="edition-preview">
      <Typography.Title level={5}>
        预览：{edition.title}
        {edition.publishedAt ? "（已发布）" : "（未发布）"}
      </Typography.Title>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本期还没有审核通过的条目" />
      ) : (
        <List
          size="small"
          bordered
          dataSource={items}
          renderItem={(e) => (
            <List.Item>
              <Space wrap>
                <KindTag kind={e.kind} />
                <span>{BOARD_CATEGORY_LABELS[e.category]}</span>
                <strong>{e.title}</strong>
                <span>{e.courtyardName}</span>
                <span>{windowText(e.startDate, e.endDate)}</span>
                <BoardStateTag state={e.state} />
                {e.inNotice && <Tag color="orange">申诉告知期至 {e.noticeUntil}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}

/** 期次: a 社区's monthly editions; prepare a month's, preview it, 发布 it (once: a second is refused). */
export default function BoardEditionsPage() {
  const trpc = useTRPC();
  const { modal, message } = App.useApp();
  const refresh = useRefreshBoard();
  const { communityId, picker, isPending } = useBoardCommunity();
  const [month, setMonth] = useState(() => dayjs(chinaToday().slice(0, 7) + "-01"));
  const [previewId, setPreviewId] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const editions = useQuery({
    ...trpc.board.editions.queryOptions({ communityId: communityId ?? 0 }),
    enabled: communityId !== undefined,
  });
  const prepare = useMutation(
    trpc.board.prepareEdition.mutationOptions({
      onSuccess: ({ id }) => {
        void message.success(`已准备 ${month.format("YYYY年M月")} 的期次`);
        setPreviewId(id);
        void refresh();
      },
      onError: (error) => setRefusal(errorMessage(error)),
    }),
  );
  const publish = useMutation(
    trpc.board.publishEdition.mutationOptions({
      onSuccess: () => {
        setRefusal(null);
        void message.success("已发布，本期条目已在黑白榜公示");
      },
      // The server's words (该期红黑榜已发布，不能重复发布 …), kept on the page until the next try.
      onError: (error) => setRefusal(errorMessage(error)),
      onSettled: () => void refresh(),
    }),
  );

  if (isPending) return <Spin />;
  if (communityId === undefined) return <Empty description="您没有管理的社区" />;
  const rows = editions.data ?? [];
  const preview = rows.find((r) => r.id === previewId);
  const askPublish = (e: Edition) =>
    modal.confirm({
      title: `发布 ${e.title}？`,
      content: "发布后，本期审核通过的条目立即在黑白榜公示（有申诉告知期的，告知期满后显示）。",
      okText: "发布",
      cancelText: "取消",
      onOk: () => {
        setRefusal(null);
        publish.mutate({ id: e.id });
      },
    });

  return (
    <Card
      title="期次发布"
      size="small"
      extra={
        <Space wrap>
          {picker}
          <RefreshButton queryKeys={[trpc.board.pathKey()]} />
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: "100%" }}>
        <Space wrap align="center">
          <label htmlFor="edition-month">月份</label>
          <DatePicker
            id="edition-month"
            picker="month"
            allowClear={false}
            value={month}
            format="YYYY-MM"
            onChange={(d) => d && setMonth(d)}
          />
          <Button
            type="primary"
            loading={prepare.isPending}
            onClick={() => prepare.mutate({ communityId, month: month.format("YYYY-MM") })}
          >
            准备期次
          </Button>
        </Space>
        {refusal && <Alert type="error" showIcon title={refusal} data-testid="edition-refusal" />}
        {editions.isError && (
          <Typography.Paragraph type="danger">{errorMessage(editions.error)}</Typography.Paragraph>
        )}
        <Table<Edition>
          rowKey="id"
          size="small"
          loading={editions.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 560 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有期次" /> }}
          columns={[
            { title: "期次", dataIndex: "title", key: "title" },
            { title: "条目", dataIndex: "entries", key: "entries", width: 70 },
            {
              title: "状态",
              key: "state",
              width: 190,
              render: (_, e) =>
                e.publishedAt ? (
                  <Tag color="green">已发布 {formatTime(e.publishedAt, "YYYY-MM-DD HH:mm")}</Tag>
                ) : (
                  <Tag color="orange">未发布</Tag>
                ),
            },
            {
              title: "操作",
              key: "actions",
              width: 150,
              render: (_, e) => (
                <Space>
                  <Button size="small" aria-label={`预览 ${e.title}`} onClick={() => setPreviewId(e.id)}>
                    预览
                  </Button>
                  {!e.publishedAt && (
                    <Button
                      size="small"
                      type="primary"
                      aria-label={`发布 ${e.title}`}
                      loading={publish.isPending && publish.variables?.id === e.id}
                      onClick={() => askPublish(e)}
                    >
                      发布
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        {preview && <EditionPreview communityId={communityId} edition={preview} />}
      </Space>
    </Card>
  );
}
