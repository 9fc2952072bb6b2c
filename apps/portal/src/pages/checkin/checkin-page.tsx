import { useEffect, useRef } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import Result from "antd-mobile/es/components/result";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { errorMessage } from "../../lib/server-errors";
import { clockText, dateTimeText, hoursText } from "@chuangcheng/client";
import { useTRPC } from "../../lib/trpc";
import "../activities/activities.css";

interface ScanResult {
  activityId: number;
  kind: "in" | "out";
  checkInAt: string;
  minutes: number | null;
}

function Done({ result }: { result: ScanResult }) {
  const navigate = useNavigate();
  const checkedOut = result.kind === "out";
  const minutes = result.minutes ?? 0;
  return (
    <>
      <Result
        status="success"
        title={<span data-testid="checkin-result">{checkedOut ? "签退成功" : "签到成功"}</span>}
        description={
          <span data-testid="checkin-detail">
            {checkedOut
              ? `本次服务 ${minutes} 分钟（${hoursText(minutes)}），组织者确认后计入累计时长。`
              : `签到时间 ${dateTimeText(result.checkInAt)}。活动结束时请再次扫码签退。`}
          </span>
        }
      />
      {checkedOut && <p className="checkin-note">签到时间 {clockText(result.checkInAt)}</p>}
      <div className="checkin-actions">
        <Button block color="primary" onClick={() => navigate(`/activities/${result.activityId}`)}>
          查看活动
        </Button>
        <Button block onClick={() => navigate("/activities/mine")}>
          我的活动
        </Button>
      </div>
    </>
  );
}

/**
 * Opened from the organiser's QR code (<origin>/checkin?t=TOKEN): checks in, or out when already in.
 * The token leaves the address as soon as it is used, so a reload or the back button cannot repeat it
 * (a second scan checks out).
 */
function Scan() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const token = params.get("t");
  const done = (location.state as { checkin?: ScanResult } | null)?.checkin;
  const started = useRef(false);
  const scan = useMutation(
    trpc.activity.scan.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries(trpc.activity.pathFilter());
        void queryClient.invalidateQueries(trpc.volunteer.mine.queryFilter());
        navigate("/checkin", { replace: true, state: { checkin: result } });
      },
    }),
  );

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    scan.mutate({ token });
  }, [token, scan]);

  if (done) return <Done result={done} />;
  if (scan.isError) {
    return (
      <>
        <Result
          status="error"
          title="签到未成功"
          description={<span data-testid="checkin-error">{errorMessage(scan.error)}</span>}
        />
        <div className="checkin-actions">
          <Button block onClick={() => navigate("/activities/mine")}>
            我的活动
          </Button>
        </div>
      </>
    );
  }
  if (!token) {
    return (
      <Result
        status="info"
        title="请扫描活动现场的二维码"
        description={<span data-testid="checkin-error">二维码无效或已过期，请重新扫码</span>}
      />
    );
  }
  return <PageLoading />;
}

export default function CheckinPage() {
  return (
    <div className="page checkin-page">
      <PageHeader>扫码签到</PageHeader>
      <RequireLogin>{() => <Scan />}</RequireLogin>
    </div>
  );
}
