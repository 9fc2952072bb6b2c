import { useState } from "react";
import { useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import ErrorBlock from "antd-mobile/es/components/error-block";
import Form from "antd-mobile/es/components/form";
import Tag from "antd-mobile/es/components/tag";
import TextArea from "antd-mobile/es/components/text-area";
import Toast from "antd-mobile/es/components/toast";
import { BOARD_CATEGORY_LABELS, BOARD_REASON_MAX } from "@chuangcheng/domain/rules";
import { dateTimeText } from "@chuangcheng/client";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { LoadError } from "../../layout/load-error";
import { PullRefresh } from "../../layout/pull-refresh";
import { photoIdsOf, photosUploading, type PickedPhoto } from "../../lib/photo-picker";
import { showServerError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { appealOutcomeText, noticeTag } from "./board-state";
import { dayText } from "./board-text";
import type { MyNotice } from "./board-types";
import { BoardPhotoField, PHOTO_FIELD_MAP, photosReady } from "./board-photo-field";
import "./board.css";

/** What the resident is told of where the entry stands and what they may still do. */
function noticeHint(n: MyNotice): string {
  const decided = n.appeals.at(-1)?.decision;
  if (n.state === "published" && decided === "upheld") {
    return "您的申诉未被采纳，此条按期公示。整改后榜上会注明“已整改”。";
  }
  if (n.canAppeal) {
    const from = n.startDate ? `${dayText(n.startDate)}起公示` : "告知期满后公示";
    return `社区拟将此事列入黑榜，${from}。如有异议，请在${dayText(n.noticeUntil!)}（含当日）前提出申诉；申诉处理期间不公示。`;
  }
  switch (n.state) {
    case "appealing":
      return "您的申诉正在处理，处理期间此条不公示。社区处理后会通知您。";
    case "rectified":
      return "此问题已整改，榜上注明“已整改”。感谢您的配合。";
    case "withdrawn":
      return "此条已撤榜，不再公示。";
    default:
      return "申诉期已过。如有异议，请联系社区。";
  }
}

function AppealForm({ notice }: { notice: MyNotice }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const appeal = useMutation(
    trpc.board.appeal.mutationOptions({
      onSuccess: async () => {
        Toast.show({ icon: "success", content: "申诉已提交" });
        await queryClient.invalidateQueries({ queryKey: trpc.board.mine.queryKey() });
      },
      onError: (error) => showServerError(error, { form, fieldMap: PHOTO_FIELD_MAP }),
    }),
  );
  const uploading = photosUploading(photos);
  const submit = (v: { reason?: string }) => {
    if (!photosReady(photos, form)) return;
    appeal.mutate({ id: notice.id, reason: v.reason ?? "", photos: photoIdsOf(photos) });
  };
  return (
    <section
      className="board-notice-section"
      aria-labelledby="board-appeal-title"
      data-testid="board-appeal-form"
    >
      <h2 id="board-appeal-title" className="board-notice-section-title">
        我要申诉
      </h2>
      <Form
        form={form}
        name="appeal"
        layout="vertical"
        requiredMarkStyle="text-optional"
        onFinish={submit}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={appeal.isPending || uploading}
            loadingText={uploading ? "照片上传中" : "正在提交"}
          >
            提交申诉
          </Button>
        }
      >
        <Form.Item
          label="申诉理由"
          name="reason"
          required
          rules={[
            { required: true, whitespace: true, message: "请填写申诉理由" },
            {
              validator: (_, v: string | undefined) =>
                Array.from(v ?? "").length <= BOARD_REASON_MAX
                  ? Promise.resolve()
                  : Promise.reject(new Error(`申诉理由最多${BOARD_REASON_MAX}字`)),
            },
          ]}
        >
          <TextArea
            placeholder="请说明情况，例如：杂物不是我家的，或已经清理"
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={BOARD_REASON_MAX}
            showCount
          />
        </Form.Item>
        <Form.Item label="照片" name="photos">
          <BoardPhotoField photos={photos} onPhotosChange={setPhotos} disabled={appeal.isPending} />
        </Form.Item>
      </Form>
    </section>
  );
}

function Appeals({ appeals }: { appeals: MyNotice["appeals"] }) {
  if (appeals.length === 0) return null;
  return (
    <section
      className="board-notice-section"
      aria-labelledby="board-appeals-title"
      data-testid="board-appeals"
    >
      <h2 id="board-appeals-title" className="board-notice-section-title">
        我的申诉
      </h2>
      <ol className="board-appeals">
        {appeals.map((a) => (
          <li key={a.createdAt} className="board-appeal" data-testid="board-appeal">
            <p className="board-appeal-reason">{a.reason}</p>
            <p className="board-mine-sub">{dateTimeText(a.createdAt)} 提交</p>
            <p
              className={`board-appeal-outcome board-appeal-${a.decision ?? "pending"}`}
              data-testid="board-appeal-outcome"
            >
              {appealOutcomeText(a.decision)}
            </p>
            {a.decisionReason && <p className="board-appeal-decision">处理意见：{a.decisionReason}</p>}
            {a.decidedAt && <p className="board-mine-sub">{dateTimeText(a.decidedAt)} 处理</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Notice({ id }: { id: number }) {
  const trpc = useTRPC();
  const mine = useQuery(trpc.board.mine.queryOptions());
  if (mine.isPending) return <PageLoading />;
  if (mine.isError) return <LoadError query={mine} />;
  const n = mine.data.notices.find((x) => x.id === id);
  if (!n) {
    return (
      <ErrorBlock
        status="empty"
        title="告知不存在"
        description="只能查看与您本人有关的黑榜告知，请返回我的推荐。"
      />
    );
  }
  return (
    <div data-testid="board-notice" data-entry-id={n.id}>
      <section className="board-notice-hero">
        <div className="board-mine-head">
          <span className="board-notice-category">黑榜 · {BOARD_CATEGORY_LABELS[n.category]}</span>
          <Tag color={noticeTag(n).color} data-testid="board-notice-state">
            {noticeTag(n).text}
          </Tag>
        </div>
        <h2 className="board-notice-title">{n.title}</h2>
        <p className="board-notice-hint" data-testid="board-notice-hint">
          {noticeHint(n)}
        </p>
        <p className="board-notice-description">{n.description}</p>
        <dl className="board-entry-facts">
          <dt>地点</dt>
          <dd>{n.place}</dd>
          {n.startDate && (
            <>
              <dt>公示期</dt>
              <dd>
                {dayText(n.startDate)}
                {n.endDate && ` 至 ${dayText(n.endDate)}`}
              </dd>
            </>
          )}
          {n.noticeUntil && (
            <>
              <dt>申诉截止</dt>
              <dd data-testid="board-notice-until">{dayText(n.noticeUntil)}</dd>
            </>
          )}
        </dl>
      </section>
      {/* One 申诉 per entry: once filed, the page shows where it stands instead of the form. */}
      {n.canAppeal && n.appeals.length === 0 && <AppealForm notice={n} />}
      <Appeals appeals={n.appeals} />
    </div>
  );
}

/** 黑榜公示告知: an entry about me before it shows, and my 申诉 while the notice period lasts. */
export default function BoardNoticePage() {
  const trpc = useTRPC();
  const { id } = useParams();
  const entryId = Number(id);
  const valid = Number.isInteger(entryId) && entryId > 0;
  return (
    <div className="page board-notice-page">
      <PageHeader>黑榜公示告知</PageHeader>
      {valid ? (
        <RequireLogin>
          {() => (
            <PullRefresh queryKeys={[trpc.board.pathKey()]}>
              <Notice id={entryId} />
            </PullRefresh>
          )}
        </RequireLogin>
      ) : (
        <ErrorBlock status="empty" title="告知不存在" description="链接有误，请返回我的推荐。" />
      )}
    </div>
  );
}
