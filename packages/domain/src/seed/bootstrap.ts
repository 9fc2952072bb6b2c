import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { generatePassword, hashPassword } from "../auth/password.js";

/**
 * On a database with no system admin, creates one. Returns the generated password when none was
 * given, so the caller can print it once; it is stored only as a hash.
 */
export async function ensureSystemAdmin(
  db: Kysely<Database>,
  opts: { mobile: string; password?: string | undefined; name?: string },
  now = new Date(),
): Promise<{ created: false } | { created: true; mobile: string; generatedPassword: string | null }> {
  const existing = await db.selectFrom("role_grant").select("id").where("role", "=", "system_admin").executeTakeFirst();
  if (existing) return { created: false };
  const password = opts.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const user =
      (await trx.selectFrom("user").select("id").where("mobile", "=", opts.mobile).executeTakeFirst()) ??
      (await trx
        .insertInto("user")
        .values({
          mobile: opts.mobile,
          name: opts.name ?? "系统管理员",
          password_hash: passwordHash,
          community_id: null,
          courtyard_id: null,
          created_at: now.toISOString(),
          password_changed_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    await trx
      .insertInto("role_grant")
      .values({ user_id: user.id, role: "system_admin", org_unit_id: null, granted_by: null, created_at: now.toISOString() })
      .execute();
  });
  return { created: true, mobile: opts.mobile, generatedPassword: opts.password ? null : password };
}
