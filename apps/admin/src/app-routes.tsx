import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router";
import { PageLoading } from "./layout/page-loading";
import { RequirePermission } from "./layout/require-permission";
import { useMe, homePath } from "./lib/auth";

// Every screen is its own chunk: the first load carries only the shell.
const LoginPage = lazy(() => import("./pages/login/login-page"));
const ConsoleLayout = lazy(() => import("./layout/console-layout"));
const OrgPage = lazy(() => import("./pages/org/org-page"));
const UsersPage = lazy(() => import("./pages/users/users-page"));
const AuditPage = lazy(() => import("./pages/audit/audit-page"));
const NotFoundPage = lazy(() => import("./pages/not-found-page"));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
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
        element={
          <Lazy>
            <ConsoleLayout />
          </Lazy>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route
          path="/org"
          element={
            <RequirePermission permission="org.read">
              <Lazy>
                <OrgPage />
              </Lazy>
            </RequirePermission>
          }
        />
        <Route
          path="/users"
          element={
            <RequirePermission permission="user.manage">
              <Lazy>
                <UsersPage />
              </Lazy>
            </RequirePermission>
          }
        />
        <Route
          path="/audit"
          element={
            <RequirePermission permission="audit.read">
              <Lazy>
                <AuditPage />
              </Lazy>
            </RequirePermission>
          }
        />
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
