import { hash, randomBytes } from "node:crypto";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { RENEW_AFTER_MS, sessionCacheOf } from "./session-cache.js";

export const SESSION_COOKIE = "cc_session";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Asked on every request: the one-shot hash, a quarter of createHash's cost (no Hash object). */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

export async function createSession(db: Db, userId: number, now = new Date()) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto("session")
    .values({
      user_id: userId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { token, expiresAt };
}

/** The session behind a cookie token, or null when unknown or expired. Renews the expiry now and then. */
export async function resolveSession(
  db: Db,
  token: string | undefined,
  now = new Date(),
): Promise<AuthSession | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  // Most requests come with a session already resolved and unchanged since (session-cache.ts).
  const cache = sessionCacheOf(db);
  const version = cache ? await cache.version() : "";
  const cached = cache?.get(tokenHash, version, now);
  if (cached) return cached;
  // One query on every request: the session, its user with their 社区 and 楼院, and each role grant
  // with its unit's name (a user holds a handful), so that most procedures need nothing more.
  const rows = await db
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.user_id")
    .leftJoin("org_unit as community", "community.id", "user.community_id")
    .leftJoin("org_unit as courtyard", "courtyard.id", "user.courtyard_id")
    .leftJoin("role_grant", "role_grant.user_id", "user.id")
    .leftJoin("org_unit as grant_unit", "grant_unit.id", "role_grant.org_unit_id")
    .select([
      "session.id as sessionId",
      "session.last_seen_at",
      "session.expires_at",
      "user.id",
      "user.name",
      "user.mobile",
      "user.community_id",
      "user.courtyard_id",
      "user.must_change_password",
      "user.care_mode",
      "community.name as community_name",
      "courtyard.name as courtyard_name",
      "role_grant.id as grant_id",
      "role_grant.role",
      "role_grant.org_unit_id",
      "grant_unit.name as unit_name",
    ])
    .where("session.token_hash", "=", tokenHash)
    .where("session.expires_at", ">", now.toISOString())
    .orderBy("role_grant.id")
    .execute();
  const row = rows[0];
  if (!row) return null;
  const renew = now.getTime() - Date.parse(row.last_seen_at) > RENEW_AFTER_MS;
  if (renew) {
    await db
      .updateTable("session")
      .set({
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
      })
      .where("id", "=", row.sessionId)
      .execute();
  }
  const session: AuthSession = {
    sessionId: row.sessionId,
    user: {
      id: row.id,
      name: row.name,
      mobile: row.mobile,
      communityId: row.community_id,
      courtyardId: row.courtyard_id,
      communityName: row.community_name,
      courtyardName: row.courtyard_name,
      mustChangePassword: row.must_change_password === 1,
      careMode: row.care_mode === null ? null : row.care_mode === 1,
    },
    grants: rows.flatMap((g) =>
      g.grant_id === null || g.role === null
        ? []
        : [{ id: g.grant_id, role: g.role, orgUnitId: g.org_unit_id, unitName: g.unit_name }],
    ),
  };
  // A renewal wrote the session row: the version read above is already stale, the next request caches.
  if (cache && !renew) {
    cache.put(tokenHash, {
      version,
      session,
      lastSeenMs: Date.parse(row.last_seen_at),
      expiresMs: Date.parse(row.expires_at),
    });
  }
  return session;
}

export async function deleteSession(db: Db, sessionId: number) {
  await db.deleteFrom("session").where("id", "=", sessionId).execute();
}
