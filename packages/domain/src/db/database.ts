import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** ISO-8601 UTC timestamps, stored as text so SQLite and PostgreSQL read them alike. */
type Timestamp = string;

export type OrgKind = "street" | "community" | "grid" | "courtyard" | "building";
export type Role = "resident" | "grid_worker" | "community_admin" | "street_admin" | "system_admin";

export interface OrgUnitTable {
  id: Generated<number>;
  parent_id: number | null;
  kind: OrgKind;
  name: string;
  /** 户数: recorded for a 社区 (and optionally below) */
  households: number | null;
  /** 常住人口: ratios are computed against the 社区's figure */
  population: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
}

export interface UserTable {
  id: Generated<number>;
  mobile: string;
  name: string;
  password_hash: string;
  community_id: number | null;
  courtyard_id: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  password_changed_at: Timestamp;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  /** null only for system_admin, whose grant covers everything */
  org_unit_id: number | null;
  granted_by: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
}

export interface SessionTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 of the cookie token: a leaked database holds no usable session */
  token_hash: string;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface LoginFailureTable {
  id: Generated<number>;
  /** sha256 of the mobile number, so the throttle table holds no personal data */
  mobile_key: string;
  at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Timestamp, Timestamp, never>;
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  /** the unit whose admins may read the row */
  org_unit_id: number | null;
  before: string | null;
  after: string | null;
}

export interface Database {
  org_unit: OrgUnitTable;
  user: UserTable;
  role_grant: RoleGrantTable;
  session: SessionTable;
  login_failure: LoginFailureTable;
  audit_log: AuditLogTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type OrgUnitUpdate = Updateable<OrgUnitTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type RoleGrant = Selectable<RoleGrantTable>;
export type NewRoleGrant = Insertable<RoleGrantTable>;
export type Session = Selectable<SessionTable>;
export type AuditLog = Selectable<AuditLogTable>;
export type NewAuditLog = Insertable<AuditLogTable>;
