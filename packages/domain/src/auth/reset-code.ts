import { randomInt, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import type { Db } from "../db/open-database.js";
import { ForbiddenError, ThrottledError, ValidationError } from "../errors.js";
import { lockForTransaction } from "../db/locks.js";
import { recordAudit } from "../audit/audit-service.js";
import type { DataKeys } from "../secrets/data-keys.js";
import type { ClientInfo } from "./auth-service.js";
import { maskMobile } from "./rules.js";
import type { SmsSender } from "./sms.js";
import { addressBucket, keyedHash, waitMessage } from "./throttle.js";

// 短信验证码找回: where the deployment has an SMS account, a resident resets their own password with a
// 6-digit code sent to their mobile. Every request is recorded (keyed hashes of the mobile and the
// client address, the code hashed), also for a number without an account, so the answer and the
// throttle are the same whether or not the number exists.

export const RESET_CODE_TTL_MS = 10 * 60 * 1000;
export const RESET_CODE_MAX_TRIES = 5;
/** One code per mobile per minute, five a day; twenty a day from one address. */
export const RESET_CODE_INTERVAL_MS = 60 * 1000;
export const RESET_CODES_PER_MOBILE_PER_DAY = 5;
export const RESET_CODES_PER_ADDRESS_PER_DAY = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export const SMS_UNAVAILABLE_MESSAGE = "本系统未开通短信验证码找回密码，请联系所在社区重置密码";
const WRONG_CODE_MESSAGE = "验证码错误或已过期，请重新获取";
const TOO_MANY_TRIES_MESSAGE = "验证码错误次数过多，请重新获取";

export function assertSmsAvailable(sms: SmsSender | null): asserts sms is SmsSender {
  if (!sms) throw new ForbiddenError(SMS_UNAVAILABLE_MESSAGE);
}

const mobileKey = (keys: DataKeys | null, mobile: string) => keyedHash(keys, "password-reset.mobile", mobile);
const codeHash = (keys: DataKeys | null, key: string, code: string) =>
  keyedHash(keys, "password-reset.code", `${key}|${code}`);

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sends a code to `mobile` if it has an account; answers the same either way. Takes the database, not
 * a transaction: the request must be recorded even when sending fails.
 */
export async function requestResetCode(
  db: Kysely<Database>,
  client: ClientInfo & { sms: SmsSender | null },
  mobile: string,
  now = new Date(),
): Promise<void> {
  assertSmsAvailable(client.sms);
  const key = mobileKey(client.keys, mobile);
  const addressKey = keyedHash(client.keys, "password-reset.address", addressBucket(client.clientAddress));
  const code = String(randomInt(1_000_000)).padStart(6, "0");
  const user = await db
    .selectFrom("user")
    .select("id")
    .where("mobile", "=", mobile)
    .where("deleted_at", "is", null)
    .executeTakeFirst();

  await db.transaction().execute(async (trx) => {
    // Parallel requests (on any server sharing the database) each see the one before: the mobile's
    // lock first, then the address's, always in this order so that two requests never wait on each other.
    await lockForTransaction(trx, "reset-code.mobile", key);
    await lockForTransaction(trx, "reset-code.address", addressKey);
    const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
    const byMobile = await trx
      .selectFrom("password_reset_code")
      .select("created_at")
      .where("mobile_key", "=", key)
      .where("created_at", ">", dayAgo)
      .orderBy("created_at", "desc")
      .execute();
    const last = byMobile[0];
    if (last) {
      const wait = Date.parse(last.created_at) + RESET_CODE_INTERVAL_MS - now.getTime();
      if (wait > 0) throw new ThrottledError(waitMessage("获取验证码过于频繁", wait));
    }
    if (byMobile.length >= RESET_CODES_PER_MOBILE_PER_DAY) {
      throw new ThrottledError("该手机号今天获取验证码的次数已达上限，请明天再试，或联系所在社区重置密码");
    }
    const byAddress = await trx
      .selectFrom("password_reset_code")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("address_key", "=", addressKey)
      .where("created_at", ">", dayAgo)
      .executeTakeFirstOrThrow();
    if (Number(byAddress.n) >= RESET_CODES_PER_ADDRESS_PER_DAY) {
      throw new ThrottledError("获取验证码的次数过多，请明天再试，或联系所在社区重置密码");
    }
    await trx
      .insertInto("password_reset_code")
      .values({
        mobile_key: key,
        address_key: addressKey,
        code_hash: user ? codeHash(client.keys, key, code) : null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + RESET_CODE_TTL_MS).toISOString(),
      })
      .execute();
    // Rows past a day count for nothing; keep the table small.
    await trx.deleteFrom("password_reset_code").where("created_at", "<", dayAgo).execute();
  });

  // Whether a number is registered is no secret (registration says so); what matters is that no
  // answer and no throttle differs, and that only the owner of the number receives a code.
  if (user) {
    await client.sms.send(
      mobile,
      `【创城通】验证码 ${code}，10分钟内有效，用于重置登录密码。如非本人操作，请忽略本短信。`,
    );
  }
}

/**
 * Checks `code` against the latest one sent to `mobile`, counting the try first (in its own
 * transaction, so parallel guesses each count and a failure is never rolled back). Answers the user
 * the code was for. Wrong, expired, used, superseded or never sent: one message.
 */
export async function checkResetCode(
  db: Kysely<Database>,
  keys: DataKeys | null,
  input: { mobile: string; code: string },
  now = new Date(),
): Promise<{ userId: number; codeCreatedAt: string }> {
  const key = mobileKey(keys, input.mobile);
  const row = await db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom("password_reset_code")
      .selectAll()
      .where("mobile_key", "=", key)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    if (
      !latest ||
      latest.code_hash === null ||
      latest.used_at !== null ||
      latest.expires_at <= now.toISOString()
    ) {
      throw new ValidationError("code", WRONG_CODE_MESSAGE);
    }
    const counted = await trx
      .updateTable("password_reset_code")
      .set((eb) => ({ tries: eb("tries", "+", 1) }))
      .where("mobile_key", "=", key)
      .where("created_at", "=", latest.created_at)
      .where("tries", "<", RESET_CODE_MAX_TRIES)
      .executeTakeFirst();
    if (Number(counted.numUpdatedRows) !== 1) throw new ValidationError("code", TOO_MANY_TRIES_MESSAGE);
    return { ...latest, tries: latest.tries + 1 };
  });
  if (!sameHash(codeHash(keys, key, input.code), row.code_hash!)) {
    const left = RESET_CODE_MAX_TRIES - row.tries;
    throw new ValidationError("code", left > 0 ? `验证码错误，还可以再试${left}次` : TOO_MANY_TRIES_MESSAGE);
  }
  const user = await db
    .selectFrom("user")
    .select("id")
    .where("mobile", "=", input.mobile)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  if (!user) throw new ValidationError("code", WRONG_CODE_MESSAGE);
  return { userId: user.id, codeCreatedAt: row.created_at };
}

/**
 * Uses the checked code (once: a second use finds it used) and sets the new password, hashed by the
 * caller; clears a pending temporary password, ends every session, writes the audit row.
 */
export async function resetPasswordWithCode(
  db: Db,
  keys: DataKeys | null,
  input: { mobile: string; userId: number; codeCreatedAt: string; passwordHash: string },
  now = new Date(),
): Promise<void> {
  const used = await db
    .updateTable("password_reset_code")
    .set({ used_at: now.toISOString() })
    .where("mobile_key", "=", mobileKey(keys, input.mobile))
    .where("created_at", "=", input.codeCreatedAt)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw new ValidationError("code", WRONG_CODE_MESSAGE);
  const user = await db
    .updateTable("user")
    .set({
      password_hash: input.passwordHash,
      password_changed_at: now.toISOString(),
      must_change_password: 0,
      temp_password_issued_at: null,
    })
    .where("id", "=", input.userId)
    .where("deleted_at", "is", null)
    .returning(["id", "community_id"])
    .executeTakeFirst();
  if (!user) throw new ValidationError("code", WRONG_CODE_MESSAGE);
  const grant = await db
    .selectFrom("role_grant")
    .select("org_unit_id")
    .where("user_id", "=", user.id)
    .where("org_unit_id", "is not", null)
    .orderBy("id")
    .executeTakeFirst();
  await db.deleteFrom("session").where("user_id", "=", user.id).execute();
  // No session: the owner of the account did it, with the code sent to their mobile.
  await recordAudit(
    db,
    { user: { id: user.id } },
    {
      action: "auth.reset_password_sms",
      targetType: "user",
      targetId: user.id,
      orgUnitId: user.community_id ?? grant?.org_unit_id ?? null,
      // The row's subject names the person as they are now; the masked number says which was used.
      after: { mobile: maskMobile(input.mobile) },
    },
    now,
  );
}
