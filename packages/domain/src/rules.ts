// Browser-safe entry: pure rules and labels the apps show, with no database or Node imports.
export {
  MOBILE_PATTERN,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  ROLES,
  ROLE_LABELS,
  ROLE_UNIT_KIND,
  PERMISSIONS,
  maskMobile,
  maskName,
  type Permission,
} from "./auth/rules.js";
export { ORG_KINDS, ORG_KIND_LABELS, PARENT_KIND, childKindOf, placementError } from "./org/rules.js";
export type { OrgKind, Role } from "./db/database.js";
