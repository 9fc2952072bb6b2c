import type { Db } from "../db/open-database.js";
import type { OrgKind, OrgUnit } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, ValidationError } from "../errors.js";
import { recordAudit } from "../audit/audit-service.js";
import {
  ancestorIds,
  assertCan,
  communityOf,
  descendantIds,
  getUnitOrThrow,
  permissionRoots,
  permissionScope,
} from "../auth/authorize.js";
import { nullsLow } from "../db/ordering.js";
import { moveResidentsToCommunity } from "../auth/residence.js";
import { moveVolunteersToCommunity } from "../volunteer/volunteer-service.js";
import { moveProblemsToCommunity, problemsRecordedAt } from "../problem/problem-units.js";
import { CONTACT_KINDS, ORG_KIND_LABELS, childKindOf, placementError } from "./rules.js";

/**
 * Names and shape: what a logged-out resident needs to pick a 社区 and 楼院; and the public office
 * contact of each 社区 and 街道 (a resident who forgot their password calls it).
 */
export async function publicTree(db: Db) {
  const rows = await db
    .selectFrom("org_unit")
    .select(["id", "parent_id", "kind", "name", "contact_phone", "office_address", "office_hours"])
    // The 街道 (no parent) first on PostgreSQL too, which holds NULL larger than any value.
    .orderBy("parent_id", nullsLow("asc"))
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    contact: CONTACT_KINDS.includes(r.kind)
      ? { phone: r.contact_phone, address: r.office_address, hours: r.office_hours }
      : null,
  }));
}

/**
 * The units the caller may read (their grants and all below), plus the ancestors of those grants so
 * the tree has its trunk. Each unit says whether the caller may change it.
 */
export async function staffTree(db: Db, session: AuthSession) {
  const readable = await permissionScope(db, session, "org.read");
  const manageable = await permissionScope(db, session, "org.manage");
  let query = db.selectFrom("org_unit").selectAll();
  if (readable !== "all") {
    const roots = permissionRoots(session, "org.read");
    const trunk = (await Promise.all((roots === "all" ? [] : roots).map((id) => ancestorIds(db, id)))).flat();
    const ids = [...new Set([...readable, ...trunk])];
    query = query.where("id", "in", ids.length > 0 ? ids : [-1]);
  }
  const rows = await query.orderBy("parent_id", nullsLow("asc")).orderBy("id").execute();
  const residents = await db
    .selectFrom("user")
    .select(["community_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("community_id", "is not", null)
    .groupBy("community_id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    households: r.households,
    population: r.population,
    contactPhone: r.contact_phone,
    officeAddress: r.office_address,
    officeHours: r.office_hours,
    registeredResidents: r.kind === "community" ? Number(residents.find((x) => x.community_id === r.id)?.n ?? 0) : null,
    canManage: manageable === "all" || manageable.includes(r.id),
  }));
}

function snapshot(unit: OrgUnit) {
  return {
    name: unit.name,
    kind: unit.kind,
    parentId: unit.parent_id,
    households: unit.households,
    population: unit.population,
    ...(CONTACT_KINDS.includes(unit.kind)
      ? { contactPhone: unit.contact_phone, officeAddress: unit.office_address, officeHours: unit.office_hours }
      : {}),
  };
}

async function assertUniqueName(db: Db, parentId: number | null, name: string, exceptId?: number) {
  let q = db.selectFrom("org_unit").select("id").where("name", "=", name);
  q = parentId === null ? q.where("parent_id", "is", null) : q.where("parent_id", "=", parentId);
  if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
  if (await q.executeTakeFirst()) throw new ValidationError("name", `同一上级下已有名为“${name}”的单位`);
}

function assertCounts(kind: OrgKind, input: { households?: number | null; population?: number | null }) {
  const given = (input.households ?? null) !== null || (input.population ?? null) !== null;
  // A 网格 may carry its own figures so that registration ratios can be shown per 网格 too.
  if (given && kind !== "community" && kind !== "grid") {
    throw new ValidationError("population", "户数和常住人口按社区或网格填写");
  }
}

export interface ContactInput {
  contactPhone?: string | null | undefined;
  officeAddress?: string | null | undefined;
  officeHours?: string | null | undefined;
}

function assertContact(kind: OrgKind, input: ContactInput) {
  const given = [input.contactPhone, input.officeAddress, input.officeHours].some((v) => (v ?? null) !== null);
  if (given && !CONTACT_KINDS.includes(kind)) {
    throw new ValidationError("contactPhone", "联系电话和办公地址按社区或街道填写");
  }
}

/** The contact columns of the fields given (undefined: leave as is). */
function contactColumns(input: ContactInput) {
  return {
    ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone } : {}),
    ...(input.officeAddress !== undefined ? { office_address: input.officeAddress } : {}),
    ...(input.officeHours !== undefined ? { office_hours: input.officeHours } : {}),
  };
}

export interface NewUnitInput extends ContactInput {
  parentId: number | null;
  name: string;
  households?: number | null | undefined;
  population?: number | null | undefined;
}

/** Adds a unit under `parentId`; its kind follows from the parent (网格 under 社区, 楼院 under 网格 …). */
export async function createUnit(db: Db, session: AuthSession, input: NewUnitInput, now = new Date()) {
  let kind: OrgKind;
  if (input.parentId === null) {
    await assertCan(db, session, "org.manage", null);
    kind = "street";
  } else {
    const parent = await getUnitOrThrow(db, input.parentId);
    await assertCan(db, session, "org.manage", parent.id);
    const child = childKindOf(parent.kind);
    if (!child) throw new ValidationError("parentId", `${ORG_KIND_LABELS[parent.kind]}下不能再添加下级单位`);
    kind = child;
  }
  assertCounts(kind, input);
  assertContact(kind, input);
  await assertUniqueName(db, input.parentId, input.name);
  const unit = await db
    .insertInto("org_unit")
    .values({
      parent_id: input.parentId,
      kind,
      name: input.name,
      households: input.households ?? null,
      population: input.population ?? null,
      ...contactColumns(input),
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    { action: "org.create", targetType: "org_unit", targetId: unit.id, orgUnitId: unit.id, after: snapshot(unit) },
    now,
  );
  return { id: unit.id, kind };
}

export interface UnitUpdateInput extends ContactInput {
  id: number;
  name?: string | undefined;
  households?: number | null | undefined;
  population?: number | null | undefined;
}

export async function updateUnit(db: Db, session: AuthSession, input: UnitUpdateInput, now = new Date()) {
  const unit = await getUnitOrThrow(db, input.id);
  await assertCan(db, session, "org.manage", unit.id);
  assertCounts(unit.kind, input);
  assertContact(unit.kind, input);
  if (input.name !== undefined && input.name !== unit.name) await assertUniqueName(db, unit.parent_id, input.name, unit.id);
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.households !== undefined ? { households: input.households } : {}),
    ...(input.population !== undefined ? { population: input.population } : {}),
    ...contactColumns(input),
  };
  if (Object.keys(changes).length === 0) return;
  const after = await db.updateTable("org_unit").set(changes).where("id", "=", unit.id).returningAll().executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    { action: "org.update", targetType: "org_unit", targetId: unit.id, orgUnitId: unit.id, before: snapshot(unit), after: snapshot(after) },
    now,
  );
}

/** Moves a unit (with everything below) to another parent of the right kind, keeping residents' 社区 right. */
export async function moveUnit(db: Db, session: AuthSession, input: { id: number; parentId: number }, now = new Date()) {
  const unit = await getUnitOrThrow(db, input.id);
  if (unit.parent_id === null) throw new ValidationError("parentId", "街道不能移动");
  // Rights first: whoever may not touch this unit learns nothing more about it (not even "no change").
  await assertCan(db, session, "org.manage", unit.parent_id);
  const target = await getUnitOrThrow(db, input.parentId);
  await assertCan(db, session, "org.manage", target.id);
  if (unit.parent_id === target.id) return;
  const placement = placementError(unit.kind, target.kind);
  if (placement) throw new ValidationError("parentId", placement);
  const from = await communityOf(db, unit.id);
  await db.updateTable("org_unit").set({ parent_id: target.id }).where("id", "=", unit.id).execute();

  // Residents record their 社区 beside their 楼院 and hold their resident role at it, and volunteers
  // belong to their 楼院's 社区, as do problems filed there: a move across 社区 carries them along,
  // through the functions of the features that own those tables (auth, volunteer, problem).
  if (unit.kind === "grid" || unit.kind === "courtyard" || unit.kind === "building") {
    const community = await communityOf(db, target.id);
    const subtree = await descendantIds(db, [unit.id]);
    if (community !== null && community !== from) {
      await moveResidentsToCommunity(db, subtree, from, community);
      await moveVolunteersToCommunity(db, subtree, community);
      await moveProblemsToCommunity(db, subtree, community);
    }
  }
  await recordAudit(
    db,
    session,
    {
      action: "org.move",
      targetType: "org_unit",
      targetId: unit.id,
      orgUnitId: unit.id,
      before: { parentId: unit.parent_id },
      after: { parentId: target.id },
    },
    now,
  );
}

/** Removes an empty unit: no units below, nobody living in it, no roles held at it. */
export async function removeUnit(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const unit = await getUnitOrThrow(db, input.id);
  if (unit.parent_id === null) {
    await assertCan(db, session, "org.manage", null);
  } else {
    await assertCan(db, session, "org.manage", unit.parent_id);
  }
  const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  const children = await count(
    db.selectFrom("org_unit").select((eb) => eb.fn.countAll<number>().as("n")).where("parent_id", "=", unit.id).executeTakeFirstOrThrow(),
  );
  if (children > 0) throw new ConflictError(`该${ORG_KIND_LABELS[unit.kind]}下还有${children}个下级单位，不能删除`);
  const people = await count(
    db
      .selectFrom("user")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => eb.or([eb("community_id", "=", unit.id), eb("courtyard_id", "=", unit.id)]))
      .executeTakeFirstOrThrow(),
  );
  if (people > 0) throw new ConflictError(`该${ORG_KIND_LABELS[unit.kind]}还有${people}位居民登记在内，不能删除`);
  const roles = await count(
    db.selectFrom("role_grant").select((eb) => eb.fn.countAll<number>().as("n")).where("org_unit_id", "=", unit.id).executeTakeFirstOrThrow(),
  );
  if (roles > 0) throw new ConflictError(`该${ORG_KIND_LABELS[unit.kind]}还有${roles}个角色授权，请先撤销`);
  // Problems keep the 楼院 and 社区 they were filed at (the 整改台账 and the timeline name them).
  const problems = await problemsRecordedAt(db, unit.id);
  if (problems > 0) throw new ConflictError(`该${ORG_KIND_LABELS[unit.kind]}有${problems}条问题记录，不能删除`);
  await db.deleteFrom("org_unit").where("id", "=", unit.id).execute();
  await recordAudit(
    db,
    session,
    { action: "org.remove", targetType: "org_unit", targetId: unit.id, orgUnitId: unit.parent_id, before: snapshot(unit) },
    now,
  );
}
