import { getErrorShape, TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import type { Database, OrgKind, Role } from "../db/database.js";
import { openDatabase } from "../db/open-database.js";
import { migrateToLatest } from "../db/migrate.js";
import { createContextInner, type AuthSession, type SessionCookies } from "../context.js";
import { appRouter, createCaller } from "../root.js";
import { resolveSession, createSession } from "../auth/session-service.js";
import { hashPassword } from "../auth/password.js";

// Test helpers for the domain and for anyone building on it: a fresh migrated in-memory database per
// test, factories for units and users, and a caller acting as a given user.

export async function createTestDb(): Promise<Kysely<Database>> {
  const db = openDatabase(":memory:");
  await migrateToLatest(db);
  return db;
}

let unitSeq = 0;
const PARENT_OF: Record<OrgKind, OrgKind | null> = {
  street: null,
  community: "street",
  grid: "community",
  courtyard: "grid",
  building: "courtyard",
};

export async function makeUnit(
  db: Kysely<Database>,
  kind: OrgKind,
  parentId: number | null,
  extra: { name?: string; households?: number; population?: number } = {},
): Promise<number> {
  if ((PARENT_OF[kind] === null) !== (parentId === null)) throw new Error(`makeUnit: ${kind} parent mismatch`);
  const row = await db
    .insertInto("org_unit")
    .values({
      parent_id: parentId,
      kind,
      name: extra.name ?? `${kind}-${++unitSeq}`,
      households: extra.households ?? null,
      population: extra.population ?? null,
      created_at: new Date().toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A street with two communities, each with a grid, a courtyard and a building. */
export async function makeOrgTree(db: Kysely<Database>) {
  const street = await makeUnit(db, "street", null, { name: "测试街道" });
  const make = async (name: string) => {
    const community = await makeUnit(db, "community", street, { name, households: 1000, population: 3000 });
    const grid = await makeUnit(db, "grid", community, { name: `${name}第一网格` });
    const courtyard = await makeUnit(db, "courtyard", grid, { name: `${name}一号院` });
    const building = await makeUnit(db, "building", courtyard, { name: `${name}1号楼` });
    return { community, grid, courtyard, building };
  };
  return { street, a: await make("甲社区"), b: await make("乙社区") };
}

let mobileSeq = 0;
// One cheap hash shared by all factory users: scrypt per user would slow every test down.
let sharedHash: Promise<string> | undefined;
export const FACTORY_PASSWORD = "password-123";

export async function makeUser(
  db: Kysely<Database>,
  opts: { role?: Role; unitId?: number | null; name?: string; mobile?: string; communityId?: number; courtyardId?: number } = {},
): Promise<{ id: number; mobile: string }> {
  const mobile = opts.mobile ?? `139${String(++mobileSeq).padStart(8, "0")}`;
  const now = new Date().toISOString();
  const user = await db
    .insertInto("user")
    .values({
      mobile,
      name: opts.name ?? `用户${mobileSeq}`,
      password_hash: await (sharedHash ??= hashPassword(FACTORY_PASSWORD)),
      community_id: opts.communityId ?? null,
      courtyard_id: opts.courtyardId ?? null,
      created_at: now,
      password_changed_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (opts.role) {
    await db
      .insertInto("role_grant")
      .values({ user_id: user.id, role: opts.role, org_unit_id: opts.unitId ?? null, granted_by: null, created_at: now })
      .execute();
  }
  return { id: user.id, mobile };
}

export async function sessionFor(db: Kysely<Database>, userId: number): Promise<AuthSession> {
  const { token } = await createSession(db, userId);
  const session = await resolveSession(db, token);
  if (!session) throw new Error("sessionFor: no session");
  return session;
}

export function recordingCookies(): SessionCookies & { token: string | null; cleared: boolean } {
  const jar = {
    token: null as string | null,
    cleared: false,
    set(token: string) {
      jar.token = token;
      jar.cleared = false;
    },
    clear() {
      jar.token = null;
      jar.cleared = true;
    },
  };
  return jar;
}

/** A tRPC caller acting as `userId` (or logged out with null). */
export async function callerFor(db: Kysely<Database>, userId: number | null, cookies = recordingCookies()) {
  const session = userId === null ? null : await sessionFor(db, userId);
  return createCaller(createContextInner({ db, session, cookies }));
}

/** A caller acting through the session behind a cookie token (null token or unknown: logged out). */
export async function callerForToken(db: Kysely<Database>, token: string | null, cookies = recordingCookies()) {
  const session = token === null ? null : await resolveSession(db, token);
  return createCaller(createContextInner({ db, session, cookies }));
}

/**
 * The TRPCError a call failed with. Throws when the call succeeds (or fails with something else), so a
 * test that expects a refusal cannot pass by accident.
 */
export async function trpcErrorOf(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("trpcErrorOf: expected the call to fail, but it succeeded");
}

/** What a client receives for `error`: the shape made by the error formatter in trpc.ts. */
export function errorShapeOf(error: TRPCError, path: string) {
  return getErrorShape({ config: appRouter._def._config, error, type: "mutation", path, input: undefined, ctx: undefined });
}

/** Every audit row, oldest first, with before/after parsed. */
export async function auditRows(db: Kysely<Database>) {
  const rows = await db.selectFrom("audit_log").selectAll().orderBy("id").execute();
  return rows.map((r) => ({
    ...r,
    before: r.before === null ? null : (JSON.parse(r.before) as Record<string, unknown>),
    after: r.after === null ? null : (JSON.parse(r.after) as Record<string, unknown>),
  }));
}
