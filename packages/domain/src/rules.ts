// Browser-safe entry: pure rules and labels the apps show, with no database or Node imports.
export {
  MOBILE_PATTERN,
  MOBILE_MESSAGE,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  MUST_CHANGE_MESSAGE,
  ROLES,
  ROLE_LABELS,
  ROLE_UNIT_KIND,
  PERMISSIONS,
  canGrantRole,
  roleHas,
  maskMobile,
  maskName,
  type Permission,
} from "./auth/rules.js";
export {
  ORG_KINDS,
  ORG_KIND_LABELS,
  PARENT_KIND,
  CONTACT_KINDS,
  CONTACT_PHONE_PATTERN,
  CONTACT_PHONE_MESSAGE,
  OFFICE_ADDRESS_MAX,
  OFFICE_HOURS_MAX,
  childKindOf,
  placementError,
} from "./org/rules.js";
export type { OrgKind, Role } from "./db/database.js";
export {
  parseIdNumber,
  checkCharacter,
  maskIdNumber,
  ageOn,
  ageRule,
  ID_NUMBER_MESSAGES,
  type IdNumberInfo,
  type IdNumberError,
} from "./volunteer/id-number.js";
export { starLevel, STAR_THRESHOLDS, STAR_LABELS, type StarLevel } from "./volunteer/star-level.js";
export {
  POLITICAL_STATUSES,
  POLITICAL_STATUS_LABELS,
  SKILLS,
  SKILL_LABELS,
  SERVICE_TIMES,
  SERVICE_TIME_LABELS,
  VOLUNTEER_STATUSES,
  VOLUNTEER_STATUS_LABELS,
  TARGET_PRESETS_PERMILLE,
  DEFAULT_TARGET_PERMILLE,
  TARGET_MIN_PERMILLE,
  TARGET_MAX_PERMILLE,
  ratioTargetError,
  volunteerTransition,
  type PoliticalStatus,
  type Skill,
  type ServiceTime,
} from "./volunteer/rules.js";
export {
  ACTIVITY_KINDS,
  ACTIVITY_KIND_LABELS,
  ACTIVITY_STATUSES,
  ACTIVITY_STATUS_LABELS,
  SIGNUP_STATUSES,
  SIGNUP_STATUS_LABELS,
  HOURS_STATUSES,
  HOURS_STATUS_LABELS,
  serviceMinutes,
  activityMaxMinutes,
  minutesToHours,
  hoursTransition,
  cancelSignup,
  CHECK_IN_OPENS_MS,
  CHECK_OUT_GRACE_MS,
  checkInWindow,
  checkOutWindow,
  hoursStatusText,
  inServiceRecord,
  type AttendanceWindow,
  type WindowState,
} from "./activity/rules.js";
export type { VolunteerStatus, ActivityKind, ActivityStatus, HoursStatus, SignupStatus } from "./db/database.js";
export {
  AUDIT_ACTIONS,
  AUDIT_ACTION_LABELS,
  AUDIT_TARGET_TYPES,
  AUDIT_TARGET_LABELS,
  type AuditAction,
  type AuditTargetType,
} from "./audit/actions.js";
export { AUDIT_FIELD_LABELS } from "./audit/fields.js";
export {
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_TITLE_MAX,
  NOTIFICATION_BODY_MAX,
  isInAppLink,
  linkTarget,
  type NotificationKind,
} from "./notification/rules.js";
export { MAX_CALLS_PER_REQUEST } from "./api-limits.js";
export { phoneLink, isLoopbackUrl, LOOPBACK_LINK_WARNING } from "./public-url.js";
