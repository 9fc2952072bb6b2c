import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSession } from "../lib/session";
import type { Me } from "../lib/trpc";
import { PageLoading } from "./page-loading";
import { LoadError } from "./load-error";

/** Renders `children(me)` for a logged-in resident; sends anyone else to the login page and back. */
export function RequireLogin({ children }: { children: (me: Me) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return <LoadError query={session} />;
  }
  if (!session.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children(session.data)}</>;
}
