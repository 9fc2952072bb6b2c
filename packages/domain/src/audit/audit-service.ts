import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { descendantIds, permissionScope } from "../auth/authorize.js";
import type { AuditAction, AuditTargetType } from "./actions.js";
import { isAuditTargetType, resolveAuditNames } from "./audit-subjects.js";
import { describeAuditChange } from "./fields.js";

export interface AuditEntry {
  /** one of the audit vocabulary (actions.ts), which gives each its label */
  action: AuditAction;
  /** what the row is about: the 操作日志 names it (志愿者 王小红) from the id at read time */
  targetType: AuditTargetType;
  targetId: string | number | null;
  /** whose admins may read it: the unit the change happened at */
  orgUnitId: number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit row, in the caller's transaction so it stands or falls with the change. The actor
 * is the session's user; a self-service step without a session (an SMS reset) names the account's owner.
 */
export async function recordAudit(
  db: Db,
  actor: { user: Pick<AuthSession["user"], "id"> } | null,
  entry: AuditEntry,
  now = new Date(),
) {
  await db
    .insertInto("audit_log")
    .values({
      at: now.toISOString(),
      actor_id: actor?.user.id ?? null,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId === null ? null : String(entry.targetId),
      org_unit_id: entry.orgUnitId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

/**
 * What a snapshot may hold about a person: their name (also as `user`), mobile (masked), and what a
 * volunteer registration or import recorded. Erased with the person (erasePersonFromAudit).
 */
export const PERSONAL_AUDIT_FIELDS: readonly string[] = [
  "name",
  "user",
  "mobile",
  "courtyardId",
  "politicalStatus",
  "skills",
  "serviceTimes",
  "guardianConsent",
];

/** A before/after snapshot as the object it holds; null for none, or for anything but an object. */
function snapshotObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  return value as Record<string, unknown>;
}

function withoutPersonalFields(text: string | null): string | null {
  const value = snapshotObject(text);
  if (value === null) return text;
  const entries = Object.entries(value);
  const kept = entries.filter(([key]) => !PERSONAL_AUDIT_FIELDS.includes(key));
  if (kept.length === entries.length) return text;
  return kept.length === 0 ? null : JSON.stringify(Object.fromEntries(kept));
}

/**
 * When a person's data is erased (注销账号, a volunteer's 注销), the audit rows about them keep what
 * happened and when, but no longer what they were called, their number or their registration: the
 * personal fields leave the before/after snapshots of the rows whose subject is that account or that
 * volunteer record. The 操作日志 then names them 已注销. In the caller's transaction.
 */
export async function erasePersonFromAudit(
  db: Db,
  person: { userId?: number | undefined; volunteerId?: number | undefined },
) {
  const subjects = [
    ...(person.userId === undefined ? [] : [{ type: "user", id: String(person.userId) }]),
    ...(person.volunteerId === undefined ? [] : [{ type: "volunteer", id: String(person.volunteerId) }]),
  ];
  if (subjects.length === 0) return;
  // A scan of audit_log (nothing indexes the subject): erasures are rare.
  const rows = await db
    .selectFrom("audit_log")
    .select(["id", "before", "after"])
    .where((eb) =>
      eb.or(subjects.map((s) => eb.and([eb("target_type", "=", s.type), eb("target_id", "=", s.id)]))),
    )
    .execute();
  for (const row of rows) {
    const before = withoutPersonalFields(row.before);
    const after = withoutPersonalFields(row.after);
    if (before === row.before && after === row.after) continue;
    await db.updateTable("audit_log").set({ before, after }).where("id", "=", row.id).execute();
  }
}

/**
 * When one feature erases what it recorded of a person in its own records (a 黑榜 entry past its
 * retention period), what the audit rows about those records wrote of it goes too: the values of
 * `fields` in their before/after snapshots become `placeholder`, so the 操作日志 still shows that a
 * reason was given, and when, but not what it said. `orgUnitId`, when every row about these records
 * was written at that unit, narrows the search to that unit's rows (an index; nothing indexes the
 * subject). In the caller's transaction. Returns how many rows changed.
 */
export async function redactAuditOf(
  db: Db,
  target: { type: AuditTargetType; ids: readonly number[]; orgUnitId?: number | undefined },
  fields: readonly string[],
  placeholder: string,
): Promise<number> {
  if (target.ids.length === 0 || fields.length === 0) return 0;
  let query = db
    .selectFrom("audit_log")
    .select(["id", "before", "after"])
    .where("target_type", "=", target.type)
    .where("target_id", "in", target.ids.map(String));
  if (target.orgUnitId !== undefined) query = query.where("org_unit_id", "=", target.orgUnitId);
  let changed = 0;
  for (const row of await query.orderBy("id").execute()) {
    const before = withFieldsReplaced(row.before, fields, placeholder);
    const after = withFieldsReplaced(row.after, fields, placeholder);
    if (before === row.before && after === row.after) continue;
    await db.updateTable("audit_log").set({ before, after }).where("id", "=", row.id).execute();
    changed++;
  }
  return changed;
}

function withFieldsReplaced(text: string | null, fields: readonly string[], placeholder: string) {
  const record = snapshotObject(text);
  if (record === null) return text;
  const hit = fields.filter((f) => f in record && record[f] !== null && record[f] !== placeholder);
  if (hit.length === 0) return text;
  for (const f of hit) record[f] = placeholder;
  return JSON.stringify(record);
}

export interface AuditQuery {
  unitId?: number | undefined;
  action?: AuditAction | undefined;
  targetType?: AuditTargetType | undefined;
  page: number;
  pageSize: number;
}

/** Audit rows of the units the caller administers (and, with unitId, of that unit and below). */
export async function listAudit(db: Db, session: AuthSession, query: AuditQuery) {
  const scope = await permissionScope(db, session, "audit.read");
  let units: "all" | number[] = scope;
  if (query.unitId !== undefined) {
    const below = await descendantIds(db, [query.unitId]);
    units = scope === "all" ? below : below.filter((id) => scope.includes(id));
  }
  let base = db
    .selectFrom("audit_log")
    .leftJoin("user", "user.id", "audit_log.actor_id")
    .leftJoin("org_unit", "org_unit.id", "audit_log.org_unit_id");
  if (units !== "all") base = base.where("audit_log.org_unit_id", "in", units.length > 0 ? units : [-1]);
  if (query.action) base = base.where("audit_log.action", "=", query.action);
  if (query.targetType) base = base.where("audit_log.target_type", "=", query.targetType);
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.action",
      "audit_log.target_type",
      "audit_log.target_id",
      "audit_log.org_unit_id",
      "audit_log.before",
      "audit_log.after",
      "user.name as actor_name",
      "org_unit.name as unit_name",
    ])
    .orderBy("audit_log.id", "desc")
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const names = await resolveAuditNames(db, rows);
  return {
    total: Number(total.n),
    items: rows.map((r, i) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      // recordAudit writes only the known types; an unknown one would be a row written by hand
      targetType: isAuditTargetType(r.target_type) ? r.target_type : null,
      targetId: r.target_id,
      subject: names.subject(r, i),
      changes: isAuditTargetType(r.target_type)
        ? describeAuditChange(r.target_type, r.before, r.after, names.lookup)
        : [],
      unitId: r.org_unit_id,
      unitName: r.unit_name,
      actorName: r.actor_name,
      before: r.before,
      after: r.after,
    })),
  };
}
