import type { Db } from "../db/open-database.js";
import { ValidationError } from "../errors.js";

/**
 * Creates an account, refusing a mobile that already has one with `takenMessage` on the mobile
 * field (the wording differs: a resident is told to log in, an admin to grant a role instead).
 */
export async function insertUser(
  db: Db,
  input: {
    mobile: string;
    name: string;
    passwordHash: string;
    communityId: number | null;
    courtyardId: number | null;
  },
  takenMessage: string,
  now: Date,
): Promise<number> {
  const taken = await db
    .selectFrom("user")
    .select("id")
    .where("mobile", "=", input.mobile)
    .executeTakeFirst();
  if (taken) throw new ValidationError("mobile", takenMessage);
  const user = await db
    .insertInto("user")
    .values({
      mobile: input.mobile,
      name: input.name,
      password_hash: input.passwordHash,
      community_id: input.communityId,
      courtyard_id: input.courtyardId,
      created_at: now.toISOString(),
      password_changed_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return user.id;
}
