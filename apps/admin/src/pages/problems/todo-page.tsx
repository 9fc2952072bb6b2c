import { useState } from "react";
import { Button, Empty, Pagination, Space, Spin, Typography } from "antd";
import { CameraOutlined, PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { PhotoStrip } from "./problem-bits";
import { ProblemCard, type ProblemRow } from "./problem-card";
import { ProblemDrawer } from "./problem-drawer";
import { SubmitModal } from "./submit-modal";

const PAGE_SIZE = 20;

/** Overdue first, then as the server ordered them (整改中 by deadline, then 待复查). */
export function overdueFirst<T extends { overdue: boolean }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
}

/**
 * 我的待办, made for a phone: the problems the user is 责任人 of, overdue first; 整改完成 takes the
 * photos after from the camera and a note. 待复查 ones wait for someone else.
 */
export default function TodoPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const todo = useQuery({
    ...trpc.problem.todo.queryOptions({ page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const [submitting, setSubmitting] = useState<ProblemRow | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const items = overdueFirst(todo.data?.items ?? []);
  const overdue = items.filter((p) => p.overdue).length;

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%", maxWidth: 640 }}>
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          我的待办
        </Typography.Title>
        <RefreshButton queryKeys={[trpc.problem.todo.pathKey()]} />
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => navigate("/problems/new")}>
          新建巡查
        </Button>
      </div>
      {todo.data && (
        <Typography.Text data-testid="todo-summary">
          共 {todo.data.total} 件
          {overdue > 0 && <Typography.Text type="danger">，其中超期 {overdue} 件</Typography.Text>}
        </Typography.Text>
      )}
      {todo.isPending && <Spin />}
      {todo.isError && <Typography.Paragraph type="danger">{errorMessage(todo.error)}</Typography.Paragraph>}
      {todo.data && items.length === 0 && <Empty description="没有待办的问题" />}
      {items.map((p) => (
        <ProblemCard
          key={p.id}
          problem={p}
          actions={
            <>
              {p.state === "rectifying" && (
                <Button type="primary" icon={<CameraOutlined aria-hidden />} onClick={() => setSubmitting(p)}>
                  整改完成
                </Button>
              )}
              <Button onClick={() => setOpenId(p.id)}>查看详情</Button>
            </>
          }
        >
          {p.thumb && <PhotoStrip photos={[p.thumb]} label="整改前照片" />}
        </ProblemCard>
      ))}
      {(todo.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          simple
          current={page}
          pageSize={PAGE_SIZE}
          total={todo.data?.total ?? 0}
          onChange={setPage}
        />
      )}
      {submitting && <SubmitModal problem={submitting} onClose={() => setSubmitting(null)} />}
      {openId !== null && <ProblemDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Space>
  );
}
