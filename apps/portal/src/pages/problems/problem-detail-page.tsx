import { useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import ErrorBlock from "antd-mobile/es/components/error-block";
import Tag from "antd-mobile/es/components/tag";
import { RATING_LABELS, REJECT_REASON_LABELS } from "@chuangcheng/domain/rules";
import { dateTimeText } from "@chuangcheng/client";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { LoadError } from "../../layout/load-error";
import { PullRefresh } from "../../layout/pull-refresh";
import { errorCode, useTRPC, type MyProblemDetail } from "../../lib/trpc";
import { PhotoStrip } from "./problem-photos";
import { RatingForm } from "./problem-rating";
import { STATE_TAG_COLOR, placeText, stateHint, stateText } from "./problem-state";
import "./problems.css";

type Step = MyProblemDetail["steps"][number];

/** A timeline entry in the reporter's words. Staff are 社区工作人员, never named. */
function stepTitle(s: Step): string {
  switch (s.action) {
    case "report":
      return "提交随手拍";
    case "dispatch":
      return s.deadline ? `社区已受理，安排整改，期限 ${s.deadline}` : "社区已受理，安排整改";
    case "reassign":
      return "社区调整了整改安排";
    case "reject":
      return "不予受理";
    case "submit":
      return "整改完成，等待复查";
    case "return":
      return "复查未通过，继续整改";
    case "approve":
      return "复查通过，问题办结";
    case "rate":
      return s.rating ? `评价：${RATING_LABELS[s.rating]}` : "评价";
    case "reopen":
      return "因不满意，退回社区重新复查";
  }
}

const actorText = (s: Step) => (s.actor === "me" ? "我" : "社区工作人员");

function Timeline({ steps }: { steps: Step[] }) {
  // Newest first: what changed last is what the resident opened the page for.
  const ordered = [...steps].reverse();
  return (
    <section className="problem-section" aria-labelledby="problem-timeline-title">
      <h2 id="problem-timeline-title" className="problem-section-title">
        办理进度
      </h2>
      <ol className="problem-timeline" data-testid="problem-timeline">
        {ordered.map((s, i) => (
          <li key={s.id} className={i === 0 ? "problem-step problem-step-latest" : "problem-step"}>
            <span className="problem-step-title">{stepTitle(s)}</span>
            <span className="problem-step-meta">
              {actorText(s)} · <time dateTime={s.createdAt}>{dateTimeText(s.createdAt)}</time>
            </span>
            {s.note && <span className="problem-step-note">{s.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Outcome({ p }: { p: MyProblemDetail }) {
  if (p.canRate) return <RatingForm problem={p} />;
  if (p.rating) {
    return (
      <section className="problem-section" aria-labelledby="problem-rated-title" data-testid="problem-rated">
        <h2 id="problem-rated-title" className="problem-section-title">
          我的评价
        </h2>
        <p className="problem-rated">
          <Tag color={p.rating === "unsatisfied" ? "danger" : "success"}>{RATING_LABELS[p.rating]}</Tag>
          {p.ratingComment && <span className="problem-rated-comment">{p.ratingComment}</span>}
        </p>
      </section>
    );
  }
  return null;
}

function ProblemDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.problem.myDetail.queryOptions({ id }));
  if (detail.isPending) return <PageLoading />;
  if (detail.isError) {
    return errorCode(detail.error) === "NOT_FOUND" ? (
      <ErrorBlock
        status="empty"
        title="问题不存在"
        description="只能查看您自己上报的问题，请返回我的随手拍。"
      />
    ) : (
      <LoadError query={detail} />
    );
  }
  const p = detail.data;
  return (
    <div data-testid="problem-detail" data-problem-id={p.id}>
      <section className="problem-hero">
        <div className="problem-item-head">
          <span className="problem-hero-category">{p.categoryLabel}</span>
          <Tag color={STATE_TAG_COLOR[p.state]} data-testid="problem-state">
            {stateText(p)}
          </Tag>
        </div>
        <p className="problem-hero-hint" data-testid="problem-hint">
          {stateHint(p)}
        </p>
        <p className="problem-hero-description">{p.description}</p>
        <dl className="problem-facts">
          <dt>位置</dt>
          <dd>{placeText(p)}</dd>
          <dt>上报时间</dt>
          <dd>{dateTimeText(p.createdAt)}</dd>
          {p.deadline && p.state !== "closed" && p.state !== "rejected" && (
            <>
              <dt>整改期限</dt>
              <dd>{p.deadline}</dd>
            </>
          )}
          {p.closedAt && (
            <>
              <dt>办结时间</dt>
              <dd>{dateTimeText(p.closedAt)}</dd>
            </>
          )}
          {p.rejectReason && (
            <>
              <dt>不予受理原因</dt>
              <dd>
                {REJECT_REASON_LABELS[p.rejectReason]}
                {p.referredDepartment && `，已转交${p.referredDepartment}`}
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="problem-section" aria-labelledby="problem-before-title">
        <h2 id="problem-before-title" className="problem-section-title">
          整改前
        </h2>
        <PhotoStrip photos={p.beforePhotos} label="整改前照片" testId="problem-before-photos" />
      </section>
      {p.state === "closed" && p.afterPhotos.length > 0 && (
        <section className="problem-section" aria-labelledby="problem-after-title">
          <h2 id="problem-after-title" className="problem-section-title">
            整改后
          </h2>
          <PhotoStrip photos={p.afterPhotos} label="整改后照片" testId="problem-after-photos" />
        </section>
      )}
      <Outcome p={p} />
      <Timeline steps={p.steps} />
    </div>
  );
}

/** One of the resident's own reports: where it stands, its photos, the timeline and the rating. */
export default function ProblemDetailPage() {
  const trpc = useTRPC();
  const { id } = useParams();
  const problemId = Number(id);
  const valid = Number.isInteger(problemId) && problemId > 0;
  return (
    <div className="page problem-detail-page">
      <PageHeader>随手拍详情</PageHeader>
      {valid ? (
        <RequireLogin>
          {() => (
            <PullRefresh queryKeys={[trpc.problem.pathKey()]}>
              <ProblemDetail id={problemId} />
            </PullRefresh>
          )}
        </RequireLogin>
      ) : (
        <ErrorBlock status="empty" title="问题不存在" description="链接有误，请返回我的随手拍。" />
      )}
    </div>
  );
}
