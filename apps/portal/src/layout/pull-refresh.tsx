import type { ReactNode } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import PullToRefresh from "antd-mobile/es/components/pull-to-refresh";

/**
 * 下拉刷新 for a list page: pulling the page down fetches again what it shows under these keys (tRPC
 * path keys, e.g. `trpc.activity.pathKey()`). Pages also refresh by themselves when shown again or
 * when the phone's browser comes back to the front; this is for the resident who waits on the page.
 */
export function PullRefresh({
  queryKeys,
  children,
}: {
  queryKeys: readonly QueryKey[];
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  return (
    <PullToRefresh
      pullingText="下拉刷新"
      canReleaseText="释放立即刷新"
      refreshingText="加载中"
      completeText="刷新成功"
      onRefresh={() =>
        Promise.all(queryKeys.map((queryKey) => queryClient.refetchQueries({ queryKey, type: "active" })))
      }
    >
      {children}
    </PullToRefresh>
  );
}
