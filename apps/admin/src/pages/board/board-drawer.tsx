import { useState } from "react";
import { App, Button, Descriptions, Drawer, Grid, Space, Spin, Typography } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import { formatTime } from "@chuangcheng/client";
import { BOARD_CATEGORY_LABELS, BOARD_SOURCE_LABELS } from "@chuangcheng/domain/rules";
import { can, useMe } from "../../lib/auth";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { PhotoStrip } from "../problems/problem-bits";
import { BoardStateTag, KindTag, SUBJECT_KIND_LABELS, windowText } from "./board-bits";
import { BoardPhotos } from "./board-mosaic-modal";
import { EditEntryModal } from "./board-edit-modal";
import {
  ApproveModal,
  DecideAppealForm,
  ReasonModal,
  useBoardMoveError,
  useRefreshBoard,
} from "./board-modals";

const dash = <Typography.Text type="secondary">—</Typography.Text>;
type Dialog = "approve" | "reject" | "withdraw" | "edit" | null;

/**
 * One entry as staff see it (board.detail): photos, the subject by name, whether a resident is linked,
 * the state, the 公示 window and notice period, its edition, why it is not on the board, the 申诉;
 * and the moves its state allows (the server checks each again: the proposer may not approve).
 */
export function BoardDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const wide = Grid.useBreakpoint().md !== false;
  const me = useMe();
  const moderates = can(me.data, "board.moderate");
  const { message } = App.useApp();
  const moveError = useBoardMoveError();
  const refresh = useRefreshBoard();
  const detail = useQuery(trpc.board.detail.queryOptions({ id }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const done = (text: string) => () => {
    void message.success(text);
    void refresh();
  };
  const onError = (error: unknown) => moveError(error);
  const confirm = useMutation(
    trpc.board.confirmPhotos.mutationOptions({ onSuccess: done("已确认照片已打码"), onError }),
  );
  const consent = useMutation(
    trpc.board.recordConsent.mutationOptions({ onSuccess: done("已记录实名同意"), onError }),
  );
  const rectify = useMutation(
    trpc.board.rectify.mutationOptions({ onSuccess: done("已标记为已整改"), onError }),
  );
  const submit = useMutation(trpc.board.submit.mutationOptions({ onSuccess: done("已提交审核"), onError }));
  const e = detail.data;
  const open = e && e.state !== "withdrawn" && e.state !== "rejected";
  // A 已整改 entry's photos after are covered by the same 打码 confirmation as its own.
  const photoCount = e ? e.photos.length + e.afterPhotos.length : 0;
  const span = wide ? 2 : 1;

  const actions = e ? (
    <Space wrap>
      {(e.state === "draft" || e.state === "pending") && (
        <Button onClick={() => setDialog("edit")}>修改</Button>
      )}
      {e.state === "draft" && (
        <Button
          type="primary"
          loading={submit.isPending}
          onClick={() => submit.mutate({ id: e.id, version: e.version })}
        >
          提交审核
        </Button>
      )}
      {moderates && open && e.kind === "black" && photoCount > 0 && !e.photosConfirmed && (
        <Button loading={confirm.isPending} onClick={() => confirm.mutate({ id: e.id })}>
          确认照片已打码
        </Button>
      )}
      {moderates && open && e.kind === "white" && e.subjectKind === "person" && !e.consented && (
        <Button loading={consent.isPending} onClick={() => consent.mutate({ id: e.id })}>
          记录实名同意
        </Button>
      )}
      {moderates && e.state === "pending" && (
        <>
          <Button type="primary" onClick={() => setDialog("approve")}>
            审核通过
          </Button>
          <Button danger onClick={() => setDialog("reject")}>
            驳回
          </Button>
        </>
      )}
      {moderates && e.kind === "black" && (e.state === "published" || e.state === "appealing") && (
        <Button loading={rectify.isPending} onClick={() => rectify.mutate({ id: e.id, version: e.version })}>
          标记已整改
        </Button>
      )}
      {moderates && (e.state === "published" || e.state === "rectified") && (
        <Button danger onClick={() => setDialog("withdraw")}>
          撤榜
        </Button>
      )}
    </Space>
  ) : null;

  return (
    <Drawer
      title={e ? `黑白榜条目 #${e.id}` : "黑白榜条目"}
      open
      onClose={onClose}
      size={wide ? 680 : "100%"}
      destroyOnHidden
    >
      {detail.isPending && <Spin />}
      {detail.isError && (
        <Typography.Paragraph type="danger">{errorMessage(detail.error)}</Typography.Paragraph>
      )}
      {e && (
        <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="board-detail">
          {(e.state === "draft" || (moderates && open)) && actions}
          <Descriptions size="small" column={span} bordered>
            <Descriptions.Item label="状态">
              <BoardStateTag state={e.state} />
            </Descriptions.Item>
            <Descriptions.Item label="榜别 / 类别">
              <KindTag kind={e.kind} />
              {BOARD_CATEGORY_LABELS[e.category]}
            </Descriptions.Item>
            <Descriptions.Item label="标题" span={span}>
              {e.title}
            </Descriptions.Item>
            <Descriptions.Item label="情况说明" span={span}>
              <span style={{ whiteSpace: "pre-wrap" }}>{e.description}</span>
            </Descriptions.Item>
            <Descriptions.Item label="对象">
              {SUBJECT_KIND_LABELS[e.subjectKind]}
              {e.subjectName ? `：${e.subjectName}` : ""}
              {e.kind === "white" && e.subjectKind === "person" && (
                <Typography.Text type="secondary">
                  {e.consented ? "（已同意实名）" : "（未同意实名，公开时隐去名字）"}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="关联居民账号">
              {e.linkedResident ? "是（公示前告知，可申诉）" : "否"}
            </Descriptions.Item>
            <Descriptions.Item label="来源">{BOARD_SOURCE_LABELS[e.source]}</Descriptions.Item>
            <Descriptions.Item label="照片打码">
              {photoCount === 0 ? "无照片" : e.photosConfirmed ? "已确认" : "未确认"}
            </Descriptions.Item>
            <Descriptions.Item label="公示期">{windowText(e.startDate, e.endDate)}</Descriptions.Item>
            <Descriptions.Item label="申诉告知期">
              {e.noticeUntil ? `至 ${e.noticeUntil}` : dash}
            </Descriptions.Item>
            <Descriptions.Item label="期次">
              {e.edition ? `${e.edition.title}（${e.edition.published ? "已发布" : "未发布"}）` : dash}
            </Descriptions.Item>
            <Descriptions.Item label="榜上显示">
              {e.onBoard ? "正在公示" : `未显示：${e.offBoardReason ?? "—"}`}
            </Descriptions.Item>
            {e.rejectReason && (
              <Descriptions.Item label="驳回原因" span={span}>
                {e.rejectReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          <section aria-label="照片">
            <Typography.Title level={5}>照片</Typography.Title>
            <BoardPhotos
              entryId={e.id}
              photos={e.photos}
              originals={e.originals}
              canMosaic={moderates && e.state !== "withdrawn"}
            />
          </section>
          {e.afterPhotos.length > 0 && (
            // Copies of its problem's 整改上报 photos: on the board once the admin confirmed them (above).
            <section aria-label="整改后照片">
              <Typography.Title level={5}>整改后照片</Typography.Title>
              <PhotoStrip photos={e.afterPhotos} label="整改后照片" size={88} />
            </section>
          )}
          {e.appeals.length > 0 && (
            <section aria-label="申诉">
              <Typography.Title level={5}>申诉</Typography.Title>
              <ol style={{ margin: 0, paddingLeft: 20, display: "grid", gap: 10 }}>
                {e.appeals.map((a) => (
                  <li key={a.id}>
                    <div>
                      <strong>申诉理由</strong>
                      <Typography.Text type="secondary">
                        {" "}
                        · {formatTime(a.createdAt, "YYYY-MM-DD HH:mm")}
                      </Typography.Text>
                    </div>
                    <div style={{ whiteSpace: "pre-wrap" }}>{a.reason}</div>
                    {a.photos.length > 0 && <PhotoStrip photos={a.photos} label="照片" size={56} />}
                    {a.decision ? (
                      <div>
                        处理决定：{a.decision === "upheld" ? "维持" : "撤销"}
                        {a.decisionReason ? `，${a.decisionReason}` : ""}
                      </div>
                    ) : (
                      <Typography.Text type="warning">待处理</Typography.Text>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          )}
          {moderates && e.state === "appealing" && (
            <section aria-label="处理申诉">
              <Typography.Title level={5}>处理申诉</Typography.Title>
              <DecideAppealForm entryId={e.id} />
            </section>
          )}
        </Space>
      )}
      {e && dialog === "approve" && <ApproveModal entry={e} onClose={() => setDialog(null)} />}
      {e && dialog === "edit" && <EditEntryModal entry={e} onClose={() => setDialog(null)} />}
      {e && dialog === "reject" && (
        <ReasonModal
          title="驳回"
          label="驳回原因"
          okText="驳回"
          placeholder="告知提名人的原因"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await client.board.reject.mutate({ id: e.id, version: e.version, reason });
            done("已驳回")();
          }}
        />
      )}
      {e && dialog === "withdraw" && (
        <ReasonModal
          title="撤榜"
          label="撤榜原因"
          okText="撤榜"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await client.board.withdraw.mutate({ id: e.id, version: e.version, reason });
            done("已撤榜")();
          }}
        />
      )}
    </Drawer>
  );
}
