import { Navigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import Button from "antd-mobile/es/components/button";
import ErrorBlock from "antd-mobile/es/components/error-block";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { errorMessage } from "../../lib/server-errors";
import { useTRPC, type Me } from "../../lib/trpc";
import { VolunteerForm } from "./volunteer-form";
import "./volunteer.css";

/** A new registration, or the corrected one after 已驳回; anyone else has nothing to fill in here. */
function RegisterLoader({ me }: { me: Me }) {
  const trpc = useTRPC();
  const mine = useQuery(trpc.volunteer.mine.queryOptions());
  if (mine.isPending) return <PageLoading />;
  if (mine.isError) {
    return (
      <ErrorBlock status="disconnected" title="加载失败" description={errorMessage(mine.error)}>
        <Button color="primary" onClick={() => void mine.refetch()}>
          重试
        </Button>
      </ErrorBlock>
    );
  }
  if (mine.data && mine.data.status !== "rejected") return <Navigate to="/volunteer" replace />;
  return <VolunteerForm me={me} previous={mine.data} />;
}

export default function VolunteerRegisterPage() {
  return (
    <div className="page form-page volunteer-register-page">
      <PageHeader>志愿者注册</PageHeader>
      <RequireLogin>{(me) => <RegisterLoader me={me} />}</RequireLogin>
    </div>
  );
}
