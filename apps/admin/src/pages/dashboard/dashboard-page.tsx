import { useMemo } from "react";
import { Breadcrumb, Result, Select, Space, Spin, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { useMe } from "../../lib/auth";
import { useCommunities } from "../../lib/communities";
import { errorMessage } from "../../lib/server-errors";
import { RefreshButton } from "../../lib/refresh-button";
import { positiveInt } from "../../lib/url-values";
import { useTRPC } from "../../lib/trpc";
import { CommunityView } from "./community-view";
import { monthLabel } from "./figures";
import { StreetView } from "./street-view";

const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;

/** This China month and the 11 before it, newest first. */
function recentMonths(): string[] {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
  }).format(new Date());
  const [y, m] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const total = y * 12 + (m - 1) - i;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
  });
}

/**
 * 数据看板: a 街道's staff see their 社区 side by side with a ranking, and open one 社区 (?community=id);
 * a 社区's staff see their own. The month (?month=YYYY-MM) sets the trends and the month's figures.
 */
export default function DashboardPage() {
  const trpc = useTRPC();
  const me = useMe();
  const { all: communities } = useCommunities();
  const [params, setParams] = useSearchParams();
  const monthParam = params.get("month");
  const month = monthParam && MONTH.test(monthParam) ? monthParam : undefined;
  const street = me.data?.grants.find((g) => g.role === "street_admin" || g.role === "system_admin");
  const streetId = street?.role === "street_admin" ? (street.unitId ?? undefined) : undefined;
  const communityId = positiveInt(params.get("community")) ?? (street ? undefined : communities[0]?.id);
  const months = useMemo(recentMonths, []);

  const streetQuery = useQuery(
    trpc.report.streetDashboard.queryOptions(
      { streetId, month },
      { enabled: !!street && communityId === undefined },
    ),
  );
  const communityQuery = useQuery(
    trpc.report.communityDashboard.queryOptions(
      { communityId: communityId ?? 0, month },
      { enabled: communityId !== undefined },
    ),
  );
  const set = (key: string, value: string | undefined) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value === undefined) next.delete(key);
      else next.set(key, value);
      return next;
    });
  const withParams = (community: number | undefined) => {
    const next = new URLSearchParams();
    if (community !== undefined) next.set("community", String(community));
    if (month) next.set("month", month);
    const q = next.toString();
    return q ? `/dashboard?${q}` : "/dashboard";
  };

  const query = communityId !== undefined ? communityQuery : streetQuery;
  const title =
    communityId !== undefined
      ? (communityQuery.data?.name ?? "社区")
      : (streetQuery.data?.street.name ?? "街道");
  return (
    <div>
      <Space style={{ width: "100%", justifyContent: "space-between", marginBottom: 12 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            数据看板
          </Typography.Title>
          {street && communityId !== undefined && (
            <Breadcrumb
              style={{ marginTop: 4 }}
              items={[{ title: <Link to={withParams(undefined)}>街道对比</Link> }, { title }]}
            />
          )}
        </div>
        <Space wrap>
          {communities.length > 1 && (
            <Select
              aria-label="社区"
              style={{ minWidth: 140 }}
              placeholder={street ? "街道对比" : "选择社区"}
              allowClear={!!street}
              value={communityId}
              onChange={(v: number | undefined) => set("community", v === undefined ? undefined : String(v))}
              options={communities.map((c) => ({ value: c.id, label: c.name }))}
            />
          )}
          <Select
            aria-label="月份"
            style={{ width: 130 }}
            value={month ?? months[0]}
            onChange={(v: string) => set("month", v === months[0] ? undefined : v)}
            options={months.map((m) => ({ value: m, label: monthLabel(m, true) }))}
          />
          <RefreshButton
            queryKeys={[trpc.report.streetDashboard.pathKey(), trpc.report.communityDashboard.pathKey()]}
          />
        </Space>
      </Space>
      {query.isError ? (
        <Result status="error" title="数据看板加载失败" subTitle={errorMessage(query.error)} />
      ) : communityId === undefined && !street ? (
        <Result status="info" title="暂无可查看的社区" />
      ) : !query.data ? (
        <div style={{ padding: 48, textAlign: "center" }}>
          <Spin tip="正在加载…" />
        </div>
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            截至 {query.data.asOf}；月度数字为 {monthLabel(query.data.month, true)}，趋势为近{" "}
            {query.data.months.length} 个月。
          </Typography.Paragraph>
          {communityId !== undefined && communityQuery.data ? (
            <CommunityView data={communityQuery.data} />
          ) : streetQuery.data ? (
            <StreetView data={streetQuery.data} communityHref={(id) => withParams(id)} />
          ) : null}
        </>
      )}
    </div>
  );
}
