import Button from "antd-mobile/es/components/button";
import ErrorBlock from "antd-mobile/es/components/error-block";
import { errorMessage } from "../lib/server-errors";

/** A query that failed to load: the reason, and a button that tries again. */
export function LoadError({ query }: { query: { error: unknown; refetch: () => unknown } }) {
  return (
    <ErrorBlock status="disconnected" title="加载失败" description={errorMessage(query.error)}>
      <Button color="primary" onClick={() => void query.refetch()}>
        重试
      </Button>
    </ErrorBlock>
  );
}
