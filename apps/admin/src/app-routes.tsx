import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router";
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
      <Route
        element={
          <Lazy>
            <ConsoleLayout />
          </Lazy>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route path="/org" element={guarded("org.read", OrgPage)} />
        <Route path="/volunteers" element={guarded("volunteer.read", RosterPage)} />
        <Route path="/volunteers/review" element={guarded("volunteer.manage", ReviewPage)} />
        <Route path="/volunteers/ratio" element={guarded("volunteer.read", RatioPage)} />
        <Route path="/volunteers/teams" element={guarded("volunteer.read", TeamsPage)} />
        <Route path="/activities" element={guarded("activity.checkin", ActivitiesPage)} />
        <Route path="/activities/:id" element={guarded("activity.checkin", ActivityDetailPage)} />
        <Route path="/users" element={guarded("user.manage", UsersPage)} />
        <Route path="/audit" element={guarded("audit.read", AuditPage)} />
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
  );
}
