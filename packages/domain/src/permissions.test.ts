import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "./db/database.js";
import { appRouter } from "./root.js";
import { FACTORY_PASSWORD, callerFor, createTestDb, makeOrgTree, makeUnit, makeUser } from "./testing/index.js";

// The permission matrix: every procedure of appRouter, called for real by each kind of actor with an
// input aimed at 社区 A. A procedure added without a row here fails this file.

const ACTORS = ["anonymous", "resident", "grid_worker", "community_admin", "street_admin", "system_admin"] as const;
type Actor = (typeof ACTORS)[number];

const EVERYONE: readonly Actor[] = ACTORS;
const SIGNED_IN: readonly Actor[] = ["resident", "grid_worker", "community_admin", "street_admin", "system_admin"];
const STAFF: readonly Actor[] = ["grid_worker", "community_admin", "street_admin", "system_admin"];
const ADMINS: readonly Actor[] = ["community_admin", "street_admin", "system_admin"];

async function makeFixture(db: Kysely<Database>) {
  const tree = await makeOrgTree(db);
  const grid2A = await makeUnit(db, "grid", tree.a.community, { name: "甲社区第二网格" });
  const grid2B = await makeUnit(db, "grid", tree.b.community, { name: "乙社区第二网格" });
  const user = (opts: Parameters<typeof makeUser>[1]) => makeUser(db, opts).then((u) => u.id);
  const grantOf = async (userId: number) =>
    (await db.selectFrom("role_grant").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow()).id;
  const residentMobile = "13700000001";
  const actors: Record<Exclude<Actor, "anonymous">, number> = {
    resident: await user({
      mobile: residentMobile,
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
    grid_worker: await user({ role: "grid_worker", unitId: tree.a.grid }),
    community_admin: await user({ role: "community_admin", unitId: tree.a.community }),
    street_admin: await user({ role: "street_admin", unitId: tree.street }),
    system_admin: await user({ role: "system_admin" }),
  };
  const adminB = await user({ role: "community_admin", unitId: tree.b.community });
  const residentB = await user({ role: "resident", unitId: tree.b.community, communityId: tree.b.community, courtyardId: tree.b.courtyard });
  // Grid workers whose grants the revoke calls target.
  const workerGrantA = await grantOf(await user({ role: "grid_worker", unitId: grid2A }));
  const workerGrantB = await grantOf(await user({ role: "grid_worker", unitId: grid2B }));
  return { db, tree, grid2A, grid2B, actors, adminB, residentB, residentMobile, workerGrantA, workerGrantB };
}
type Fixture = Awaited<ReturnType<typeof makeFixture>>;
type Caller = Awaited<ReturnType<typeof callerFor>>;
type Call = (c: Caller, fx: Fixture) => Promise<unknown>;

interface Row {
  allowed: readonly Actor[];
  /** The call, aimed at 社区 A. */
  call: Call;
  /** For org and user mutations: the same kind of call aimed at 社区 B (refused to A's admin, allowed to B's). */
  inB?: Call[];
}

const staffInput = (mobile: string, unitId: number) => ({ mobile, name: "新网格员", password: "staff-pass-1", role: "grid_worker" as const, unitId });

const TABLE: Record<string, Row> = {
  "auth.registerResident": {
    allowed: EVERYONE,
    call: (c, fx) =>
      c.auth.registerResident({ mobile: "13312345678", password: "resident-pass", name: "新居民", communityId: fx.tree.a.community, courtyardId: fx.tree.a.courtyard }),
  },
  "auth.login": { allowed: EVERYONE, call: (c, fx) => c.auth.login({ mobile: fx.residentMobile, password: FACTORY_PASSWORD }) },
  "auth.logout": { allowed: SIGNED_IN, call: (c) => c.auth.logout() },
  "auth.me": { allowed: SIGNED_IN, call: (c) => c.auth.me() },
  "auth.changePassword": {
    allowed: SIGNED_IN,
    call: (c) => c.auth.changePassword({ oldPassword: FACTORY_PASSWORD, newPassword: "another-pass-1" }),
  },
  "auth.users.search": { allowed: ADMINS, call: (c) => c.auth.users.search({ page: 1, pageSize: 20 }) },
  "auth.users.createStaff": {
    allowed: ADMINS,
    call: (c, fx) => c.auth.users.createStaff(staffInput("13412345678", fx.tree.a.grid)),
    inB: [(c, fx) => c.auth.users.createStaff(staffInput("13412345678", fx.tree.b.grid))],
  },
  "auth.users.grantRole": {
    allowed: ADMINS,
    call: (c, fx) => c.auth.users.grantRole({ userId: fx.actors.resident, role: "grid_worker", unitId: fx.tree.a.grid }),
    inB: [
      (c, fx) => c.auth.users.grantRole({ userId: fx.residentB, role: "grid_worker", unitId: fx.tree.b.grid }),
      // A user of A is no way in: the unit decides.
      (c, fx) => c.auth.users.grantRole({ userId: fx.actors.resident, role: "grid_worker", unitId: fx.tree.b.grid }),
    ],
  },
  "auth.users.revokeRole": {
    allowed: ADMINS,
    call: (c, fx) => c.auth.users.revokeRole({ grantId: fx.workerGrantA }),
    inB: [(c, fx) => c.auth.users.revokeRole({ grantId: fx.workerGrantB })],
  },
  "org.publicTree": { allowed: EVERYONE, call: (c) => c.org.publicTree() },
  "org.tree": { allowed: STAFF, call: (c) => c.org.tree() },
  "org.create": {
    allowed: ADMINS,
    call: (c, fx) => c.org.create({ parentId: fx.tree.a.grid, name: "新楼院" }),
    inB: [(c, fx) => c.org.create({ parentId: fx.tree.b.grid, name: "新楼院" })],
  },
  "org.update": {
    allowed: ADMINS,
    call: (c, fx) => c.org.update({ id: fx.tree.a.courtyard, name: "改名楼院" }),
    inB: [
      (c, fx) => c.org.update({ id: fx.tree.b.courtyard, name: "改名楼院" }),
      (c, fx) => c.org.update({ id: fx.tree.b.community, population: 1 }),
    ],
  },
  "org.move": {
    allowed: ADMINS,
    call: (c, fx) => c.org.move({ id: fx.tree.a.courtyard, parentId: fx.grid2A }),
    inB: [
      (c, fx) => c.org.move({ id: fx.tree.b.courtyard, parentId: fx.grid2B }),
      (c, fx) => c.org.move({ id: fx.tree.b.courtyard, parentId: fx.tree.b.grid }),
    ],
  },
  "org.remove": {
    allowed: ADMINS,
    call: (c, fx) => c.org.remove({ id: fx.tree.a.building }),
    inB: [(c, fx) => c.org.remove({ id: fx.tree.b.building })],
  },
  "audit.list": { allowed: ADMINS, call: (c) => c.audit.list({ page: 1, pageSize: 20 }) },
};

const PROCEDURES = Object.keys(appRouter._def.procedures);
const procedures: Record<string, unknown> = appRouter._def.procedures;
const isMutation = (path: string) => (procedures[path] as { _def: { type: string } } | undefined)?._def.type === "mutation";
const ORG_AND_USER_MUTATIONS = PROCEDURES.filter((p) => (p.startsWith("org.") || p.startsWith("auth.users.")) && isMutation(p));

/** "ok", or the code the call was refused with. */
async function outcome(call: Promise<unknown>): Promise<"ok" | TRPCError["code"]> {
  try {
    await call;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

function rowFor(path: string): Row {
  const row = TABLE[path];
  if (!row) throw new Error(`no permission row for ${path}: add one to TABLE in permissions.test.ts`);
  return row;
}

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture(await createTestDb());
});
const callerOf = (actor: Actor) => callerFor(fx.db, actor === "anonymous" ? null : fx.actors[actor]);

it("has exactly one row per procedure of appRouter", () => {
  expect(Object.keys(TABLE).sort()).toEqual([...PROCEDURES].sort());
  expect(ORG_AND_USER_MUTATIONS.sort()).toEqual([
    "auth.users.createStaff",
    "auth.users.grantRole",
    "auth.users.revokeRole",
    "org.create",
    "org.move",
    "org.remove",
    "org.update",
  ]);
});

describe.each(PROCEDURES)("%s", (path) => {
  it.each(ACTORS)("as %s", async (actor) => {
    const row = rowFor(path);
    const got = await outcome(row.call(await callerOf(actor), fx));
    const expected = row.allowed.includes(actor) ? "ok" : actor === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN";
    expect(got).toBe(expected);
  });
});

describe.each(ORG_AND_USER_MUTATIONS)("%s aimed at 社区 B", (path) => {
  it("is refused to the community admin of A", async () => {
    const calls = rowFor(path).inB ?? [];
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(await outcome(call(await callerOf("community_admin"), fx))).toBe("FORBIDDEN");
  });

  it.each(rowFor(path).inB?.map((_, i) => i) ?? [0])("is a real call: #%i succeeds for the community admin of B", async (i) => {
    const call = rowFor(path).inB?.[i];
    if (!call) throw new Error(`no call aimed at 社区 B for ${path}`);
    expect(await outcome(call(await callerFor(fx.db, fx.adminB), fx))).toBe("ok");
  });
});

describe("a community admin of A reaching across with A's own units", () => {
  it("cannot move a unit of A into 社区 B, nor one of B into A", async () => {
    const c = await callerOf("community_admin");
    expect(await outcome(c.org.move({ id: fx.tree.a.courtyard, parentId: fx.tree.b.grid }))).toBe("FORBIDDEN");
    expect(await outcome(c.org.move({ id: fx.tree.b.courtyard, parentId: fx.tree.a.grid }))).toBe("FORBIDDEN");
    const units = await fx.db.selectFrom("org_unit").select(["id", "parent_id"]).where("id", "in", [fx.tree.a.courtyard, fx.tree.b.courtyard]).execute();
    expect(units).toEqual([
      { id: fx.tree.a.courtyard, parent_id: fx.tree.a.grid },
      { id: fx.tree.b.courtyard, parent_id: fx.tree.b.grid },
    ]);
  });

  it("cannot add a 网格 under the 街道's other 社区 or a 社区 under the 街道", async () => {
    const c = await callerOf("community_admin");
    expect(await outcome(c.org.create({ parentId: fx.tree.b.community, name: "越界网格" }))).toBe("FORBIDDEN");
    expect(await outcome(c.org.create({ parentId: fx.tree.street, name: "丙社区" }))).toBe("FORBIDDEN");
    expect(await outcome(c.org.remove({ id: fx.tree.a.community }))).toBe("FORBIDDEN");
  });
});
