import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";

/**
 * 关怀模式 on the account: the portal keeps it on the phone too, and adopts the account's choice at
 * login, so an older resident who turned it on once finds it on a new phone.
 */
export async function setCareMode(db: Db, session: AuthSession, on: boolean): Promise<void> {
  await db
    .updateTable("user")
    .set({ care_mode: on ? 1 : 0 })
    .where("id", "=", session.user.id)
    .execute();
}
