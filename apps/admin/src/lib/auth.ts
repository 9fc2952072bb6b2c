import { useQuery } from "@tanstack/react-query";
import {
  ROLES,
  canGrantRole as canGrantRoleRule,
  type Permission,
  type Role,
} from "@chuangcheng/domain/rules";
import { useTRPC, type Me } from "./trpc";

/** The logged-in user (auth.me). UNAUTHORIZED is an answer here, not something to retry. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
}

export function can(me: Me | undefined, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false;
}

/**
 * Whether the user may grant or revoke `role` somewhere: the domain's rule (canGrantRole), over all of
 * the user's grants. The server applies the same rule to the grants covering the unit and checks the
 * unit; this keeps impossible choices out of the pickers.
 */
export function canGrantRole(me: Me | undefined, role: Role): boolean {
  return me ? canGrantRoleRule(me.grants, role) : false;
}

/** The roles offered when creating staff or granting a role (居民 register themselves in the portal). */
export function grantableRoles(me: Me | undefined): Role[] {
  return ROLES.filter((r) => r !== "resident" && canGrantRole(me, r));
}

export function isSystemAdmin(me: Me | undefined): boolean {
  return me?.grants.some((g) => g.role === "system_admin") ?? false;
}

/** The first page of the console the user may open: the 工作台 with what needs them today. */
export function homePath(me: Me | undefined): string {
  if (can(me, "console.access")) return "/workbench";
  if (can(me, "org.read")) return "/org";
  if (can(me, "user.manage")) return "/users";
  if (can(me, "audit.read")) return "/audit";
  return "/org";
}
