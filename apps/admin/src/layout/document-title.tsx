import { useEffect } from "react";
import { useLocation } from "react-router";
import { pageTitle, type TitledRoute } from "@chuangcheng/client";

export type { TitledRoute };

/** Sets the browser tab's title on every navigation from the route table: "志愿者审核 - 创城通管理后台". */
export function DocumentTitle({ routes }: { routes: readonly TitledRoute[] }) {
  const { pathname } = useLocation();
  useEffect(() => {
    // "/" only redirects to the user's first page.
    document.title =
      pathname === "/" ? "创城通管理后台" : pageTitle(routes, pathname, "创城通管理后台", "页面不存在");
  }, [routes, pathname]);
  return null;
}
