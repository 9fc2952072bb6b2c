import { useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import List from "antd-mobile/es/components/list";
import CheckCircleFill from "antd-mobile-icons/es/CheckCircleFill";
import CloseCircleFill from "antd-mobile-icons/es/CloseCircleFill";
import ExclamationCircleFill from "antd-mobile-icons/es/ExclamationCircleFill";
import { PageLoading } from "../../layout/page-loading";
import { LoadError } from "../../layout/load-error";
import { useTRPC } from "../../lib/trpc";
import "./verify.css";

// Where a 志愿服务证明's QR code leads: public, logged out, on a phone. 证明有效 with the facts as the
// server gives them (the name and 身份证号 masked), 已撤销, or 证明无效 for a code that is none.

const DAY = (date: string) => {
  const [y, m, d] = date.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
};

export default function VerifyPage() {
  const { code = "" } = useParams();
  const trpc = useTRPC();
  const result = useQuery(trpc.volunteer.verifyCertificate.queryOptions({ code: code.slice(0, 1000) }));
  if (result.isPending) return <PageLoading />;
  if (result.isError) return <LoadError query={result} />;
  const r = result.data;
  const c = r.certificate;
  return (
    <div className="page verify-page">
      <header className="verify-head">志愿服务证明核验</header>
      <section className={`verify-result verify-${r.status}`} data-testid="verify-result" aria-live="polite">
        {r.status === "valid" && <CheckCircleFill className="verify-icon" aria-hidden />}
        {r.status === "revoked" && <ExclamationCircleFill className="verify-icon" aria-hidden />}
        {r.status === "invalid" && <CloseCircleFill className="verify-icon" aria-hidden />}
        <h1 className="verify-title" data-testid="verify-status">
          {r.status === "valid" ? "证明有效" : r.status === "revoked" ? "已撤销" : "证明无效"}
        </h1>
        <p className="verify-text">
          {r.status === "valid" && "本证明由社区开具，记录与系统一致。"}
          {r.status === "revoked" &&
            (r.revokedOn
              ? `该证明已于${DAY(r.revokedOn)}被开具单位撤销，不再有效。`
              : `该证明已不再有效${r.note ? `：${r.note}` : ""}。`)}
          {r.status === "invalid" && "没有找到与该验证码对应的证明，请核对验证码是否完整、正确。"}
        </p>
        {r.code && <p className="verify-code">验证码 {r.code}</p>}
      </section>
      {c && (
        <>
          <List header="证明内容" mode="card" data-testid="verify-facts">
            <List.Item extra={<span data-testid="verify-name">{c.name}</span>}>姓名</List.Item>
            <List.Item extra={<span data-testid="verify-id">{c.idNumber}</span>}>身份证号</List.Item>
            <List.Item extra={c.communityName}>所属社区</List.Item>
            {c.registeredOn && <List.Item extra={DAY(c.registeredOn)}>注册日期</List.Item>}
            <List.Item extra={`${DAY(c.periodStart)} 至 ${DAY(c.periodEnd)}`}>证明期间</List.Item>
            <List.Item extra={<span data-testid="verify-hours">{c.hours} 小时</span>}>
              已确认服务时长
            </List.Item>
            <List.Item extra={c.star}>星级</List.Item>
            <List.Item extra={`${c.issuer} · ${DAY(c.issuedOn)}`}>开具单位</List.Item>
          </List>
          <List header={`服务记录（${c.activities.length} 次）`} mode="card">
            {c.activities.map((a, i) => (
              <List.Item key={i} description={a.date} extra={`${a.hours} 小时`}>
                {a.title}
              </List.Item>
            ))}
          </List>
        </>
      )}
      <p className="verify-foot">创城通 · 志愿服务记录核验</p>
    </div>
  );
}
