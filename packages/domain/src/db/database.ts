import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AuditAction } from "../audit/actions.js";
import type { FileOwnerType } from "../files/owner-types.js";
import type { DocumentMime } from "../files/limits.js";
import type { PoliticalStatus, ServiceTime, Skill } from "../volunteer/rules.js";
import type {
  ProblemCategory,
  ProblemRating,
  ProblemSource,
  ProblemState,
  ProblemStepAction,
  RejectReason,
} from "../problem/rules.js";
import type { NotificationKind } from "../notification/rules.js";
import type { BoardCategory, BoardKind, BoardSource, BoardState, SubjectKind } from "../board/rules.js";
import type {
  AssessMethod,
  CampaignKind,
  CampaignStage,
  EvidenceKind,
  Grade,
  LeaderRole,
  LinkRecordType,
} from "../campaign/rules.js";
import type { DutyCadence, DutyDoneBy } from "../campaign/duty-rules.js";
import type { SupervisionColour, TaskPriority, TaskState, TaskStepAction } from "../task/rules.js";
import type { SupervisionState } from "../task/supervision-rules.js";
import type { JsonColumn } from "./json.js";
import type { SummaryBody } from "../report/summary-model.js";
import type { SummaryPeriodKind } from "../report/summary-period.js";

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
  /** 社区 and 街道: the office phone (public), where the office is and when it is open */
  contact_phone: ColumnType<string | null, string | null | undefined, string | null>;
  office_address: ColumnType<string | null, string | null | undefined, string | null>;
  office_hours: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** set when the owner deleted the account (注销账号): the row is then an anonymous tombstone */
  deleted_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** 1 after an admin reset: the temporary password must be changed before anything else */
  must_change_password: ColumnType<number, number | undefined, number>;
  /** when the temporary password was issued; it is refused at login once it has expired */
  temp_password_issued_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** the portal's 关怀模式 as the owner last chose it (1 on, 0 off); null until they choose */
  care_mode: ColumnType<number | null, number | null | undefined, number | null>;
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

/** One failed (or not yet verified) password check; keys are keyed hashes, never a mobile or an address. */
export interface LoginFailureTable {
  /** hash of the mobile and the client address: growing delays for this account from this address */
  pair_key: string;
  /** hash of the client address: a cap on failures across all accounts from one address */
  address_key: string;
  at: Timestamp;
}

/** One SMS verification code requested for a self-service password reset (see auth/password-reset.ts). */
export interface PasswordResetCodeTable {
  /** keyed hash of the mobile */
  mobile_key: string;
  /** keyed hash of the client address: requests are capped per address too */
  address_key: string;
  /** keyed hash of the code; null when the mobile has no account (nothing was sent) */
  code_hash: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** wrong codes entered against this one */
  tries: ColumnType<number, number | undefined, number>;
  used_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Timestamp, Timestamp, never>;
  actor_id: number | null;
  action: AuditAction;
  target_type: string;
  target_id: string | null;
  /** the unit whose admins may read the row */
  org_unit_id: number | null;
  before: string | null;
  after: string | null;
}

export interface CommunitySettingTable {
  community_id: number;
  /** the registration-ratio target in per mille of 常住人口: 100 = 10% */
  volunteer_target_permille: ColumnType<number, number | undefined, number>;
}

export type VolunteerStatus = "pending" | "registered" | "rejected" | "withdrawn";

export interface VolunteerTable {
  id: Generated<number>;
  /** null once withdrawn: the hours stay, the person does not */
  user_id: number | null;
  community_id: number;
  courtyard_id: number | null;
  name: string | null;
  gender: "male" | "female" | null;
  birth_date: string | null;
  /** AES-256-GCM (secrets/data-keys.ts); never stored in the clear */
  id_number_enc: string | null;
  /** HMAC blind index of the 身份证号: one registration per person, without storing the number */
  id_number_index: string | null;
  /** 110105********002X: kept so lists need not decrypt */
  id_number_masked: string | null;
  mobile: string | null;
  political_status: PoliticalStatus | null;
  /** JSON array of service-time slots, e.g. ["weekday_morning","weekend_evening"]; see json.ts */
  service_times: JsonColumn<ServiceTime[]>;
  preferred_team_id: number | null;
  guardian_consent: ColumnType<number, number | undefined, number>;
  consent_at: Timestamp | null;
  status: VolunteerStatus;
  reject_reason: string | null;
  submitted_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: number | null;
  registered_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  /** sum of confirmed sign-up minutes, kept with each confirmation for sorting and star levels */
  confirmed_minutes: ColumnType<number, number | undefined, number>;
}

export interface VolunteerSkillTable {
  volunteer_id: number;
  skill: Skill;
}

export interface TeamTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  description: string | null;
  leader_volunteer_id: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  /** 归档: off the pickers and lists, history kept; null while active */
  archived_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface TeamMemberTable {
  team_id: number;
  volunteer_id: number;
  joined_at: Timestamp;
}

/** One uploaded photo (files/): re-encoded, stripped of metadata, stored by content hash. */
export interface FileTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the re-encoded image: its key in the file store */
  storage_key: string;
  /** SHA-256 (hex) of its thumbnail (about 320 px) */
  thumb_key: string;
  uploader_id: number;
  byte_size: number;
  thumb_byte_size: number;
  width: number;
  height: number;
  mime: "image/jpeg" | "image/webp";
  /** what it illustrates; both null until attached (attachFiles), removed a day later if never attached */
  owner_type: FileOwnerType | null;
  owner_id: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  attached_at: Timestamp | null;
}

/** One uploaded document (files/): a PDF, DOCX or XLSX stored as sent, by content hash, with its name. */
export interface DocumentTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the bytes: its key in the file store (shared with photos) */
  storage_key: string;
  uploader_id: number;
  /** the name it was uploaded with, its extension matching the content */
  name: string;
  byte_size: number;
  mime: DocumentMime;
  /** what it belongs to; both null until attached (attachDocuments), removed a day later if never attached */
  owner_type: FileOwnerType | null;
  owner_id: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  attached_at: Timestamp | null;
}

export type ActivityKind = "volunteer_service" | "moral_lecture" | "culture_sports" | "publicity";
export type ActivityStatus = "published" | "cancelled";

export interface ActivityTable {
  id: Generated<number>;
  community_id: number;
  kind: ActivityKind;
  title: string;
  team_id: number | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place_unit_id: number | null;
  place_text: string | null;
  capacity: number;
  /** places taken; raised only by a conditional update, so capacity holds under concurrency */
  signed_count: ColumnType<number, number | undefined, number>;
  /** JSON array of skills wanted; see json.ts */
  skills: JsonColumn<Skill[]>;
  description: string | null;
  status: ActivityStatus;
  created_by: number | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
}

/**
 * Each character and each pair of neighbouring characters of a volunteer's name, ASCII letters lowered
 * (王建国: 王 建 国 王建 建国): the roster's search within names. Kept by triggers on volunteer only
 * (migration 2026-12-16T0000).
 */
export interface VolunteerNameGramTable {
  gram: string;
  community_id: number;
  volunteer_id: number;
}

/** A 志愿服务证明 as issued (migration 2026-12-14T0000): what it certifies, kept as it was printed. */
export interface VolunteerCertificateTable {
  id: Generated<number>;
  /** the verification code, 20 characters of Crockford base32 without dashes */
  code: string;
  volunteer_id: number;
  community_id: number;
  /** the 社区's name when issued: the issuer printed on it */
  issuer_name: string;
  /** China dates, YYYY-MM-DD */
  period_start: string;
  period_end: string;
  /** confirmed minutes in the period, the sum of `activities` */
  minutes: number;
  /** JSON array of { date, title, minutes }: the confirmed attendances behind the hours; see json.ts */
  activities: JsonColumn<CertificateActivity[]>;
  /** the star level (0–5) from all confirmed hours when issued */
  stars: number;
  issued_by: number | null;
  issued_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  revoke_reason: string | null;
}

/** One line of a certificate's activity list. */
export interface CertificateActivity {
  /** China date of the activity's start */
  date: string;
  title: string;
  minutes: number;
}

/** A wrong last-4 of the 身份证号 entered when claiming an imported record (throttled per account per day). */
export interface VolunteerClaimFailureTable {
  user_id: number;
  at: Timestamp;
}

export type SignupStatus = "signed" | "cancelled";
export type HoursStatus = "none" | "pending" | "confirmed";

export interface ActivitySignupTable {
  id: Generated<number>;
  activity_id: number;
  volunteer_id: number;
  status: SignupStatus;
  signed_at: Timestamp;
  cancelled_at: Timestamp | null;
  check_in_at: Timestamp | null;
  check_out_at: Timestamp | null;
  /** check-out minus check-in, clipped to the activity's time */
  minutes: number | null;
  hours_status: ColumnType<HoursStatus, HoursStatus | undefined, HoursStatus>;
  confirmed_minutes: number | null;
  adjust_reason: string | null;
  confirmed_by: number | null;
  confirmed_at: Timestamp | null;
}

/** A notice in a user's in-app inbox (消息通知); written by notify() in notification/notification-service.ts. */
export interface NotificationTable {
  id: Generated<number>;
  /** the recipient */
  user_id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  /** a path on the server's origin: "/volunteer" (portal), "/admin/…" (console); null for none */
  link: string | null;
  /** the event it tells of, unique per recipient: the same event never notifies twice */
  event_key: string;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  read_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** A problem found in a 楼院 (随手拍, 巡查, 督查, 转办) and its way to 办结; see problem/rules.ts. */
export interface ProblemTable {
  id: Generated<number>;
  community_id: number;
  courtyard_id: number;
  building_id: number | null;
  /** where in the 楼院: 3单元楼道, 东门外 */
  place: string | null;
  description: string;
  category: ProblemCategory;
  source: ProblemSource;
  /** 转办: where it came from, e.g. 12345 工单号 */
  referral_origin: string | null;
  reporter_user_id: number | null;
  state: ProblemState;
  /** 责任人 */
  assignee_user_id: number | null;
  /** the last day (China date, YYYY-MM-DD) on which 办结 is on time; overdue is computed from it */
  deadline: string | null;
  /** raised by every state change (update … where version = ?): two people cannot both act */
  version: ColumnType<number, number | undefined, number>;
  /** 不予受理 as 重复: the problem it repeats */
  duplicate_of_id: number | null;
  reject_reason: RejectReason | null;
  /** 不予受理 as 非社区职责: the department it was referred to */
  referred_department: string | null;
  rating: ProblemRating | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  /** 1 once a 不满意 sent it back to 待复查 (that happens once) */
  reopened_once: ColumnType<number, number | undefined, number>;
  /** 1: an admin chose to show it (solved) in the portal's feed */
  published: ColumnType<number, number | undefined, number>;
  published_at: Timestamp | null;
  created_at: ColumnType<Timestamp, Timestamp, never>;
  /** the last state change */
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

/** One entry of a problem's timeline; photos hang on it as files of owner_type 'problem_step'. */
export interface ProblemStepTable {
  id: Generated<number>;
  problem_id: number;
  action: ProblemStepAction;
  from_state: ProblemState | null;
  to_state: ProblemState | null;
  actor_user_id: number | null;
  note: string | null;
  /** 派遣 and 改派: to whom, until when */
  assignee_user_id: number | null;
  deadline: string | null;
  /** 评价: the rating given */
  rating: ProblemRating | null;
  created_at: Timestamp;
}

/** A 社区's own label, 处置时限 or switch for a built-in category (absent: the defaults in rules.ts). */
export interface ProblemCategoryTable {
  community_id: number;
  code: ProblemCategory;
  label: string;
  time_limit_days: number;
  enabled: ColumnType<number, number | undefined, number>;
}

/**
 * Problems per 社区, category and state: the console's tabs. Kept by triggers on `problem`
 * (migration 2026-12-05T0000); no code writes it.
 */
export interface ProblemStateTallyTable {
  community_id: number;
  category: ProblemCategory;
  state: ProblemState;
  n: number;
}

/** Open problems (整改中, 待复查) per 社区 and deadline: the overdue count. Kept by triggers, like the above. */
export interface ProblemDeadlineTallyTable {
  community_id: number;
  deadline: string;
  n: number;
}

/** One entry of a 社区's 黑白榜; see board/rules.ts. Whether it shows today is computed, never stored. */
export interface BoardEntryTable {
  id: Generated<number>;
  community_id: number;
  courtyard_id: number;
  building_id: number | null;
  kind: BoardKind;
  category: BoardCategory;
  title: string;
  description: string;
  subject_kind: SubjectKind;
  /** a person's full name or a household's label: staff only for 黑榜, masked on public pages unless consented */
  subject_name: string | null;
  /** the resident account the entry is about (told before a 黑榜 entry shows, may 申诉) */
  subject_user_id: number | null;
  /** an 优秀志愿者 entry made from the roster */
  subject_volunteer_id: number | null;
  /** 白榜: who recorded the person's consent to be named in full, and when */
  consent_by: number | null;
  consent_at: Timestamp | null;
  source: BoardSource;
  proposer_user_id: number | null;
  problem_id: number | null;
  state: BoardState;
  reject_reason: string | null;
  edition_id: number | null;
  /** China dates (YYYY-MM-DD) */
  start_date: string | null;
  end_date: string | null;
  /** the last day the linked person may 申诉; the entry shows from the next day */
  notice_until: string | null;
  photos_confirmed_by: number | null;
  photos_confirmed_at: Timestamp | null;
  approved_by: number | null;
  approved_at: Timestamp | null;
  rectified_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  /** the personal data was erased after the retention period */
  erased_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A 社区's 黑白榜 of one month (YYYY-MM). */
export interface BoardEditionTable {
  id: Generated<number>;
  community_id: number;
  month: string;
  title: string;
  created_by: number | null;
  created_at: Timestamp;
  published_by: number | null;
  published_at: Timestamp | null;
}

/** A linked person's 申诉 against a 黑榜 entry, and the decision (维持 or 撤销). */
export interface BoardAppealTable {
  id: Generated<number>;
  entry_id: number;
  appellant_user_id: number | null;
  reason: string;
  created_at: Timestamp;
  decision: "upheld" | "revoked" | null;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
}

/** A 社区's board settings; absent: DEFAULT_BOARD_SETTINGS. */
export interface BoardSettingTable {
  community_id: number;
  black_visibility: "residents" | "public";
  black_name_display: "none" | "masked";
  black_max_days: number;
  white_days: number;
  notice_days: number;
  rectified_removal: "at_end" | "at_once";
  retention_days: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** A 社区's own label or switch for a built-in board category. */
export interface BoardCategoryTable {
  community_id: number;
  code: BoardCategory;
  label: string;
  enabled: ColumnType<number, number | undefined, number>;
}

/**
 * A number per 社区 that triggers raise on any change its public board shows (migration
 * 2026-12-06T0000): a server reuses the board it built while the number is the same.
 */
export interface BoardRevisionTable {
  community_id: number;
  revision: number;
}

/** A 创城 campaign of a 街道 or a 社区. */
export interface CampaignTable {
  id: Generated<number>;
  name: string;
  kind: CampaignKind;
  /** the 街道 or 社区 it is run for; a street's campaign gives each of its 社区 a checklist copy */
  scope_unit_id: number;
  /** China dates (YYYY-MM-DD) */
  period_start: string;
  period_end: string;
  stage: CampaignStage;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

/** A member of a campaign's 领导小组: an account, or only a name, with a 职务. */
export interface CampaignLeaderTable {
  id: Generated<number>;
  campaign_id: number;
  role: LeaderRole;
  user_id: number | null;
  name: string;
  title: string | null;
  sort: number;
}

/** One indicator of one 社区's copy of a campaign's 测评体系 checklist. */
export interface CampaignItemTable {
  id: Generated<number>;
  campaign_id: number;
  community_id: number;
  sort: number;
  project: string;
  content: string;
  standard: string;
  method: AssessMethod;
  points: number;
  /** JSON: EvidenceKind[] */
  evidence_kinds: string;
  /** JSON: Measure, or null for no measured target */
  measure: string | null;
  /** who files its evidence (a grid worker may file for the items given to them) */
  assignee_user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** removed after evidence was filed: kept for the record, off the checklist */
  archived_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

/** Evidence filed under an item: its files belong to the files feature (owner campaign_evidence). */
export interface CampaignEvidenceTable {
  id: Generated<number>;
  item_id: number;
  kind: EvidenceKind;
  title: string;
  /** the China date the evidence is of (a 宣传栏 photo's day), YYYY-MM-DD */
  evidence_date: string;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** A record of the system counted as an item's evidence: proposed, then confirmed or removed. */
export interface CampaignLinkTable {
  id: Generated<number>;
  item_id: number;
  record_type: LinkRecordType;
  record_id: number;
  state: "proposed" | "confirmed" | "removed";
  decided_by: number | null;
  decided_at: Timestamp | null;
}

/** Evidence filed per item and kind. Kept by triggers on campaign_evidence (migration 2026-12-12T0000). */
export interface CampaignEvidenceTallyTable {
  item_id: number;
  kind: EvidenceKind;
  n: number;
}

/** Records confirmed as evidence per item and record type. Kept by triggers on campaign_link. */
export interface CampaignLinkTallyTable {
  item_id: number;
  record_type: LinkRecordType;
  n: number;
}

/** Published activities per 社区, kind and China month (YYYY-MM, UTC+8) of their start. Kept by triggers on activity. */
export interface ActivityMonthTallyTable {
  community_id: number;
  kind: ActivityKind;
  month: string;
  n: number;
}

/** A round of 模拟测评 of one 社区's checklist. */
export interface CampaignAssessmentTable {
  id: Generated<number>;
  campaign_id: number;
  community_id: number;
  title: string;
  created_by: number | null;
  created_at: Timestamp;
}

/**
 * A recurring duty of a 社区 (宣传栏 更新 每季度, 道德讲堂 每月 2 次): whether each month or quarter is
 * done is computed from the records `done_by` names, never stored.
 */
export interface DutyRuleTable {
  id: Generated<number>;
  community_id: number;
  sort: number;
  title: string;
  cadence: DutyCadence;
  /** how many times per period (道德讲堂 2 a month) */
  times: number;
  done_by: DutyDoneBy;
  /** done_by activity: the kind of activity that counts */
  activity_kind: ActivityKind | null;
  /** done_by evidence: the kind of evidence that counts … */
  evidence_kind: EvidenceKind | null;
  /** … filed under the checklist item of this 测评内容 (e.g. 宣传栏设置) in any campaign of the 社区 */
  evidence_item: string | null;
  /** who is reminded when it falls due; null: the 社区's admins */
  responsible_user_id: number | null;
  /** days before a period ends that it counts as due soon (the reminder goes out once) */
  remind_days: number;
  /** 1: residents see its dates on the portal (道德讲堂) */
  for_residents: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** removed after it was ticked: kept for the record, off the calendar */
  archived_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

/** A manual tick of a duty for one period (入户走访 2026-Q4), with its photos (files, owner duty_tick). */
export interface DutyTickTable {
  id: Generated<number>;
  rule_id: number;
  /** YYYY-MM or YYYY-Qn */
  period: string;
  /** the China date it was done, YYYY-MM-DD */
  done_on: string;
  note: string;
  user_id: number;
  created_at: Timestamp;
}

/** A task of a campaign's tree (depth ≤ 4): 责任单位, 责任人, dates, state; roll-up is computed. */
export interface TaskTable {
  id: Generated<number>;
  campaign_id: number;
  parent_id: number | null;
  sort: number;
  title: string;
  description: string;
  /** 责任单位 */
  unit_id: number;
  /** 责任人; null: not yet given to anyone */
  assignee_user_id: number | null;
  /** who gave it to the 责任人 (验收 is theirs) */
  assigned_by: number | null;
  start_on: string;
  /** 时限: the last China day, YYYY-MM-DD */
  due_on: string;
  priority: TaskPriority;
  state: TaskState;
  /** the 责任人's own percentage, 0–100 */
  progress: ColumnType<number, number | undefined, number>;
  /** its share among its siblings; null: as every sibling without one */
  weight: number | null;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

/** A 协办 of a task: a unit or a person (one of the two). */
export interface TaskHelperTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number | null;
  user_id: number | null;
}

/** A checklist item (测评内容) a task serves. */
export interface TaskItemTable {
  task_id: number;
  item_id: number;
}

/** A step of a task's timeline; a report's photos are files (owner task_step). */
export interface TaskStepTable {
  id: Generated<number>;
  task_id: number;
  action: TaskStepAction;
  user_id: number | null;
  note: string;
  /** a report's percentage */
  progress: number | null;
  created_at: Timestamp;
}

/** A 督办单: issued by hand on a task by someone above its 责任单位, answered by its 责任人, cleared (销号) by the issuer. */
export interface TaskSupervisionTable {
  id: Generated<number>;
  task_id: number;
  /** the unit the issuer acted for (above the task's 责任单位); null: a system admin */
  unit_id: number | null;
  issued_by: number | null;
  colour: SupervisionColour;
  note: string;
  /** the China day a reply (反馈) is due, YYYY-MM-DD */
  reply_by: string;
  state: SupervisionState;
  answer: string | null;
  answered_by: number | null;
  answered_at: Timestamp | null;
  cleared_by: number | null;
  cleared_at: Timestamp | null;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

/** A 街道's thresholds of the 督办 colours (absent: DEFAULT_SUPERVISION). */
export interface SupervisionSettingTable {
  street_id: number;
  blue_days: number;
  red_after_days: number;
  pace_gap: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface CampaignGradeTable {
  assessment_id: number;
  item_id: number;
  grade: Grade;
  note: string | null;
}

/** A draft of a 社区's or 街道's 工作总结 for a period; 重新生成 adds a new one (previous_id), keeping the old. */
export interface SummaryDraftTable {
  id: Generated<number>;
  unit_id: number;
  period_kind: SummaryPeriodKind;
  /** first and last China day, YYYY-MM-DD */
  period_from: string;
  period_to: string;
  period_label: string;
  campaign_id: number | null;
  title: string;
  body: JsonColumn<SummaryBody>;
  previous_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_by: number | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface Database {
  org_unit: OrgUnitTable;
  user: UserTable;
  role_grant: RoleGrantTable;
  session: SessionTable;
  login_failure: LoginFailureTable;
  password_reset_code: PasswordResetCodeTable;
  audit_log: AuditLogTable;
  file: FileTable;
  document: DocumentTable;
  community_setting: CommunitySettingTable;
  volunteer: VolunteerTable;
  volunteer_skill: VolunteerSkillTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  volunteer_claim_failure: VolunteerClaimFailureTable;
  volunteer_certificate: VolunteerCertificateTable;
  volunteer_name_gram: VolunteerNameGramTable;
  activity: ActivityTable;
  activity_signup: ActivitySignupTable;
  problem: ProblemTable;
  problem_step: ProblemStepTable;
  problem_category: ProblemCategoryTable;
  problem_state_tally: ProblemStateTallyTable;
  problem_deadline_tally: ProblemDeadlineTallyTable;
  activity_month_tally: ActivityMonthTallyTable;
  notification: NotificationTable;
  board_entry: BoardEntryTable;
  board_edition: BoardEditionTable;
  board_appeal: BoardAppealTable;
  board_setting: BoardSettingTable;
  board_category: BoardCategoryTable;
  board_revision: BoardRevisionTable;
  campaign: CampaignTable;
  campaign_leader: CampaignLeaderTable;
  campaign_item: CampaignItemTable;
  campaign_evidence: CampaignEvidenceTable;
  campaign_link: CampaignLinkTable;
  campaign_evidence_tally: CampaignEvidenceTallyTable;
  campaign_link_tally: CampaignLinkTallyTable;
  campaign_assessment: CampaignAssessmentTable;
  campaign_grade: CampaignGradeTable;
  duty_rule: DutyRuleTable;
  duty_tick: DutyTickTable;
  task: TaskTable;
  task_helper: TaskHelperTable;
  task_item: TaskItemTable;
  task_step: TaskStepTable;
  task_supervision: TaskSupervisionTable;
  supervision_setting: SupervisionSettingTable;
  summary_draft: SummaryDraftTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type OrgUnitUpdate = Updateable<OrgUnitTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type RoleGrant = Selectable<RoleGrantTable>;
export type NewRoleGrant = Insertable<RoleGrantTable>;
export type Session = Selectable<SessionTable>;
export type FileRow = Selectable<FileTable>;
export type AuditLog = Selectable<AuditLogTable>;
export type NewAuditLog = Insertable<AuditLogTable>;
export type Volunteer = Selectable<VolunteerTable>;
export type NewVolunteer = Insertable<VolunteerTable>;
export type VolunteerUpdate = Updateable<VolunteerTable>;
export type Team = Selectable<TeamTable>;
export type Activity = Selectable<ActivityTable>;
export type NewActivity = Insertable<ActivityTable>;
export type ActivitySignup = Selectable<ActivitySignupTable>;
export type Notification = Selectable<NotificationTable>;
export type Problem = Selectable<ProblemTable>;
export type ProblemStep = Selectable<ProblemStepTable>;
export type BoardEntry = Selectable<BoardEntryTable>;
export type BoardEdition = Selectable<BoardEditionTable>;
export type BoardAppeal = Selectable<BoardAppealTable>;
export type Campaign = Selectable<CampaignTable>;
export type CampaignItem = Selectable<CampaignItemTable>;
export type DutyRule = Selectable<DutyRuleTable>;
export type DutyTick = Selectable<DutyTickTable>;
export type Task = Selectable<TaskTable>;
export type SummaryDraft = Selectable<SummaryDraftTable>;
