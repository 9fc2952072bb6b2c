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
        icon={<ReloadOutlined />}
        aria-label="刷新"
        data-testid="refresh"
        loading={fetching > 0}
        onClick={() => void refresh()}
      />
    </Tooltip>
  );
}
