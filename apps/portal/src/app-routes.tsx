import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { PageLoading } from "./layout/page-loading";

// Every screen is its own chunk: the first load carries only the shell.
const TabLayout = lazy(() => import("./layout/tab-layout"));
const HomePage = lazy(() => import("./pages/home/home-page"));
const MePage = lazy(() => import("./pages/me/me-page"));
const LoginPage = lazy(() => import("./pages/login/login-page"));
const RegisterPage = lazy(() => import("./pages/register/register-page"));
const NotFoundPage = lazy(() => import("./pages/not-found-page"));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Lazy><TabLayout /></Lazy>}>
        <Route index element={<Lazy><HomePage /></Lazy>} />
        <Route path="/me" element={<Lazy><MePage /></Lazy>} />
      </Route>
      <Route path="/login" element={<Lazy><LoginPage /></Lazy>} />
      <Route path="/register" element={<Lazy><RegisterPage /></Lazy>} />
      <Route path="*" element={<Lazy><NotFoundPage /></Lazy>} />
    </Routes>
  );
}
