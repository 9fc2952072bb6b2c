// The browser tab's title of each page, from an app's route table. Pure: no React, no router.

export interface TitledRoute {
  /** a route path pattern: "/activities/:id" (":name" matches one segment) */
  path: string;
  title: string;
}

/** Whether `pathname` is a path of `pattern` ("/activities/:id" is "/activities/12", not "/activities"). */
export function matchesRoute(pattern: string, pathname: string): boolean {
  const parts = (p: string) => p.split("/").filter(Boolean);
  const want = parts(pattern);
  const have = parts(pathname);
  return (
    want.length === have.length && want.every((w, i) => (w.startsWith(":") ? have[i] !== "" : w === have[i]))
  );
}

/** "志愿者审核 - 创城通管理后台": the first route `pathname` matches, else `fallback` (页面不存在). */
export function pageTitle(
  routes: readonly TitledRoute[],
  pathname: string,
  suffix: string,
  fallback: string,
): string {
  const route = routes.find((r) => matchesRoute(r.path, pathname));
  return `${route?.title ?? fallback} - ${suffix}`;
}
