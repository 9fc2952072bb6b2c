import { Navigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "../../layout/page-header";
import { PageLoading } from "../../layout/page-loading";
import { RequireLogin } from "../../layout/require-login";
import { useTRPC, type Me } from "../../lib/trpc";
import { VolunteerForm } from "./volunteer-form";
import "./volunteer.css";
import { LoadError } from "../../layout/load-error";

/** A new registration, or the corrected one after 已驳回; anyone else has nothing to fill in here. */
function RegisterLoader({ me }: { me: Me }) {
  const trpc = useTRPC();
  const mine = useQuery(trpc.volunteer.mine.queryOptions());
  if (mine.isPending) return <PageLoading />;
  if (mine.isError) {
    return <LoadError query={mine} />;
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
