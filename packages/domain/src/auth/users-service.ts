import type { Db } from "../db/open-database.js";
import { likeIgnoringCase } from "../db/text-match.js";
import type { Role } from "../db/database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { ORG_KIND_LABELS } from "../org/rules.js";
import { recordAudit } from "../audit/audit-service.js";
import { insertUser } from "./user-store.js";
import { ancestorIds, isSystemAdmin, permissionScope } from "./authorize.js";
import { ROLE_LABELS, ROLE_UNIT_KIND, canGrantRole, maskMobile } from "./rules.js";

/**
 * A role may be granted or revoked at a unit by someone who manages users there with a higher-ranked
 * role: a community admin appoints grid workers in their 社区, never another community admin.
 */
export async function assertCanGrant(db: Db, session: AuthSession, role: Role, unitId: number | null) {
  const kind = ROLE_UNIT_KIND[role];
  if (kind === null) {
    if (unitId !== null) throw new ValidationError("unitId", "系统管理员不设所属单位");
    if (!isSystemAdmin(session)) throw new ForbiddenError("只有系统管理员可以设置系统管理员");
    return;
  }
  if (unitId === null)
    throw new ValidationError("unitId", `请选择${ROLE_LABELS[role]}所在的${ORG_KIND_LABELS[kind]}`);
  const unit = await db
    .selectFrom("org_unit")
    .select(["id", "kind"])
    .where("id", "=", unitId)
    .executeTakeFirst();
  if (!unit) throw new NotFoundError("组织单位不存在");
  if (unit.kind !== kind) {
    throw new ValidationError("unitId", `${ROLE_LABELS[role]}只能设在${ORG_KIND_LABELS[kind]}`);
  }
  if (isSystemAdmin(session)) return;
  const chain = await ancestorIds(db, unitId);
  // Only the grants held at the unit or above it count: rank alone does not reach another 社区.
  const covering = session.grants.filter((g) => g.orgUnitId !== null && chain.includes(g.orgUnitId));
  if (!canGrantRole(covering, role)) throw new ForbiddenError(`没有权限在该单位设置${ROLE_LABELS[role]}`);
}

export interface UserQuery {
  q?: string | undefined;
  role?: Role | undefined;
  page: number;
  pageSize: number;
}

/** Users the caller administers: those holding a role, or living, in a unit within the caller's scope. */
export async function searchUsers(db: Db, session: AuthSession, query: UserQuery) {
  const scope = await permissionScope(db, session, "user.manage");
  // A deleted account (注销账号) is an anonymous tombstone: nobody to manage, not even for a system admin.
  let base = db.selectFrom("user").where("user.deleted_at", "is", null);
  if (scope !== "all") {
    const units = scope.length > 0 ? scope : [-1];
    base = base.where((eb) =>
      eb.or([
        eb("user.community_id", "in", units),
        eb.exists(
          eb
            .selectFrom("role_grant")
            .select("role_grant.id")
            .whereRef("role_grant.user_id", "=", "user.id")
            .where("role_grant.org_unit_id", "in", units),
        ),
      ]),
    );
  }
  const q = query.q?.trim();
  if (q) {
    const like = `${q.replace(/[%_\\]/g, "\\$&")}%`;
    base = base.where((eb) =>
      eb.or((["user.name", "user.mobile"] as const).map((col) => likeIgnoringCase(db, eb.ref(col), like))),
    );
  }
  if (query.role) {
    const role = query.role;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("role_grant")
          .select("role_grant.id")
          .whereRef("role_grant.user_id", "=", "user.id")
          .where("role_grant.role", "=", role),
      ),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const users = await base
    .leftJoin("org_unit as community", "community.id", "user.community_id")
    .leftJoin("org_unit as courtyard", "courtyard.id", "user.courtyard_id")
    .select([
      "user.id",
      "user.name",
      "user.mobile",
      "user.created_at",
      "user.must_change_password",
      "community.name as community_name",
      "courtyard.name as courtyard_name",
    ])
    .orderBy("user.id", "desc")
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const ids = users.map((u) => u.id);
  const grants =
    ids.length > 0
      ? await db
          .selectFrom("role_grant")
          .leftJoin("org_unit", "org_unit.id", "role_grant.org_unit_id")
          .select([
            "role_grant.id",
            "role_grant.user_id",
            "role_grant.role",
            "role_grant.org_unit_id",
            "org_unit.name",
          ])
          .where("role_grant.user_id", "in", ids)
          .orderBy("role_grant.id")
          .execute()
      : [];
  return {
    total: Number(total.n),
    items: users.map((u) => {
      const own = grants.filter((g) => g.user_id === u.id);
      return {
        id: u.id,
        name: u.name,
        // Everyone listed lives or holds a role within the caller's scope: an admin of their unit sees the number.
        mobile: u.mobile,
        communityName: u.community_name,
        courtyardName: u.courtyard_name,
        createdAt: u.created_at,
        mustChangePassword: u.must_change_password === 1,
        grants: own.map((g) => ({
          id: g.id,
          role: g.role,
          unitId: g.org_unit_id,
          unitName: g.name ?? "全部",
        })),
      };
    }),
  };
}

export async function grantRole(
  db: Db,
  session: AuthSession,
  input: { userId: number; role: Role; unitId: number | null },
  now = new Date(),
) {
  await assertCanGrant(db, session, input.role, input.unitId);
  const user = await db
    .selectFrom("user")
    .select(["id", "deleted_at"])
    .where("id", "=", input.userId)
    .executeTakeFirst();
  if (!user) throw new NotFoundError("用户不存在");
  if (user.deleted_at !== null) throw new ConflictError("该账号已注销，不能授予角色");
  let dup = db
    .selectFrom("role_grant")
    .select("id")
    .where("user_id", "=", user.id)
    .where("role", "=", input.role);
  dup =
    input.unitId === null
      ? dup.where("org_unit_id", "is", null)
      : dup.where("org_unit_id", "=", input.unitId);
  if (await dup.executeTakeFirst()) throw new ValidationError("role", "该用户在此单位已有这个角色");
  const grant = await db
    .insertInto("role_grant")
    .values({
      user_id: user.id,
      role: input.role,
      org_unit_id: input.unitId,
      granted_by: session.user.id,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    {
      action: "role.grant",
      targetType: "user",
      targetId: user.id,
      orgUnitId: input.unitId,
      // The person is the row's subject, named as they are now (已注销 once deleted): not copied here.
      after: { grantId: grant.id, role: input.role, unitId: input.unitId },
    },
    now,
  );
  return { id: grant.id };
}

export async function revokeRole(db: Db, session: AuthSession, input: { grantId: number }, now = new Date()) {
  const grant = await db
    .selectFrom("role_grant")
    .select(["role_grant.id", "role_grant.user_id", "role_grant.role", "role_grant.org_unit_id"])
    .where("role_grant.id", "=", input.grantId)
    .executeTakeFirst();
  if (!grant) throw new NotFoundError("该角色授权不存在");
  await assertCanGrant(db, session, grant.role, grant.org_unit_id);
  if (grant.user_id === session.user.id && grant.role === "system_admin") {
    throw new ValidationError("grantId", "不能撤销自己的系统管理员角色");
  }
  await db.deleteFrom("role_grant").where("id", "=", grant.id).execute();
  await recordAudit(
    db,
    session,
    {
      action: "role.revoke",
      targetType: "user",
      targetId: grant.user_id,
      orgUnitId: grant.org_unit_id,
      before: { grantId: grant.id, role: grant.role, unitId: grant.org_unit_id },
    },
    now,
  );
}

export async function createStaff(
  db: Db,
  session: AuthSession,
  input: { mobile: string; name: string; passwordHash: string; role: Role; unitId: number | null },
  now = new Date(),
) {
  await assertCanGrant(db, session, input.role, input.unitId);
  const userId = await insertUser(
    db,
    {
      mobile: input.mobile,
      name: input.name,
      passwordHash: input.passwordHash,
      communityId: null,
      courtyardId: null,
    },
    "该手机号已有账号，请在列表中找到此人后授予角色",
    now,
  );
  await recordAudit(
    db,
    session,
    {
      action: "user.create",
      targetType: "user",
      targetId: userId,
      orgUnitId: input.unitId,
      after: { mobile: maskMobile(input.mobile) },
    },
    now,
  );
  await grantRole(db, session, { userId: userId, role: input.role, unitId: input.unitId }, now);
  return { id: userId };
}
