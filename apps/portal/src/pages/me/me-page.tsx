import { useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { useMutation } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import List from "antd-mobile/es/components/list";
import CalendarOutline from "antd-mobile-icons/es/CalendarOutline";
import CameraOutline from "antd-mobile-icons/es/CameraOutline";
import HeartOutline from "antd-mobile-icons/es/HeartOutline";
import { ROLE_LABELS } from "@chuangcheng/domain/rules";
import { RequireLogin } from "../../layout/require-login";
import { showServerError } from "../../lib/server-errors";
import { useForgetSession } from "../../lib/session";
import { errorCode, useTRPC, type Me } from "../../lib/trpc";
import { ChangePasswordForm } from "./change-password-form";
import { DeleteAccountSection } from "./delete-account";
import { CareModeSetting } from "./care-mode-setting";
import { NotificationBell } from "../messages/notification-bell";

/** 居民（东街社区）, 网格员（东街社区第一网格）…: each role with the unit it is held at. */
function roleText(me: Me): string {
  const labels = me.grants.map((g) =>
    g.unitName ? `${ROLE_LABELS[g.role]}（${g.unitName}）` : ROLE_LABELS[g.role],
  );
  return labels.length > 0 ? [...new Set(labels)].join("、") : "无";
}

function Profile({ me, onLoggedOut }: { me: Me; onLoggedOut: () => void }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const forgetSession = useForgetSession();
  const done = () => {
    onLoggedOut();
    forgetSession();
  };
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: done,
      // Already logged out (the session ended elsewhere): the resident gets what they asked for.
      onError: (error) => (errorCode(error) === "UNAUTHORIZED" ? done() : showServerError(error)),
    }),
  );

  return (
    <div className="page me-page">
      <section className="me-card" aria-label="个人信息">
        <div className="me-avatar" aria-hidden>
          {Array.from(me.name)[0] ?? "居"}
        </div>
        <div>
          <h1 className="me-name" data-testid="me-name">
            {me.name}
          </h1>
          <p className="me-mobile" data-testid="me-mobile">
            {me.mobile}
          </p>
        </div>
        <NotificationBell />
      </section>
      <List header="我的信息" mode="card" className="me-info">
        <List.Item extra={<span data-testid="me-community">{me.community?.name ?? "未登记"}</span>}>
          所在社区
        </List.Item>
        <List.Item extra={<span data-testid="me-courtyard">{me.courtyard?.name ?? "未登记"}</span>}>
          所在楼院
        </List.Item>
        <List.Item extra={<span data-testid="me-roles">{roleText(me)}</span>}>身份</List.Item>
      </List>
      <List header="志愿服务" mode="card" className="me-volunteer">
        <List.Item
          prefix={<HeartOutline />}
          onClick={() => navigate("/volunteer")}
          data-testid="me-volunteer-link"
        >
          我的志愿者
        </List.Item>
        <List.Item
          prefix={<CalendarOutline />}
          onClick={() => navigate("/activities/mine")}
          data-testid="me-activities-link"
        >
          我的活动
        </List.Item>
      </List>
      <List header="随手拍" mode="card" className="me-problems">
        <List.Item
          prefix={<CameraOutline />}
          onClick={() => navigate("/problems/mine")}
          data-testid="me-problems-link"
        >
          我的随手拍
        </List.Item>
      </List>
      <CareModeSetting />
      <ChangePasswordForm />
      <DeleteAccountSection me={me} onDeleted={done} />
      <div className="me-logout">
        <Button
          block
          color="danger"
          fill="outline"
          size="large"
          loading={logout.isPending}
          loadingText="请稍候"
          onClick={() => logout.mutate()}
        >
          退出登录
        </Button>
      </div>
    </div>
  );
}

export default function MePage() {
  // Logged out here: back to 首页 (not to the login page that a missing session would lead to).
  const [loggedOut, setLoggedOut] = useState(false);
  if (loggedOut) return <Navigate to="/" replace />;
  return <RequireLogin>{(me) => <Profile me={me} onLoggedOut={() => setLoggedOut(true)} />}</RequireLogin>;
}
