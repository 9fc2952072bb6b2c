import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { PageLoading } from "./layout/page-loading";
import { useSession } from "./lib/session";

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
const NotFoundPage = lazy(() => import("./pages/not-found-page"));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

export function AppRoutes() {
  const session = useSession();
  // Logged in with a temporary password: nothing else until it is changed (the server refuses the rest).
  if (session.data?.mustChangePassword) {
    return (
      <Lazy>
        <ForcedChangePage me={session.data} />
      </Lazy>
    );
  }
  return (
    <Routes>
      <Route element={<Lazy><TabLayout /></Lazy>}>
        <Route index element={<Lazy><HomePage /></Lazy>} />
        <Route path="/activities" element={<Lazy><ActivitiesPage /></Lazy>} />
        <Route path="/me" element={<Lazy><MePage /></Lazy>} />
      </Route>
      <Route path="/activities/mine" element={<Lazy><MyActivitiesPage /></Lazy>} />
      <Route path="/activities/:id" element={<Lazy><ActivityDetailPage /></Lazy>} />
      <Route path="/volunteer" element={<Lazy><MyVolunteerPage /></Lazy>} />
      <Route path="/volunteer/register" element={<Lazy><VolunteerRegisterPage /></Lazy>} />
      <Route path="/checkin" element={<Lazy><CheckinPage /></Lazy>} />
      <Route path="/login" element={<Lazy><LoginPage /></Lazy>} />
      <Route path="/register" element={<Lazy><RegisterPage /></Lazy>} />
      <Route path="/forgot-password" element={<Lazy><ForgotPasswordPage /></Lazy>} />
      <Route path="*" element={<Lazy><NotFoundPage /></Lazy>} />
    </Routes>
  );
}
