import { sql } from "kysely";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ValidationError, NotFoundError } from "../errors.js";
import { assertCan, communityOf } from "../auth/authorize.js";
import { erasePersonFromAudit, recordAudit } from "../audit/audit-service.js";
import { blindIndex, encryptField, type DataKeys } from "../secrets/data-keys.js";
import { chinaToday } from "../time.js";
import { toJson } from "../db/json.js";
import { releaseUpcomingSignups } from "../activity/signup-service.js";
import { notify } from "../notification/notification-service.js";
import { setTeamMember } from "./team-service.js";
import {
  ageOn,
  ageRule,
  ID_NUMBER_MESSAGES,
  maskIdNumber,
  parseIdNumber,
  type IdNumberInfo,
} from "./id-number.js";
import { volunteerTransition, type PoliticalStatus, type ServiceTime, type Skill } from "./rules.js";

export interface RegistrationInput {
  name: string;
  idNumber: string;
  mobile: string;
  courtyardId: number;
  politicalStatus: PoliticalStatus;
  skills: Skill[];
  serviceTimes: ServiceTime[];
  preferredTeamId?: number | null | undefined;
  guardianConsent: boolean;
}

const ID_INDEX_PURPOSE = "volunteer.id_number";

export function idNumberIndex(keys: { readonly index: Uint8Array }, normalized: string): string {
  return blindIndex(keys, ID_INDEX_PURPOSE, normalized);
}

/** The 身份证号 rules and the age rules, as field errors. */
export function checkPerson(idNumber: string, guardianConsent: boolean, today: string): IdNumberInfo {
  const parsed = parseIdNumber(idNumber, today);
  if (!parsed.ok) throw new ValidationError("idNumber", ID_NUMBER_MESSAGES[parsed.error]);
  const rule = ageRule(ageOn(parsed.info.birthDate, today));
  if (rule === "refused") throw new ValidationError("idNumber", "未满14周岁，请由监护人陪同到社区办公室登记");
  if (rule === "guardian" && !guardianConsent) {
    throw new ValidationError("guardianConsent", "未满18周岁，需勾选监护人同意");
  }
  return parsed.info;
}

/** Where a registration belongs: the 楼院 must be a 楼院, and a preferred team must be of its 社区. */
export async function placeRegistration(
  db: Db,
  courtyardId: number,
  preferredTeamId: number | null | undefined,
) {
  const courtyard = await db
    .selectFrom("org_unit")
    .select(["id", "kind"])
    .where("id", "=", courtyardId)
    .executeTakeFirst();
  if (!courtyard || courtyard.kind !== "courtyard")
    throw new ValidationError("courtyardId", "请选择所在楼院");
  const communityId = await communityOf(db, courtyard.id);
  if (communityId === null) throw new ValidationError("courtyardId", "所选楼院不属于任何社区");
  if (preferredTeamId) {
    const team = await db
      .selectFrom("team")
      .select(["community_id", "archived_at"])
      .where("id", "=", preferredTeamId)
      .executeTakeFirst();
    if (!team || team.community_id !== communityId) {
      throw new ValidationError("preferredTeamId", "所选志愿服务队不属于该社区");
    }
    if (team.archived_at) throw new ValidationError("preferredTeamId", "所选志愿服务队已归档，请重新选择");
  }
  return communityId;
}

export async function replaceSkills(db: Db, volunteerId: number, skills: readonly Skill[]) {
  await db.deleteFrom("volunteer_skill").where("volunteer_id", "=", volunteerId).execute();
  const unique = [...new Set(skills)];
  if (unique.length > 0) {
    await db
      .insertInto("volunteer_skill")
      .values(unique.map((skill) => ({ volunteer_id: volunteerId, skill })))
      .execute();
  }
}

/**
 * A resident's registration (or, after 已驳回, the corrected one). One registration per 身份证号 in
 * the whole system, found through its blind index; a clash says so without saying whose it is.
 */
export async function submitRegistration(
  db: Db,
  keys: DataKeys,
  session: AuthSession,
  input: RegistrationInput,
  now = new Date(),
) {
  const info = checkPerson(input.idNumber, input.guardianConsent, chinaToday(now));
  const communityId = await placeRegistration(db, input.courtyardId, input.preferredTeamId);
  const index = idNumberIndex(keys, info.normalized);

  const own = await db
    .selectFrom("volunteer")
    .select(["id", "status", "id_number_index"])
    .where("user_id", "=", session.user.id)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
  // Only a 已驳回 registration may be submitted again: the transition function refuses the rest.
  if (own) volunteerTransition(own.status, "resubmit");

  const holder = await db
    .selectFrom("volunteer")
    .select(["id", "user_id", "status", "mobile"])
    .where("id_number_index", "=", index)
    .executeTakeFirst();
  // A record imported from a paper form (no account yet) is claimed by the person it names: knowing
  // the 身份证号 is not enough, the paper form's mobile must be the account's own.
  const claim =
    holder &&
    holder.user_id === null &&
    holder.status === "registered" &&
    holder.mobile === session.user.mobile
      ? holder
      : null;
  if (holder && holder.id !== own?.id && !claim) {
    throw new ValidationError("idNumber", "该身份证号已登记为志愿者，如有疑问请联系社区");
  }

  const person = {
    name: input.name,
    gender: info.gender,
    birth_date: info.birthDate,
    id_number_enc: encryptField(keys, info.normalized),
    id_number_index: index,
    id_number_masked: maskIdNumber(info.normalized),
    mobile: input.mobile,
    political_status: input.politicalStatus,
    service_times: toJson([...new Set(input.serviceTimes)]),
    preferred_team_id: input.preferredTeamId ?? null,
    guardian_consent: input.guardianConsent ? 1 : 0,
    consent_at: now.toISOString(),
    community_id: communityId,
    courtyard_id: input.courtyardId,
  };

  let id: number;
  if (claim) {
    // The claimed record replaces the caller's rejected one: one registration per person.
    if (own) await db.deleteFrom("volunteer").where("id", "=", own.id).execute();
    await db
      .updateTable("volunteer")
      .set({ ...person, user_id: session.user.id })
      .where("id", "=", claim.id)
      .execute();
    id = claim.id;
  } else if (own) {
    const status = volunteerTransition(own.status, "resubmit");
    await db
      .updateTable("volunteer")
      .set({ ...person, status, reject_reason: null, submitted_at: now.toISOString() })
      .where("id", "=", own.id)
      .execute();
    id = own.id;
  } else {
    const row = await db
      .insertInto("volunteer")
      .values({ ...person, user_id: session.user.id, status: "pending", submitted_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  await replaceSkills(db, id, input.skills);
  return { id, status: claim ? ("registered" as const) : ("pending" as const) };
}

/**
 * 通过 or 驳回 (with a reason), for one or many; all or nothing. With joinPreferredTeam, an approved
 * volunteer also joins the 志愿服务队 of their 社区 they chose when registering (安排入队).
 */
export async function reviewVolunteers(
  db: Db,
  session: AuthSession,
  input: {
    ids: number[];
    action: "approve" | "reject";
    reason?: string | undefined;
    joinPreferredTeam?: boolean | undefined;
  },
  now = new Date(),
) {
  if (input.action === "reject" && !input.reason?.trim())
    throw new ValidationError("reason", "请填写驳回原因");
  const rows = await db
    .selectFrom("volunteer")
    .select(["id", "status", "community_id", "name", "preferred_team_id", "user_id", "submitted_at"])
    .where("id", "in", input.ids)
    // In id order on both databases: the same audit order, and rows locked in one order by all.
    .orderBy("id")
    .execute();
  if (rows.length !== new Set(input.ids).size) throw new NotFoundError("有志愿者登记不存在");
  let joined = 0;
  for (const row of rows) {
    await assertCan(db, session, "volunteer.manage", row.community_id);
    const status = volunteerTransition(row.status, input.action);
    await db
      .updateTable("volunteer")
      .set({
        status,
        reviewed_at: now.toISOString(),
        reviewed_by: session.user.id,
        reject_reason: input.action === "reject" ? input.reason!.trim() : null,
        registered_at: status === "registered" ? now.toISOString() : null,
      })
      .where("id", "=", row.id)
      .execute();
    await recordAudit(
      db,
      session,
      {
        action: `volunteer.${input.action}`,
        targetType: "volunteer",
        targetId: row.id,
        orgUnitId: row.community_id,
        before: { status: row.status },
        after: { status, ...(input.reason ? { reason: input.reason } : {}) },
      },
      now,
    );
    if (row.user_id !== null) await notifyReviewed(db, { ...row, user_id: row.user_id }, input, now);
    if (status === "registered" && input.joinPreferredTeam && row.preferred_team_id !== null) {
      const team = await db
        .selectFrom("team")
        .select(["community_id", "archived_at"])
        .where("id", "=", row.preferred_team_id)
        .executeTakeFirst();
      // A team of another 社区 (the 楼院 moved since), or one archived since, is not theirs to join.
      if (team?.community_id === row.community_id && team.archived_at === null) {
        await setTeamMember(
          db,
          session,
          { teamId: row.preferred_team_id, volunteerId: row.id, member: true },
          now,
        );
        joined++;
      }
    }
  }
  return { count: rows.length, joined };
}

/** Tells the resident their registration was reviewed: one notice per submission (a resubmission is a new one). */
function notifyReviewed(
  db: Db,
  row: { id: number; user_id: number; submitted_at: string },
  input: { action: "approve" | "reject"; reason?: string | undefined },
  now: Date,
) {
  const approved = input.action === "approve";
  return notify(
    db,
    {
      userIds: [row.user_id],
      kind: approved ? "volunteer_approved" : "volunteer_rejected",
      title: approved ? "志愿者注册已通过" : "志愿者注册未通过",
      body: approved
        ? "您的志愿者注册已通过社区审核，可以报名参加社区的志愿服务活动了。"
        : `驳回原因：${input.reason?.trim() ?? ""}。请修改后重新提交。`,
      link: "/volunteer",
      eventKey: `volunteer.review:${row.id}:${row.submitted_at}`,
    },
    now,
  );
}

/** 注销: the personal data is erased; the record keeps its 社区 and hours, anonymously. */
export async function withdraw(db: Db, session: AuthSession, now = new Date()) {
  const row = await db
    .selectFrom("volunteer")
    .select(["id", "status", "community_id"])
    .where("user_id", "=", session.user.id)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
  if (!row) throw new NotFoundError("您还没有志愿者登记");
  const status = volunteerTransition(row.status, "withdraw");
  await db
    .updateTable("volunteer")
    .set({
      status,
      withdrawn_at: now.toISOString(),
      user_id: null,
      name: null,
      gender: null,
      birth_date: null,
      id_number_enc: null,
      id_number_index: null,
      id_number_masked: null,
      mobile: null,
      political_status: null,
      courtyard_id: null,
      service_times: toJson<ServiceTime[]>([]),
    })
    .where("id", "=", row.id)
    .execute();
  await db.deleteFrom("volunteer_skill").where("volunteer_id", "=", row.id).execute();
  await db.deleteFrom("team_member").where("volunteer_id", "=", row.id).execute();
  await db
    .updateTable("team")
    .set({ leader_volunteer_id: null })
    .where("leader_volunteer_id", "=", row.id)
    .execute();
  // Places in activities that have not started go back to others; past sign-ups keep their hours.
  await releaseUpcomingSignups(db, row.id, now);
  // What the log recorded about the registration goes with it (an import's changes of name, mobile …).
  await erasePersonFromAudit(db, { volunteerId: row.id });
  await recordAudit(
    db,
    session,
    { action: "volunteer.withdraw", targetType: "volunteer", targetId: row.id, orgUnitId: row.community_id },
    now,
  );
}

/**
 * Adds confirmed minutes to a volunteer's total (negative when an adjustment lowers them). The
 * activity feature calls this whenever an organiser confirms or adjusts hours, in the same transaction.
 */
export async function addConfirmedMinutes(db: Db, volunteerId: number, deltaMinutes: number) {
  if (deltaMinutes === 0) return;
  await db
    .updateTable("volunteer")
    .set({ confirmed_minutes: sql`confirmed_minutes + ${deltaMinutes}` })
    .where("id", "=", volunteerId)
    .execute();
}

/**
 * Volunteers living in the given 楼院 now belong to `communityId`. The org feature calls this when a
 * 网格 or 楼院 moves to another 社区, so a volunteer's 社区 always follows their 楼院.
 */
export async function moveVolunteersToCommunity(
  db: Db,
  courtyardIds: readonly number[],
  communityId: number,
) {
  if (courtyardIds.length === 0) return;
  await db
    .updateTable("volunteer")
    .set({ community_id: communityId })
    .where("courtyard_id", "in", courtyardIds)
    .execute();
}
