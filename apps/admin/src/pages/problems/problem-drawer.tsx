import { useState } from "react";
import { App, Button, Descriptions, Drawer, Grid, Space, Spin, Typography } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import {
  PROBLEM_ACTION_LABELS,
  PROBLEM_SOURCE_LABELS,
  RATING_LABELS,
  REJECT_REASON_LABELS,
  STEP_ACTION_LABELS,
  type ProblemAction,
} from "@chuangcheng/domain/rules";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { DispatchModal, type DispatchTarget } from "./dispatch-modal";
import { DeadlineText, PhotoStrip, StateTag } from "./problem-bits";
import { RejectProblemModal } from "./reject-problem-modal";
import { ReviewModal } from "./review-modal";
import { SubmitModal } from "./submit-modal";

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * A problem's detail (problem.detail): where, what, the photos before and after, the timeline, and the
 * moves the caller may make now (nextActions, decided on the server by the same rule both apps use).
 */
export function ProblemDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const trpc = useTRPC();
  const wide = Grid.useBreakpoint().md !== false;
  const { message } = App.useApp();
  const showError = useShowError();
  const detail = useQuery(trpc.problem.detail.queryOptions({ id }));
  const [action, setAction] = useState<ProblemAction | null>(null);
  // The problem as it was when the action's dialog opened: a refetch meanwhile (the window focused
  // again, another tab's change) must not slip the newer version under a decision made on the older
  // one, so that someone acting first is answered with the conflict, not overwritten.
  const [seen, setSeen] = useState<NonNullable<typeof detail.data> | null>(null);
  const publish = useMutation(
    trpc.problem.setPublished.mutationOptions({
      onSuccess: (r) => void message.success(r.published ? "已公开到居民端" : "已取消公开"),
      onError: (error) => showError(error),
    }),
  );
  const p = detail.data;
  const close = () => {
    setAction(null);
    setSeen(null);
  };
  const open = (a: ProblemAction) => {
    setSeen(p ?? null);
    setAction(a);
  };
  const s = seen ?? p;
  const dispatchTarget = (kind: "dispatch" | "reassign"): DispatchTarget | null =>
    s
      ? {
          kind,
          id: s.id,
          version: s.version,
          communityId: s.communityId,
          courtyardId: s.courtyardId,
          category: s.category,
          assigneeId: kind === "reassign" ? s.assigneeId : null,
          deadline: kind === "reassign" ? s.deadline : null,
        }
      : null;
  const target = action === "dispatch" || action === "reassign" ? dispatchTarget(action) : null;

  return (
    <Drawer
      title={p ? `问题 #${p.id}` : "问题详情"}
      open
      onClose={onClose}
      size={wide ? 680 : "100%"}
      destroyOnHidden
    >
      {detail.isPending && <Spin />}
      {detail.isError && (
        <Typography.Paragraph type="danger">{errorMessage(detail.error)}</Typography.Paragraph>
      )}
      {p && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="problem-detail">
          {(p.nextActions.length > 0 || p.canPublish) && (
            <Space wrap>
              {p.nextActions.map((a) => (
                <Button
                  key={a}
                  type={a === "reject" || a === "return" ? "default" : "primary"}
                  danger={a === "reject"}
                  onClick={() => open(a)}
                >
                  {a === "submit" ? "整改完成" : PROBLEM_ACTION_LABELS[a]}
                </Button>
              ))}
              {p.canPublish && (
                <Button
                  loading={publish.isPending}
                  onClick={() => publish.mutate({ id: p.id, published: !p.published })}
                >
                  {p.published ? "取消公开" : "公开到居民端"}
                </Button>
              )}
            </Space>
          )}
          <Descriptions size="small" column={wide ? 2 : 1} bordered>
            <Descriptions.Item label="状态">
              <StateTag state={p.state} />
              {p.published && <Typography.Text type="secondary">已公开</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="类别">{p.categoryLabel}</Descriptions.Item>
            <Descriptions.Item label="位置" span={wide ? 2 : 1}>
              {[p.communityName, p.gridName, p.courtyardName, p.buildingName, p.place]
                .filter(Boolean)
                .join(" / ")}
            </Descriptions.Item>
            <Descriptions.Item label="问题描述" span={wide ? 2 : 1}>
              <span style={{ whiteSpace: "pre-wrap" }}>{p.description}</span>
            </Descriptions.Item>
            <Descriptions.Item label="来源">
              {PROBLEM_SOURCE_LABELS[p.source]}
              {p.referralOrigin ? `（${p.referralOrigin}）` : ""}
            </Descriptions.Item>
            <Descriptions.Item label="上报人">
              {p.reporter ? `${p.reporter.name} ${p.reporter.mobile}` : dash}
            </Descriptions.Item>
            <Descriptions.Item label="发现时间">
              {formatTime(p.createdAt, "YYYY-MM-DD HH:mm")}
            </Descriptions.Item>
            <Descriptions.Item label="责任人">{p.assigneeName ?? dash}</Descriptions.Item>
            <Descriptions.Item label="处置时限">
              <DeadlineText deadline={p.deadline} overdue={p.overdue} />
            </Descriptions.Item>
            <Descriptions.Item label="办结时间">
              {p.closedAt ? formatTime(p.closedAt, "YYYY-MM-DD HH:mm") : dash}
            </Descriptions.Item>
            {p.rejectReason && (
              <Descriptions.Item label="不予受理" span={wide ? 2 : 1}>
                {REJECT_REASON_LABELS[p.rejectReason]}
                {p.duplicateOf && `：与 #${p.duplicateOf.id}「${p.duplicateOf.description}」重复`}
                {p.referredDepartment && `：已转交${p.referredDepartment}`}
              </Descriptions.Item>
            )}
            {p.rating && (
              <Descriptions.Item label="居民评价" span={wide ? 2 : 1}>
                {RATING_LABELS[p.rating]}
                {p.ratingComment ? `：${p.ratingComment}` : ""}
              </Descriptions.Item>
            )}
          </Descriptions>
          <section aria-label="整改前照片">
            <Typography.Title level={5}>整改前</Typography.Title>
            <PhotoStrip photos={p.beforePhotos} label="整改前照片" size={96} />
          </section>
          <section aria-label="整改后照片">
            <Typography.Title level={5}>整改后</Typography.Title>
            <PhotoStrip photos={p.afterPhotos} label="整改后照片" size={96} />
          </section>
          <section aria-label="处理过程">
            <Typography.Title level={5}>处理过程</Typography.Title>
            <ol
              data-testid="problem-timeline"
              style={{ margin: 0, paddingLeft: 20, display: "grid", gap: 10 }}
            >
              {p.steps.map((s) => (
                <li key={s.id}>
                  <div>
                    <strong>{STEP_ACTION_LABELS[s.action]}</strong>
                    {s.actorName && <span> · {s.actorName}</span>}
                    <Typography.Text type="secondary">
                      {" "}
                      · {formatTime(s.createdAt, "YYYY-MM-DD HH:mm")}
                    </Typography.Text>
                  </div>
                  {s.assigneeName && (
                    <div>
                      责任人 {s.assigneeName}
                      {s.deadline && `，时限 ${s.deadline}`}
                    </div>
                  )}
                  {s.rating && <div>评价：{RATING_LABELS[s.rating]}</div>}
                  {s.note && <div style={{ whiteSpace: "pre-wrap" }}>{s.note}</div>}
                  {s.photos.length > 0 && s.action !== "report" && s.action !== "submit" && (
                    <PhotoStrip photos={s.photos} label="照片" size={56} />
                  )}
                </li>
              ))}
            </ol>
          </section>
        </Space>
      )}
      {s && target && <DispatchModal target={target} onClose={close} />}
      {s && action === "reject" && <RejectProblemModal problem={s} onClose={close} />}
      {s && action === "submit" && <SubmitModal problem={s} onClose={close} />}
      {s && (action === "approve" || action === "return") && (
        <ReviewModal problem={s} decision={action} onClose={close} />
      )}
    </Drawer>
  );
}
