import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { DocumentTitle, type TitledRoute } from "./layout/document-title";
import { PageLoading } from "./layout/page-loading";
import { useSession } from "./lib/session";
import { useCareModeSync } from "./lib/care-mode";

// Every screen is its own chunk: the first load carries only the shell.
const TabLayout = lazy(() => import("./layout/tab-layout"));
const HomePage = lazy(() => import("./pages/home/home-page"));
const MePage = lazy(() => import("./pages/me/me-page"));
const LoginPage = lazy(() => import("./pages/login/login-page"));
const RegisterPage = lazy(() => import("./pages/register/register-page"));
const ForgotPasswordPage = lazy(() => import("./pages/login/forgot-password-page"));
const ForcedChangePage = lazy(() => import("./pages/login/forced-change-page"));
const ActivitiesPage = lazy(() => import("./pages/activities/activities-page"));
const ActivityDetailPage = lazy(() => import("./pages/activities/activity-detail-page"));
const MyActivitiesPage = lazy(() => import("./pages/activities/my-activities-page"));
const MyVolunteerPage = lazy(() => import("./pages/volunteer/my-volunteer-page"));
const VolunteerRegisterPage = lazy(() => import("./pages/volunteer/volunteer-register-page"));
const CheckinPage = lazy(() => import("./pages/checkin/checkin-page"));
const MessagesPage = lazy(() => import("./pages/messages/messages-page"));
const ProblemNewPage = lazy(() => import("./pages/problems/problem-new-page"));
const MyProblemsPage = lazy(() => import("./pages/problems/my-problems-page"));
const ProblemDetailPage = lazy(() => import("./pages/problems/problem-detail-page"));
const BoardPage = lazy(() => import("./pages/board/board-page"));
const BoardEditionsPage = lazy(() => import("./pages/board/board-editions-page"));
const BoardNominatePage = lazy(() => import("./pages/board/board-nominate-page"));
const BoardMinePage = lazy(() => import("./pages/board/board-mine-page"));
const BoardNoticePage = lazy(() => import("./pages/board/board-notice-page"));
const CertificatePage = lazy(() => import("./pages/volunteer/certificate-page"));
const VerifyPage = lazy(() => import("./pages/verify/verify-page"));
const NotFoundPage = lazy(() => import("./pages/not-found-page"));

interface PortalPage extends TitledRoute {
  Page: ComponentType;
  /** under the bottom tab bar (首页, 黑白榜, 活动, 我的) */
  tab?: boolean;
}

/** The portal's pages: where each lives and its title (the browser tab's, set on navigation). */
const PAGES: PortalPage[] = [
  { path: "/", title: "首页", Page: HomePage, tab: true },
  { path: "/board", title: "黑白榜", Page: BoardPage, tab: true },
  { path: "/activities", title: "活动", Page: ActivitiesPage, tab: true },
  { path: "/me", title: "我的", Page: MePage, tab: true },
  { path: "/activities/mine", title: "我的活动", Page: MyActivitiesPage },
  { path: "/activities/:id", title: "活动详情", Page: ActivityDetailPage },
  { path: "/volunteer", title: "我的志愿者", Page: MyVolunteerPage },
  { path: "/volunteer/register", title: "志愿者注册", Page: VolunteerRegisterPage },
  { path: "/volunteer/certificate", title: "志愿服务证明", Page: CertificatePage },
  { path: "/verify/:code", title: "证明核验", Page: VerifyPage },
  { path: "/checkin", title: "扫码签到", Page: CheckinPage },
  { path: "/messages", title: "消息", Page: MessagesPage },
  { path: "/problems/new", title: "随手拍", Page: ProblemNewPage },
  { path: "/problems/mine", title: "我的随手拍", Page: MyProblemsPage },
  { path: "/problems/:id", title: "随手拍详情", Page: ProblemDetailPage },
  { path: "/board/editions", title: "往期榜单", Page: BoardEditionsPage },
  { path: "/board/nominate", title: "推荐身边好人", Page: BoardNominatePage },
  { path: "/board/mine", title: "我的推荐", Page: BoardMinePage },
  { path: "/board/notices/:id", title: "黑榜公示告知", Page: BoardNoticePage },
  { path: "/login", title: "登录", Page: LoginPage },
  { path: "/register", title: "注册", Page: RegisterPage },
  { path: "/forgot-password", title: "忘记密码", Page: ForgotPasswordPage },
];

const page = (p: PortalPage) => (
  <Route
    key={p.path}
    {...(p.path === "/" ? { index: true } : { path: p.path })}
    element={
      <Lazy>
        <p.Page />
      </Lazy>
    }
  />
);

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

export function AppRoutes() {
  const session = useSession();
  useCareModeSync();
  // Logged in with a temporary password: nothing else until it is changed (the server refuses the rest).
  if (session.data?.mustChangePassword) {
    return (
      <Lazy>
        <DocumentTitle routes={[]} fallback="修改临时密码" />
        <ForcedChangePage me={session.data} />
      </Lazy>
    );
  }
  return (
    <>
      <DocumentTitle routes={PAGES} fallback="页面不存在" />
      <Routes>
        <Route
          element={
            <Lazy>
              <TabLayout />
            </Lazy>
          }
        >
          {PAGES.filter((p) => p.tab).map(page)}
        </Route>
        {PAGES.filter((p) => !p.tab).map(page)}
        <Route
          path="*"
          element={
            <Lazy>
              <NotFoundPage />
            </Lazy>
          }
        />
      </Routes>
    </>
  );
}
