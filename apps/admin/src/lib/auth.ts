import { useQuery } from "@tanstack/react-query";
import { ROLES, type Permission, type Role } from "@chuangcheng/domain/rules";
import { useTRPC, type Me } from "./trpc";

/** The logged-in user (auth.me). UNAUTHORIZED is an answer here, not something to retry. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
}

export function can(me: Me | undefined, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

/** Roles rank in the order ROLES lists them (居民 < 网格员 < 社区管理员 < 街道管理员 < 系统管理员). */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/**
 * Whether the user may probably grant or revoke `role`: a system admin any role, others the roles
 * ranked below one they manage users with. The server decides (and checks the unit); this only keeps
 * impossible choices out of the pickers.
 */
export function canGrantRole(me: Me | undefined, role: Role): boolean {
  if (!me) return false;
  if (me.grants.some((g) => g.role === "system_admin")) return true;
  const managing = me.grants.filter((g) => g.role === "community_admin" || g.role === "street_admin");
  return managing.some((g) => roleRank(g.role) > roleRank(role));
}

/** The roles offered when creating staff or granting a role (居民 register themselves in the portal). */
export function grantableRoles(me: Me | undefined): Role[] {
  return ROLES.filter((r) => r !== "resident" && canGrantRole(me, r));
}

export function isSystemAdmin(me: Me | undefined): boolean {
  return me?.grants.some((g) => g.role === "system_admin") ?? false;
}

/** The first page of the console the user may open. */
export function homePath(me: Me | undefined): string {
  if (can(me, "org.read")) return "/org";
  if (can(me, "user.manage")) return "/users";
  if (can(me, "audit.read")) return "/audit";
  return "/org";
}
