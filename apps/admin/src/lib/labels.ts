import { ROLE_LABELS, type Role } from "@chuangcheng/domain/rules";

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "org.create": "新增单位",
  "org.update": "修改单位",
  "org.move": "移动单位",
  "org.remove": "删除单位",
  "role.grant": "授予角色",
  "role.revoke": "撤销角色",
  "user.create": "新建工作人员",
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export const ROLE_COLORS: Record<Role, string> = {
  resident: "default",
  grid_worker: "green",
  community_admin: "blue",
  street_admin: "purple",
  system_admin: "red",
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** "社区管理员 @ 东街社区"; a system admin holds no unit. */
export function grantLabel(grant: { role: Role; unitId: number | null; unitName: string }): string {
  return grant.unitId === null ? ROLE_LABELS[grant.role] : `${ROLE_LABELS[grant.role]} @ ${grant.unitName}`;
}
