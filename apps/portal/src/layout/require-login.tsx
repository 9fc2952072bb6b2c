import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import ErrorBlock from "antd-mobile/es/components/error-block";
import Button from "antd-mobile/es/components/button";
import { useSession } from "../lib/session";
import { errorMessage } from "../lib/server-errors";
import type { Me } from "../lib/trpc";
import { PageLoading } from "./page-loading";

/** Renders `children(me)` for a logged-in resident; sends anyone else to the login page and back. */
export function RequireLogin({ children }: { children: (me: Me) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return (
      <ErrorBlock status="disconnected" title="加载失败" description={errorMessage(session.error)}>
        <Button color="primary" onClick={() => void session.refetch()}>
          重试
        </Button>
      </ErrorBlock>
    );
  }
  if (!session.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children(session.data)}</>;
}
