import { useEffect } from "react";
import { useLocation } from "react-router";
import { pageTitle, type TitledRoute } from "@chuangcheng/client";

export type { TitledRoute };

/** Sets the browser tab's title on every navigation from the route table: "活动 - 创城通". */
export function DocumentTitle(props: { routes: readonly TitledRoute[]; fallback: string }) {
  const { routes, fallback } = props;
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = pageTitle(routes, pathname, "创城通", fallback);
  }, [routes, fallback, pathname]);
  return null;
}
