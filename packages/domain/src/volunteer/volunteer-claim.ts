import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, ThrottledError, ValidationError } from "../errors.js";
import { recordAudit } from "../audit/audit-service.js";
import {
  CLAIM_MAX_FAILURES,
  CLAIM_WINDOW_MS,
  idLast4Matches,
  idNumberHintForClaim,
  maskNameForClaim,
} from "./claim-rules.js";

// A volunteer registered on paper and imported by the 社区 has no account. When that person registers
// on the portal with the mobile of their paper form, the 志愿者 page offers their record: they claim it
// by typing the last four characters of their 身份证号. The mobile must be the account's own (as for
// the claim by full 身份证号 in submitRegistration), and wrong guesses are limited per account per day.

/** Records waiting for this account: imported (已注册, no account) under the account's own mobile, in any 社区. */
async function candidates(db: Db, session: AuthSession) {
  return db
    .selectFrom("volunteer")
    .innerJoin("org_unit as community", "community.id", "volunteer.community_id")
    .leftJoin("org_unit as courtyard", "courtyard.id", "volunteer.courtyard_id")
    .select([
      "volunteer.id",
      "volunteer.name",
      "volunteer.id_number_masked",
      "volunteer.community_id",
      "community.name as community_name",
      "courtyard.name as courtyard_name",
    ])
    .where("volunteer.mobile", "=", session.user.mobile)
    .where("volunteer.user_id", "is", null)
    .where("volunteer.status", "=", "registered")
    .where("volunteer.id_number_masked", "is not", null)
    .orderBy("volunteer.id")
    .execute();
}

/** The caller's own registration, if any: one that is not 已驳回 means there is nothing to claim. */
async function ownRecord(db: Db, session: AuthSession) {
  return db
    .selectFrom("volunteer")
    .select(["id", "status"])
    .where("user_id", "=", session.user.id)
    .where("status", "!=", "withdrawn")
    .executeTakeFirst();
}

async function failuresToday(db: Db, userId: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom("volunteer_claim_failure")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("at", ">", new Date(now.getTime() - CLAIM_WINDOW_MS).toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * What the portal shows before the registration form: the imported records this account may claim,
 * masked (王*红, 6201**************, 社区 and 楼院), and how many tries are left today; null when there
 * is nothing to claim.
 */
export async function claimableRecords(db: Db, session: AuthSession, now = new Date()) {
  const own = await ownRecord(db, session);
  if (own && own.status !== "rejected") return null;
  const rows = await candidates(db, session);
  if (rows.length === 0) return null;
  return {
    records: rows.map((r) => ({
      id: r.id,
      name: maskNameForClaim(r.name ?? ""),
      idNumber: idNumberHintForClaim(r.id_number_masked!),
      communityName: r.community_name,
      courtyardName: r.courtyard_name,
    })),
    triesLeft: Math.max(0, CLAIM_MAX_FAILURES - (await failuresToday(db, session.user.id, now))),
  };
}

/**
 * Links the imported record whose 身份证号 ends in `idLast4` to the caller's account. Not one
 * transaction for the whole call: a wrong try is recorded even though the call fails; the link itself
 * (and its audit row, and dropping a 已驳回 registration of the caller's) is one transaction.
 */
export async function claimRecord(
  db: Kysely<Database>,
  session: AuthSession,
  input: { idLast4: string },
  now = new Date(),
) {
  const used = await failuresToday(db, session.user.id, now);
  if (used >= CLAIM_MAX_FAILURES) {
    throw new ThrottledError("今天输入错误次数过多，请明天再试，或带身份证到社区办公室办理");
  }
  const own = await ownRecord(db, session);
  if (own && own.status !== "rejected") throw new ConflictError("您已有志愿者登记，无需认领");
  const rows = await candidates(db, session);
  if (rows.length === 0) throw new ConflictError("没有找到可认领的志愿者信息");
  const match = rows.filter((r) => idLast4Matches(r.id_number_masked!, input.idLast4));
  if (match.length !== 1) {
    await db
      .insertInto("volunteer_claim_failure")
      .values({ user_id: session.user.id, at: now.toISOString() })
      .execute();
    const left = CLAIM_MAX_FAILURES - used - 1;
    throw new ValidationError(
      "idLast4",
      left > 0
        ? `身份证号后4位不正确，今天还可尝试${left}次`
        : "身份证号后4位不正确，今天的尝试次数已用完，请明天再试或联系社区",
    );
  }
  const record = match[0]!;
  return db.transaction().execute(async (trx) => {
    // The claimed record replaces the caller's rejected one: one registration per person.
    if (own) await trx.deleteFrom("volunteer").where("id", "=", own.id).execute();
    const linked = await trx
      .updateTable("volunteer")
      .set({ user_id: session.user.id })
      .where("id", "=", record.id)
      .where("user_id", "is", null)
      .executeTakeFirst();
    if (Number(linked.numUpdatedRows) !== 1) throw new ConflictError("该志愿者信息已被认领");
    await recordAudit(
      trx,
      session,
      {
        action: "volunteer.claim",
        targetType: "volunteer",
        targetId: record.id,
        orgUnitId: record.community_id,
      },
      now,
    );
    return { id: record.id };
  });
}
