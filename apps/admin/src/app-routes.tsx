import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router";
import { DocumentTitle, type TitledRoute } from "./layout/document-title";
import type { Permission } from "@chuangcheng/domain/rules";
import { PageLoading } from "./layout/page-loading";
import { RequirePermission } from "./layout/require-permission";
import { useMe, homePath } from "./lib/auth";

// Every screen is its own chunk: the first load carries only the shell.
const LoginPage = lazy(() => import("./pages/login/login-page"));
const ForgotPasswordPage = lazy(() => import("./pages/login/forgot-password-page"));
const ConsoleLayout = lazy(() => import("./layout/console-layout"));
const OrgPage = lazy(() => import("./pages/org/org-page"));
const UsersPage = lazy(() => import("./pages/users/users-page"));
const AuditPage = lazy(() => import("./pages/audit/audit-page"));
const ReviewPage = lazy(() => import("./pages/volunteers/review-page"));
const RosterPage = lazy(() => import("./pages/volunteers/roster-page"));
const RatioPage = lazy(() => import("./pages/volunteers/ratio-page"));
const TeamsPage = lazy(() => import("./pages/teams/teams-page"));
const ActivitiesPage = lazy(() => import("./pages/activities/activities-page"));
const ActivityDetailPage = lazy(() => import("./pages/activities/activity-detail-page"));
const NotFoundPage = lazy(() => import("./pages/not-found-page"));
const WorkbenchPage = lazy(() => import("./pages/workbench/workbench-page"));
const MessagesPage = lazy(() => import("./pages/messages/messages-page"));
const ProblemsPage = lazy(() => import("./pages/problems/problems-page"));
const PatrolNewPage = lazy(() => import("./pages/problems/patrol-new-page"));
const ProblemTodoPage = lazy(() => import("./pages/problems/todo-page"));
const ProblemReviewPage = lazy(() => import("./pages/problems/review-queue-page"));
const BoardPage = lazy(() => import("./pages/board/board-page"));
const BoardNewPage = lazy(() => import("./pages/board/board-new-page"));
const BoardAppealsPage = lazy(() => import("./pages/board/board-appeals-page"));
const BoardEditionsPage = lazy(() => import("./pages/board/board-editions-page"));
const BoardSettingsPage = lazy(() => import("./pages/board/board-settings-page"));
const BoardPrintPage = lazy(() => import("./pages/board-print/board-print-page"));
const CampaignsPage = lazy(() => import("./pages/campaigns/campaigns-page"));
const CampaignNewPage = lazy(() => import("./pages/campaigns/campaign-new-page"));
const CampaignDetailPage = lazy(() => import("./pages/campaigns/campaign-detail-page"));
const CalendarPage = lazy(() => import("./pages/calendar/calendar-page"));
const DashboardPage = lazy(() => import("./pages/dashboard/dashboard-page"));
const MyTasksPage = lazy(() => import("./pages/tasks/my-tasks-page"));
const TaskTreePage = lazy(() => import("./pages/tasks/task-tree-page"));
const SummaryPage = lazy(() => import("./pages/reports/summary-page"));
const LedgersPage = lazy(() => import("./pages/reports/ledgers-page"));

interface ConsolePage extends TitledRoute {
  /** shown only to users whose roles give it */
  permission: Permission;
  Page: ComponentType;
}

/** The console's pages: where each lives, its title (the browser tab's, set on navigation) and who sees it. */
const CONSOLE_PAGES: ConsolePage[] = [
  { path: "/workbench", title: "工作台", permission: "console.access", Page: WorkbenchPage },
  { path: "/dashboard", title: "数据看板", permission: "console.access", Page: DashboardPage },
  { path: "/org", title: "组织架构", permission: "org.read", Page: OrgPage },
  { path: "/volunteers", title: "志愿者名册", permission: "volunteer.read", Page: RosterPage },
  { path: "/volunteers/review", title: "志愿者审核", permission: "volunteer.manage", Page: ReviewPage },
  { path: "/volunteers/ratio", title: "注册率", permission: "volunteer.read", Page: RatioPage },
  { path: "/volunteers/teams", title: "志愿服务队", permission: "volunteer.read", Page: TeamsPage },
  { path: "/activities", title: "活动管理", permission: "activity.checkin", Page: ActivitiesPage },
  { path: "/activities/:id", title: "活动详情", permission: "activity.checkin", Page: ActivityDetailPage },
  { path: "/problems", title: "问题整改", permission: "problem.handle", Page: ProblemsPage },
  { path: "/problems/new", title: "新建巡查问题", permission: "problem.handle", Page: PatrolNewPage },
  { path: "/problems/todo", title: "我的待办", permission: "problem.handle", Page: ProblemTodoPage },
  { path: "/problems/review", title: "复查", permission: "problem.handle", Page: ProblemReviewPage },
  // After the pages above: the first route a path matches gives the title.
  { path: "/problems/:id", title: "问题详情", permission: "problem.handle", Page: ProblemsPage },
  { path: "/board", title: "黑白榜", permission: "board.propose", Page: BoardPage },
  { path: "/board/new", title: "提名上榜", permission: "board.propose", Page: BoardNewPage },
  { path: "/board/appeals", title: "申诉处理", permission: "board.moderate", Page: BoardAppealsPage },
  { path: "/board/editions", title: "期次发布", permission: "board.moderate", Page: BoardEditionsPage },
  { path: "/board/settings", title: "黑白榜设置", permission: "board.moderate", Page: BoardSettingsPage },
  // After the pages above: the first route a path matches gives the title.
  { path: "/board/:id", title: "黑白榜条目", permission: "board.propose", Page: BoardPage },
  { path: "/campaigns", title: "创城活动", permission: "campaign.evidence", Page: CampaignsPage },
  { path: "/campaigns/new", title: "新建创城活动", permission: "campaign.manage", Page: CampaignNewPage },
  // After the pages above: the first route a path matches gives the title.
  {
    path: "/campaigns/:id",
    title: "创城活动详情",
    permission: "campaign.evidence",
    Page: CampaignDetailPage,
  },
  { path: "/tasks", title: "我的任务", permission: "task.handle", Page: MyTasksPage },
  { path: "/tasks/tree", title: "任务分解", permission: "task.handle", Page: TaskTreePage },
  { path: "/reports/summary", title: "工作总结", permission: "report.summary", Page: SummaryPage },
  { path: "/reports/ledgers", title: "台账导出", permission: "console.access", Page: LedgersPage },
  { path: "/calendar", title: "常态工作日历", permission: "campaign.evidence", Page: CalendarPage },
  { path: "/users", title: "用户与角色", permission: "user.manage", Page: UsersPage },
  { path: "/audit", title: "操作日志", permission: "audit.read", Page: AuditPage },
  { path: "/messages", title: "消息通知", permission: "console.access", Page: MessagesPage },
];

const TITLES: TitledRoute[] = [
  // Before the console's pages: /board/:id would match it first.
  { path: "/board/print", title: "打印红黑榜" },
  ...CONSOLE_PAGES,
  { path: "/login", title: "登录" },
  { path: "/forgot-password", title: "忘记密码" },
];

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

/** A lazy page shown only to users whose roles give `permission`. */
function guarded(permission: Permission, Page: ComponentType) {
  return (
    <RequirePermission permission={permission}>
      <Lazy>
        <Page />
      </Lazy>
    </RequirePermission>
  );
}

function HomeRedirect() {
  const me = useMe();
  return <Navigate to={homePath(me.data)} replace />;
}

export function AppRoutes() {
  return (
    <>
      <DocumentTitle routes={TITLES} />
      <Routes>
        <Route
          path="/login"
          element={
            <Lazy>
              <LoginPage />
            </Lazy>
          }
        />
        <Route
          path="/forgot-password"
          element={
            <Lazy>
              <ForgotPasswordPage />
            </Lazy>
          }
        />
        {/* A poster to print: no console frame around it; the page checks the session and board.moderate. */}
        <Route
          path="/board/print"
          element={
            <Lazy>
              <BoardPrintPage />
            </Lazy>
          }
        />
        <Route
          element={
            <Lazy>
              <ConsoleLayout />
            </Lazy>
          }
        >
          <Route index element={<HomeRedirect />} />
          {CONSOLE_PAGES.map((p) => (
            <Route key={p.path} path={p.path} element={guarded(p.permission, p.Page)} />
          ))}
          <Route
            path="*"
            element={
              <Lazy>
                <NotFoundPage />
              </Lazy>
            }
          />
        </Route>
      </Routes>
    </>
  );
}
