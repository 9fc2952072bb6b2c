import { useState } from "react";
import { Button, Empty, Pagination, Space, Spin, Typography } from "antd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { PhotoStrip } from "./problem-bits";
import { ProblemCard, type ProblemRow } from "./problem-card";
import { ProblemDrawer } from "./problem-drawer";
import { ReviewModal } from "./review-modal";

const PAGE_SIZE = 20;

/** The photos before and after and the rectification note of one problem waiting for 复查. */
function ReviewEvidence({ id }: { id: number }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.problem.detail.queryOptions({ id }));
  if (!detail.data) return detail.isPending ? <Spin size="small" /> : null;
  const submitted = detail.data.steps.filter((s) => s.action === "submit").at(-1);
  return (
    <Space orientation="vertical" size={4} style={{ width: "100%" }}>
      <span>整改前</span>
      <PhotoStrip photos={detail.data.beforePhotos} label="整改前照片" />
      <span>整改后</span>
      <PhotoStrip photos={detail.data.afterPhotos} label="整改后照片" />
      {submitted?.note && (
        <span>
          整改情况：{submitted.note}
          {submitted.actorName && (
            <Typography.Text type="secondary">（{submitted.actorName}）</Typography.Text>
          )}
        </span>
      )}
    </Space>
  );
}

/** 复查, made for a phone: 待复查 problems someone else rectified; 复查通过 or 退回整改 with the reason. */
export default function ReviewQueuePage() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const queue = useQuery({
    ...trpc.problem.reviewQueue.queryOptions({ page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const [reviewing, setReviewing] = useState<{ problem: ProblemRow; decision: "approve" | "return" } | null>(
    null,
  );
  const [openId, setOpenId] = useState<number | null>(null);
  const items = queue.data?.items ?? [];
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%", maxWidth: 640 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          复查
        </Typography.Title>
        <RefreshButton queryKeys={[trpc.problem.reviewQueue.pathKey()]} />
      </div>
      {queue.isPending && <Spin />}
      {queue.isError && (
        <Typography.Paragraph type="danger">{errorMessage(queue.error)}</Typography.Paragraph>
      )}
      {queue.data && items.length === 0 && <Empty description="没有待复查的问题" />}
      {items.map((p) => (
        <ProblemCard
          key={p.id}
          problem={p}
          actions={
            <>
              <Button type="primary" onClick={() => setReviewing({ problem: p, decision: "approve" })}>
                复查通过
              </Button>
              <Button danger onClick={() => setReviewing({ problem: p, decision: "return" })}>
                退回整改
              </Button>
              <Button onClick={() => setOpenId(p.id)}>查看详情</Button>
            </>
          }
        >
          <ReviewEvidence id={p.id} />
        </ProblemCard>
      ))}
      {(queue.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          simple
          current={page}
          pageSize={PAGE_SIZE}
          total={queue.data?.total ?? 0}
          onChange={setPage}
        />
      )}
      {reviewing && (
        <ReviewModal
          problem={reviewing.problem}
          decision={reviewing.decision}
          onClose={() => setReviewing(null)}
        />
      )}
      {openId !== null && <ProblemDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Space>
  );
}
