import { Button, Tooltip } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import { matchQuery, useIsFetching, useQueryClient, type QueryKey } from "@tanstack/react-query";

/**
 * 刷新 in a list's toolbar: fetches again what the page shows under these keys (tRPC path keys, e.g.
 * `trpc.volunteer.pathKey()`), and spins while any of it loads (also when the window's focus or a
 * change elsewhere refreshed it). Lists refresh by themselves when shown again; this is for a person
 * who has kept the page open and wants to be sure.
 */
export function RefreshButton({ queryKeys }: { queryKeys: readonly QueryKey[] }) {
  const queryClient = useQueryClient();
  const fetching = useIsFetching({
    predicate: (query) => queryKeys.some((queryKey) => matchQuery({ queryKey }, query)),
  });
  const refresh = () =>
    Promise.all(queryKeys.map((queryKey) => queryClient.refetchQueries({ queryKey, type: "active" })));
  return (
    <Tooltip title="刷新">
      <Button
        icon={<ReloadOutlined aria-hidden />}
        aria-label="刷新"
        data-testid="refresh"
        loading={fetching > 0}
        onClick={() => void refresh()}
      />
    </Tooltip>
  );
}

/**
 * A table's own spinner: while it has nothing to show for what is asked (the first load, or another
 * page or filter still loading behind the previous rows). A refresh in the background keeps the rows
 * as they are, without a spinner over them; the 刷新 button spins instead.
 */
export function listLoading(query: { isPending: boolean; isPlaceholderData: boolean }): boolean {
  return query.isPending || query.isPlaceholderData;
}
