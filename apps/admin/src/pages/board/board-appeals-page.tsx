import { Card, Empty, Space, Spin, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import { BOARD_CATEGORY_LABELS } from "@chuangcheng/domain/rules";
import { Link } from "react-router";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { PhotoStrip } from "../problems/problem-bits";
import { KindTag, windowText } from "./board-bits";
import { useBoardCommunity } from "./board-community";
import { DecideAppealForm } from "./board-modals";

/** One 申诉中 entry: what it says, the appeal (reason, photos) and the decision form. */
function AppealCard({ id }: { id: number }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.board.detail.queryOptions({ id }));
  const e = detail.data;
  if (detail.isPending) return <Spin />;
  if (!e) return <Typography.Paragraph type="danger">{errorMessage(detail.error)}</Typography.Paragraph>;
  const open = e.appeals.find((a) => a.decision === null) ?? e.appeals[0];
  return (
    <Card
      size="small"
      data-testid="board-appeal"
      title={
        <span>
          <KindTag kind={e.kind} />
          <Link to={`/board/${e.id}?state=appealing`} style={{ color: "#0847b8" }}>
            #{e.id} {e.title}
          </Link>
        </span>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <div>
          {BOARD_CATEGORY_LABELS[e.category]} · 对象：{e.subjectName ?? "地点"} · 公示期：
          {windowText(e.startDate, e.endDate)}
        </div>
        <div style={{ whiteSpace: "pre-wrap" }}>{e.description}</div>
        {e.photos.length > 0 && <PhotoStrip photos={e.photos} label="照片" size={72} />}
        {open && (
          <section aria-label="申诉理由" style={{ background: "#fafafa", padding: 12, borderRadius: 6 }}>
            <strong>申诉理由</strong>
            <Typography.Text type="secondary">
              {" "}
              · {formatTime(open.createdAt, "YYYY-MM-DD HH:mm")}
            </Typography.Text>
            <div style={{ whiteSpace: "pre-wrap" }}>{open.reason}</div>
            {open.photos.length > 0 && <PhotoStrip photos={open.photos} label="照片" size={56} />}
          </section>
        )}
        <DecideAppealForm entryId={e.id} />
      </Space>
    </Card>
  );
}

/** 申诉处理: the 黑榜 entries whose linked resident appealed; each decided 维持 or 撤销 with a reason. */
export default function BoardAppealsPage() {
  const trpc = useTRPC();
  const { communityId, picker, isPending } = useBoardCommunity();
  const list = useQuery({
    ...trpc.board.list.queryOptions({ communityId, state: "appealing", page: 1, pageSize: 50 }),
    enabled: communityId !== undefined,
  });
  if (isPending) return <Spin />;
  if (communityId === undefined) return <Empty description="您没有管理的社区" />;
  return (
    <Card
      title="申诉处理"
      size="small"
      extra={
        <Space wrap>
          {picker}
          <RefreshButton queryKeys={[trpc.board.pathKey()]} />
        </Space>
      }
    >
      {list.isError && <Typography.Paragraph type="danger">{errorMessage(list.error)}</Typography.Paragraph>}
      {list.isPending ? (
        <Spin />
      ) : (list.data?.items.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待处理的申诉" />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          {list.data?.items.map((r) => (
            <AppealCard key={r.id} id={r.id} />
          ))}
        </Space>
      )}
    </Card>
  );
}
