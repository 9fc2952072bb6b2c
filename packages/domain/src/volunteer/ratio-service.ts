import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ValidationError } from "../errors.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { DEFAULT_TARGET_PERMILLE, ratioTargetError } from "./rules.js";

const pct = (count: number, population: number | null) =>
  population && population > 0 ? Math.round((count / population) * 10000) / 100 : null;

/** Registered volunteers / 常住人口 for a 社区 and each of its 网格, against the 社区's target. */
export async function registrationRatio(db: Db, communityId: number) {
  const community = await getUnitOrThrow(db, communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  // One pass over the covering index: registered volunteers per 楼院; 网格 and 社区 figures are sums.
  const perCourtyard = await db
    .selectFrom("volunteer")
    .select(["courtyard_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("community_id", "=", communityId)
    .where("status", "=", "registered")
    .groupBy("courtyard_id")
    .execute();
  const setting = await db
    .selectFrom("community_setting")
    .select("volunteer_target_permille")
    .where("community_id", "=", communityId)
    .executeTakeFirst();
  const courtyards = await db
    .selectFrom("org_unit as grid")
    .leftJoin("org_unit as courtyard", "courtyard.parent_id", "grid.id")
    .select(["grid.id", "grid.name", "grid.population", "courtyard.id as courtyard_id"])
    .where("grid.parent_id", "=", communityId)
    .where("grid.kind", "=", "grid")
    .orderBy("grid.id")
    .execute();
  const countOf = new Map(perCourtyard.map((r) => [r.courtyard_id, Number(r.n)]));
  const count = perCourtyard.reduce((sum, r) => sum + Number(r.n), 0);
  const byGrid = new Map<number, { id: number; name: string; population: number | null; n: number }>();
  for (const row of courtyards) {
    const grid = byGrid.get(row.id) ?? { id: row.id, name: row.name, population: row.population, n: 0 };
    grid.n += row.courtyard_id === null ? 0 : (countOf.get(row.courtyard_id) ?? 0);
    byGrid.set(row.id, grid);
  }
  const targetPermille = setting?.volunteer_target_permille ?? DEFAULT_TARGET_PERMILLE;
  const ratio = pct(count, community.population);
  return {
    communityId,
    communityName: community.name,
    registered: count,
    population: community.population,
    ratioPercent: ratio,
    targetPercent: targetPermille / 10,
    reached: ratio !== null && ratio * 10 >= targetPermille,
    grids: [...byGrid.values()].map((g) => ({
      id: g.id,
      name: g.name,
      registered: Number(g.n),
      population: g.population,
      ratioPercent: pct(Number(g.n), g.population),
    })),
  };
}

export async function setRatioTarget(
  db: Db,
  session: AuthSession,
  input: { communityId: number; targetPermille: number },
  now = new Date(),
) {
  const community = await getUnitOrThrow(db, input.communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  await assertCan(db, session, "volunteer.manage", community.id);
  const refused = ratioTargetError(input.targetPermille);
  if (refused) throw new ValidationError("targetPermille", refused);
  const before = await db
    .selectFrom("community_setting")
    .select("volunteer_target_permille")
    .where("community_id", "=", community.id)
    .executeTakeFirst();
  await db
    .insertInto("community_setting")
    .values({ community_id: community.id, volunteer_target_permille: input.targetPermille })
    .onConflict((oc) => oc.column("community_id").doUpdateSet({ volunteer_target_permille: input.targetPermille }))
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "volunteer.set_target",
      targetType: "org_unit",
      targetId: community.id,
      orgUnitId: community.id,
      before: { targetPermille: before?.volunteer_target_permille ?? DEFAULT_TARGET_PERMILLE },
      after: { targetPermille: input.targetPermille },
    },
    now,
  );
}
