import { ROLE_LABELS, type Role } from "@chuangcheng/domain/rules";

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
