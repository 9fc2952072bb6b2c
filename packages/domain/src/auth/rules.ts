import type { OrgKind, Role } from "../db/database.js";

// Pure rules about accounts and roles: no database, safe to import in a browser (see ../rules.ts).

/** Mainland mobile numbers: 11 digits, 1 then 3-9. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
/** What a value that is not a mobile number (MOBILE_PATTERN) is told, on the server and in both apps. */
export const MOBILE_MESSAGE = "手机号应为11位数字，以13-19开头";
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 72;
/** The answer to a session opened with a temporary password, for anything but changing it. */
export const MUST_CHANGE_MESSAGE = "请先修改临时密码";

export const ROLES = ["resident", "grid_worker", "community_admin", "street_admin", "system_admin"] as const;

export const ROLE_LABELS: Record<Role, string> = {
  resident: "居民",
  grid_worker: "网格员",
  community_admin: "社区管理员",
  street_admin: "街道管理员",
  system_admin: "系统管理员",
};

/** Higher ranks may grant and revoke lower ones (within their scope). */
export const ROLE_RANK: Record<Role, number> = {
  resident: 0,
  grid_worker: 1,
  community_admin: 2,
  street_admin: 3,
  system_admin: 4,
};

/** The kind of unit each role is held at; system_admin is held at no unit and covers all. */
export const ROLE_UNIT_KIND: Record<Role, OrgKind | null> = {
  resident: "community",
  grid_worker: "grid",
  community_admin: "community",
  street_admin: "street",
  system_admin: null,
};

export const PERMISSIONS = [
  "console.access",
  "org.read",
  "org.manage",
  "user.manage",
  "audit.read",
  "volunteer.read",
  "volunteer.manage",
  "activity.manage",
  "activity.checkin",
  /** 巡查 in their units, 整改 what is assigned to them, 复查 others' work */
  "problem.handle",
  /** 派遣, 不予受理, 改派, publishing to the portal, category settings, the 整改台账 */
  "problem.manage",
  /** 黑白榜: propose entries in their units (a grid worker in their 网格) */
  "board.propose",
  /** 黑白榜: approve or reject, decide 申诉, publish editions, settings */
  "board.moderate",
  /** 创城活动: make a campaign, edit its 领导小组 and stage, and a 社区's copy of the checklist */
  "campaign.manage",
  /** 创城活动: read the checklist and file evidence (a grid worker for the items given to them) */
  "campaign.evidence",
  /** 任务: split, assign, 验收, 退回, cancel and move the tasks of their units */
  "task.manage",
  /** 任务: see the tasks given to them, report progress and submit them for 验收 */
  "task.handle",
  /** 工作总结: draft, edit and download their 社区's or 街道's summary */
  "report.summary",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ADMIN_PERMISSIONS: Permission[] = [...PERMISSIONS];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: [],
  grid_worker: [
    "console.access",
    "org.read",
    "volunteer.read",
    "activity.checkin",
    "problem.handle",
    "board.propose",
    "campaign.evidence",
    "task.handle",
  ],
  community_admin: ADMIN_PERMISSIONS,
  street_admin: ADMIN_PERMISSIONS,
  system_admin: ADMIN_PERMISSIONS,
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * Whether someone holding `grants` may grant or revoke `role`: a system admin any role; anyone else
 * only a role ranked below one of theirs that manages users (a community admin appoints grid
 * workers, never another community admin). The server passes the grants that cover the unit in
 * question and checks the unit itself; the console passes all of the user's grants to offer only
 * the roles the server may allow.
 */
export function canGrantRole(grants: ReadonlyArray<{ role: Role }>, role: Role): boolean {
  return grants.some(
    (g) => g.role === "system_admin" || (roleHas(g.role, "user.manage") && ROLE_RANK[g.role] > ROLE_RANK[role]),
  );
}

/** 13812345678 -> 138****5678. Anything not shaped like a mobile is fully hidden. */
export function maskMobile(mobile: string): string {
  return MOBILE_PATTERN.test(mobile) ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : "***********";
}

/** 张三丰 -> 张**, the most a public page may show of a person. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return "";
  return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
}
