import type { ReactNode } from "react";
import { Result } from "antd";
import type { Permission } from "@chuangcheng/domain/rules";
import { can, useMe } from "../lib/auth";

/** Shows the page only to users whose roles give `permission`; the server checks again on every call. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  if (!me.data) return null;
  if (!can(me.data, permission)) {
    return (
      <Result status="403" title="没有权限" subTitle="您的角色无权查看此页面，如需开通请联系上级管理员。" />
    );
  }
  return <>{children}</>;
}
