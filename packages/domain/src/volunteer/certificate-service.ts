import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { CertificateActivity } from "../db/database.js";
import { fromJson, toJson } from "../db/json.js";
import { assertCan } from "../auth/authorize.js";
import { maskName } from "../auth/rules.js";
import { recordAudit } from "../audit/audit-service.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { chinaToday } from "../time.js";
import { minutesToHours } from "../activity/rules.js";
import { STAR_LABELS, starLevel } from "./star-level.js";
import {
  certificateTransition,
  formatCertificateCode,
  newCertificateCode,
  normalizeCertificateCode,
  periodProblem,
} from "./certificate-rules.js";

// The 志愿服务证明: what a volunteer's confirmed service in a period was, issued by their 社区, with a
// code anyone may check on the public verify page. The hours come only from attendances the organiser
// confirmed (activity_signup.hours_status = confirmed) of activities that started in the period,
// computed here; nothing the client sends is printed but the period.

export interface CertificateRequest {
  /** absent: the caller's own registration */
  volunteerId?: number | undefined;
  periodStart: string;
  periodEnd: string;
}

/** The UTC instant a China date starts at. */
function chinaDayStart(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The volunteer a certificate is about, once the caller may have it: their own, or one of a 社区 they manage. */
async function subjectOf(db: Db, session: AuthSession, volunteerId: number | undefined) {
  let query = db
    .selectFrom("volunteer")
    .innerJoin("org_unit as community", "community.id", "volunteer.community_id")
    .select([
      "volunteer.id",
      "volunteer.user_id",
      "volunteer.community_id",
      "volunteer.status",
      "volunteer.name",
      "volunteer.id_number_masked",
      "volunteer.registered_at",
      "volunteer.confirmed_minutes",
      "community.name as community_name",
    ]);
  query =
    volunteerId === undefined
      ? query.where("volunteer.user_id", "=", session.user.id).where("volunteer.status", "!=", "withdrawn")
      : query.where("volunteer.id", "=", volunteerId);
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError(volunteerId === undefined ? "您还没有登记为志愿者" : "志愿者不存在");
  if (row.user_id !== session.user.id) await assertCan(db, session, "volunteer.manage", row.community_id);
  if (row.status !== "registered" || row.name === null)
    throw new ConflictError("只有已注册的志愿者可以开具志愿服务证明");
  return { ...row, name: row.name };
}

/** The confirmed attendances of a volunteer at activities that started within the period (China dates). */
export async function confirmedService(
  db: Db,
  volunteerId: number,
  periodStart: string,
  periodEnd: string,
): Promise<CertificateActivity[]> {
  const rows = await db
    .selectFrom("activity_signup")
    .innerJoin("activity", "activity.id", "activity_signup.activity_id")
    .select(["activity.starts_at", "activity.title", "activity_signup.confirmed_minutes"])
    .where("activity_signup.volunteer_id", "=", volunteerId)
    .where("activity_signup.hours_status", "=", "confirmed")
    .where("activity_signup.confirmed_minutes", ">", 0)
    .where("activity.starts_at", ">=", chinaDayStart(periodStart))
    .where("activity.starts_at", "<", chinaDayStart(nextDay(periodEnd)))
    .orderBy("activity.starts_at")
    .orderBy("activity.id")
    .execute();
  return rows.map((r) => ({
    date: chinaToday(new Date(r.starts_at)),
    title: r.title,
    minutes: r.confirmed_minutes ?? 0,
  }));
}

function checkPeriod(req: CertificateRequest, now: Date) {
  const problem = periodProblem(req.periodStart, req.periodEnd, chinaToday(now));
  if (problem) throw new ValidationError(problem.field, problem.message);
}

const activityOut = (a: CertificateActivity) => ({
  date: a.date,
  title: a.title,
  hours: minutesToHours(a.minutes),
});

/** What a certificate for the period would say; records nothing. */
export async function previewCertificate(
  db: Db,
  session: AuthSession,
  req: CertificateRequest,
  now = new Date(),
) {
  checkPeriod(req, now);
  const v = await subjectOf(db, session, req.volunteerId);
  const activities = await confirmedService(db, v.id, req.periodStart, req.periodEnd);
  const minutes = activities.reduce((sum, a) => sum + a.minutes, 0);
  return {
    volunteerId: v.id,
    name: v.name,
    idNumber: v.id_number_masked ?? "",
    communityName: v.community_name,
    registeredOn: v.registered_at ? chinaToday(new Date(v.registered_at)) : null,
    periodStart: req.periodStart,
    periodEnd: req.periodEnd,
    hours: minutesToHours(minutes),
    activities: activities.map(activityOut),
    star: starLevel(minutesToHours(v.confirmed_minutes)).label,
    // kept for issueCertificate
    _minutes: minutes,
    _activities: activities,
    _stars: starLevel(minutesToHours(v.confirmed_minutes)).stars,
    _communityId: v.community_id,
  };
}

/** Issues a certificate: a row with a new verification code, and a line in the 操作日志. */
export async function issueCertificate(
  db: Db,
  session: AuthSession,
  req: CertificateRequest,
  now = new Date(),
) {
  const p = await previewCertificate(db, session, req, now);
  if (p._minutes === 0)
    throw new ValidationError("periodStart", "所选期间内没有已确认的志愿服务时长，无法开具证明");
  const code = newCertificateCode();
  const row = await db
    .insertInto("volunteer_certificate")
    .values({
      code,
      volunteer_id: p.volunteerId,
      community_id: p._communityId,
      issuer_name: p.communityName,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      minutes: p._minutes,
      activities: toJson(p._activities),
      stars: p._stars,
      issued_by: session.user.id,
      issued_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    {
      action: "volunteer.certificate_issue",
      targetType: "volunteer",
      targetId: p.volunteerId,
      orgUnitId: p._communityId,
      after: { periodStart: p.periodStart, periodEnd: p.periodEnd, minutes: p._minutes },
    },
    now,
  );
  const { _minutes, _activities, _stars, _communityId, ...shown } = p;
  return { ...shown, id: row.id, code: formatCertificateCode(code), issuedOn: chinaToday(now) };
}

/** The certificates issued for a volunteer (the caller's own when no id), newest first. */
export async function listCertificates(db: Db, session: AuthSession, volunteerId: number | undefined) {
  let target: number;
  if (volunteerId === undefined) {
    const own = await db
      .selectFrom("volunteer")
      .select("id")
      .where("user_id", "=", session.user.id)
      .where("status", "!=", "withdrawn")
      .executeTakeFirst();
    if (!own) return { items: [] };
    target = own.id;
  } else {
    const row = await db
      .selectFrom("volunteer")
      .select(["id", "user_id", "community_id"])
      .where("id", "=", volunteerId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError("志愿者不存在");
    if (row.user_id !== session.user.id) await assertCan(db, session, "volunteer.manage", row.community_id);
    target = row.id;
  }
  const rows = await db
    .selectFrom("volunteer_certificate")
    .leftJoin("user as issuer", "issuer.id", "volunteer_certificate.issued_by")
    .select([
      "volunteer_certificate.id",
      "volunteer_certificate.code",
      "volunteer_certificate.period_start",
      "volunteer_certificate.period_end",
      "volunteer_certificate.minutes",
      "volunteer_certificate.issued_at",
      "volunteer_certificate.revoked_at",
      "volunteer_certificate.revoke_reason",
      "issuer.name as issued_by_name",
    ])
    .where("volunteer_certificate.volunteer_id", "=", target)
    .orderBy("volunteer_certificate.id", "desc")
    .limit(100)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: formatCertificateCode(r.code),
      periodStart: r.period_start,
      periodEnd: r.period_end,
      hours: minutesToHours(r.minutes),
      issuedAt: r.issued_at,
      issuedByName: r.issued_by_name,
      revokedAt: r.revoked_at,
      revokeReason: r.revoke_reason,
    })),
  };
}

/** 撤销: by an admin of the 社区 that issued it, with the reason; the verify page then says 已撤销. */
export async function revokeCertificate(
  db: Db,
  session: AuthSession,
  input: { id: number; reason: string },
  now = new Date(),
) {
  const row = await db
    .selectFrom("volunteer_certificate")
    .select(["id", "volunteer_id", "community_id", "revoked_at"])
    .where("id", "=", input.id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("证明不存在");
  await assertCan(db, session, "volunteer.manage", row.community_id);
  certificateTransition(row.revoked_at === null ? "valid" : "revoked", "revoke");
  const updated = await db
    .updateTable("volunteer_certificate")
    .set({ revoked_at: now.toISOString(), revoked_by: session.user.id, revoke_reason: input.reason })
    .where("id", "=", row.id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError("该证明已撤销");
  await recordAudit(
    db,
    session,
    {
      action: "volunteer.certificate_revoke",
      targetType: "volunteer",
      targetId: row.volunteer_id,
      orgUnitId: row.community_id,
      after: { reason: input.reason },
    },
    now,
  );
}

async function certificateRow(db: Db, where: { id: number } | { code: string }) {
  let q = db
    .selectFrom("volunteer_certificate as c")
    .innerJoin("volunteer", "volunteer.id", "c.volunteer_id")
    .select([
      "c.id",
      "c.code",
      "c.volunteer_id",
      "c.community_id",
      "c.issuer_name",
      "c.period_start",
      "c.period_end",
      "c.minutes",
      "c.activities",
      "c.stars",
      "c.issued_at",
      "c.revoked_at",
      "volunteer.user_id",
      "volunteer.name",
      "volunteer.id_number_masked",
      "volunteer.registered_at",
    ]);
  q = "id" in where ? q.where("c.id", "=", where.id) : q.where("c.code", "=", where.code);
  return q.executeTakeFirst();
}

type CertificateRow = NonNullable<Awaited<ReturnType<typeof certificateRow>>>;

function factsOf(row: CertificateRow, name: string) {
  return {
    name,
    idNumber: row.id_number_masked ?? "",
    communityName: row.issuer_name,
    registeredOn: row.registered_at ? chinaToday(new Date(row.registered_at)) : null,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    hours: minutesToHours(row.minutes),
    activities: fromJson(row.activities).map(activityOut),
    star: STAR_LABELS[row.stars] ?? STAR_LABELS[0],
    issuer: row.issuer_name,
    issuedOn: chinaToday(new Date(row.issued_at)),
  };
}

/**
 * The public verify page: 证明有效 with the facts masked (刘*, 110105********1021), 已撤销, or 证明无效
 * for a code that is malformed (not looked up at all) or unknown. A certificate of a volunteer who
 * has since withdrawn (their data erased) stands revoked.
 */
export async function verifyCertificate(db: Db, input: string) {
  const code = normalizeCertificateCode(input);
  const row = code === null ? undefined : await certificateRow(db, { code });
  if (!row) return { status: "invalid" as const, code: null, certificate: null, revokedOn: null, note: null };
  const shownCode = formatCertificateCode(row.code);
  if (row.name === null)
    return {
      status: "revoked" as const,
      code: shownCode,
      certificate: null,
      revokedOn: null,
      note: "志愿者已注销登记",
    };
  return {
    status: row.revoked_at === null ? ("valid" as const) : ("revoked" as const),
    code: shownCode,
    certificate: factsOf(row, maskName(row.name)),
    revokedOn: row.revoked_at ? chinaToday(new Date(row.revoked_at)) : null,
    note: null,
  };
}

export type CertificateDocument = ReturnType<typeof factsOf> & {
  id: number;
  code: string;
  verifyUrl: string;
};

/**
 * A certificate for its PDF or Word file: to the volunteer themself or an admin of its 社区, with the
 * full name (the paper is theirs) and the link its QR code carries. A revoked one is not handed out again.
 */
export async function certificateDocument(
  db: Db,
  session: AuthSession,
  id: number,
  publicBaseUrl: string,
): Promise<CertificateDocument> {
  const row = await certificateRow(db, { id });
  if (!row || row.name === null) throw new NotFoundError("证明不存在");
  if (row.user_id !== session.user.id) await assertCan(db, session, "volunteer.manage", row.community_id);
  if (row.revoked_at !== null) throw new ConflictError("该证明已撤销，不能再下载");
  const code = formatCertificateCode(row.code);
  return { ...factsOf(row, row.name), id: row.id, code, verifyUrl: verifyUrlOf(publicBaseUrl, code) };
}

/** Where the QR code leads: the portal's public verify page on this server. */
export function verifyUrlOf(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, "")}/verify/${code}`;
}
