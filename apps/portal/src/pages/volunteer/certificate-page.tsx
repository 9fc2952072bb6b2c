import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import List from "antd-mobile/es/components/list";
import Selector from "antd-mobile/es/components/selector";
import Tag from "antd-mobile/es/components/tag";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { LoadError } from "../../layout/load-error";
import { useTRPC } from "../../lib/trpc";
import { errorMessage, toastError } from "../../lib/server-errors";
import "./certificate.css";

// 志愿服务证明: the volunteer picks a period, sees the confirmed hours and activities it would certify,
// and downloads it as PDF (for printing) or Word. Downloading issues the certificate (recorded, with a
// verification code) once per period and hours; the issued ones stay listed to download again.

type Choice = "thisYear" | "lastYear" | "custom";

/** Today in China, YYYY-MM-DD (the server checks the period against the same day). */
function chinaToday(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

function periodOf(choice: Choice, custom: { start: string; end: string }) {
  const today = chinaToday();
  const year = Number(today.slice(0, 4));
  if (choice === "thisYear") return { periodStart: `${year}-01-01`, periodEnd: today };
  if (choice === "lastYear") return { periodStart: `${year - 1}-01-01`, periodEnd: `${year - 1}-12-31` };
  return { periodStart: custom.start, periodEnd: custom.end };
}

/** Lets the browser save the file the server sends as an attachment. */
function download(url: string) {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  a.download = "";
  document.body.appendChild(a);
  a.click();
  a.remove();
}

const fileUrl = (id: number, format: "pdf" | "docx") => `/api/certificates/${id}.${format}`;

function IssuedList() {
  const trpc = useTRPC();
  const list = useQuery(trpc.volunteer.certificates.queryOptions({}));
  if (!list.data || list.data.items.length === 0) return null;
  return (
    <List header="已开具的证明" mode="card" data-testid="certificate-issued">
      {list.data.items.map((c) => (
        <List.Item
          key={c.id}
          data-testid="certificate-issued-item"
          description={
            <>
              <span className="certificate-code">验证码 {c.code}</span>
              {c.revokedAt && <span className="certificate-revoked">撤销原因：{c.revokeReason}</span>}
            </>
          }
          extra={
            c.revokedAt ? (
              <Tag color="danger">已撤销</Tag>
            ) : (
              <span className="certificate-links">
                <a href={fileUrl(c.id, "pdf")} download>
                  PDF
                </a>
                <a href={fileUrl(c.id, "docx")} download>
                  Word
                </a>
                <Link to={`/verify/${c.code}`}>核验</Link>
              </span>
            )
          }
        >
          {c.periodStart} 至 {c.periodEnd} · {c.hours} 小时
        </List.Item>
      ))}
    </List>
  );
}

function CertificateForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState<Choice>("thisYear");
  const [custom, setCustom] = useState(() => ({
    start: `${chinaToday().slice(0, 4)}-01-01`,
    end: chinaToday(),
  }));
  const period = periodOf(choice, custom);
  const complete =
    /^\d{4}-\d{2}-\d{2}$/.test(period.periodStart) && /^\d{4}-\d{2}-\d{2}$/.test(period.periodEnd);
  const preview = useQuery({
    ...trpc.volunteer.certificatePreview.queryOptions(period),
    enabled: complete,
    retry: false,
  });
  const issued = useQuery(trpc.volunteer.certificates.queryOptions({}));
  const issue = useMutation(trpc.volunteer.issueCertificate.mutationOptions());

  const get = async (format: "pdf" | "docx") => {
    const p = preview.data;
    if (!p) return;
    // The same period with the same hours, not revoked: download that one again instead of issuing anew.
    const same = issued.data?.items.find(
      (c) =>
        !c.revokedAt && c.periodStart === p.periodStart && c.periodEnd === p.periodEnd && c.hours === p.hours,
    );
    try {
      const id = same?.id ?? (await issue.mutateAsync(period)).id;
      if (!same) await queryClient.invalidateQueries({ queryKey: trpc.volunteer.certificates.queryKey() });
      download(fileUrl(id, format));
    } catch (error) {
      toastError(errorMessage(error));
    }
  };

  return (
    <>
      <section className="certificate-period" aria-label="证明期间">
        <h2 className="certificate-section-title">证明期间</h2>
        <Selector
          columns={3}
          value={[choice]}
          onChange={(v) => v[0] && setChoice(v[0])}
          options={[
            { label: "今年", value: "thisYear" as const },
            { label: "去年", value: "lastYear" as const },
            { label: "自定义", value: "custom" as const },
          ]}
        />
        {choice === "custom" && (
          <div className="certificate-dates">
            <label>
              开始日期
              <input
                type="date"
                value={custom.start}
                max={chinaToday()}
                onChange={(e) => setCustom((c) => ({ ...c, start: e.target.value }))}
                data-testid="certificate-start"
              />
            </label>
            <label>
              结束日期
              <input
                type="date"
                value={custom.end}
                max={chinaToday()}
                onChange={(e) => setCustom((c) => ({ ...c, end: e.target.value }))}
                data-testid="certificate-end"
              />
            </label>
          </div>
        )}
        <p className="certificate-range" data-testid="certificate-range">
          {period.periodStart || "—"} 至 {period.periodEnd || "—"}
        </p>
      </section>

      {preview.isError && (
        <p className="certificate-error" role="alert" data-testid="certificate-error">
          {errorMessage(preview.error)}
        </p>
      )}
      {preview.isPending && complete && <PageLoading />}
      {preview.data && (
        <>
          <section
            className="certificate-summary"
            aria-label="已确认的服务"
            data-testid="certificate-summary"
          >
            <div className="certificate-figure">
              <span className="certificate-figure-value" data-testid="certificate-hours">
                {preview.data.hours}
              </span>
              <span className="certificate-figure-label">已确认时长（小时）</span>
            </div>
            <div className="certificate-figure">
              <span className="certificate-figure-value">{preview.data.activities.length}</span>
              <span className="certificate-figure-label">服务次数</span>
            </div>
            <div className="certificate-figure">
              <span className="certificate-figure-value">{preview.data.star}</span>
              <span className="certificate-figure-label">星级</span>
            </div>
          </section>
          <List header="证明所列活动" mode="card" data-testid="certificate-activities">
            {preview.data.activities.length === 0 && (
              <List.Item description="只有组织者确认过的服务时长才会写入证明。">
                该期间没有已确认的志愿服务
              </List.Item>
            )}
            {preview.data.activities.map((a, i) => (
              <List.Item key={i} description={a.date} extra={`${a.hours} 小时`}>
                {a.title}
              </List.Item>
            ))}
          </List>
          <div className="certificate-actions">
            <Button
              color="primary"
              size="large"
              block
              disabled={preview.data.activities.length === 0}
              loading={issue.isPending}
              onClick={() => void get("pdf")}
            >
              下载PDF
            </Button>
            <Button
              size="large"
              block
              disabled={preview.data.activities.length === 0}
              loading={issue.isPending}
              onClick={() => void get("docx")}
            >
              下载Word
            </Button>
            <p className="certificate-hint">证明附带验证码和二维码，单位扫码即可核验真伪。</p>
          </div>
        </>
      )}
      <IssuedList />
    </>
  );
}

function CertificateState() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.volunteer.mine.queryOptions());
  if (mine.isPending) return <PageLoading />;
  if (mine.isError) return <LoadError query={mine} />;
  if (!mine.data || mine.data.status !== "registered") {
    return (
      <section className="state-block" data-testid="certificate-unavailable">
        <h1 className="state-title">暂不能开具证明</h1>
        <p className="state-text">注册成为志愿者并参加活动、时长经组织者确认后，即可开具志愿服务证明。</p>
        <Link to="/volunteer">查看我的志愿者</Link>
      </section>
    );
  }
  return <CertificateForm />;
}

export default function CertificatePage() {
  return (
    <div className="page certificate-page">
      <PageHeader>志愿服务证明</PageHeader>
      <RequireLogin>{() => <CertificateState />}</RequireLogin>
    </div>
  );
}
