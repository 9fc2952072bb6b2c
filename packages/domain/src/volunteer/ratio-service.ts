import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ValidationError } from "../errors.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { DEFAULT_TARGET_PERMILLE } from "./rules.js";

const pct = (count: number, population: number | null) =>
  population && population > 0 ? Math.round((count / population) * 10000) / 100 : null;

/** Registered volunteers / 常住人口 for a 社区 and each of its 网格, against the 社区's target. */
export async function registrationRatio(db: Db, communityId: number) {
  const community = await getUnitOrThrow(db, communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  const registered = await db
    .selectFrom("volunteer")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("community_id", "=", communityId)
    .where("status", "=", "registered")
    .executeTakeFirstOrThrow();
  const setting = await db
    .selectFrom("community_setting")
    .select("volunteer_target_permille")
    .where("community_id", "=", communityId)
    .executeTakeFirst();
  const byGrid = await db
    .selectFrom("org_unit as grid")
    .leftJoin("org_unit as courtyard", "courtyard.parent_id", "grid.id")
    .leftJoin("volunteer", (join) =>
      join.onRef("volunteer.courtyard_id", "=", "courtyard.id").on("volunteer.status", "=", "registered"),
    )
    .select(["grid.id", "grid.name", "grid.population", (eb) => eb.fn.count<number>("volunteer.id").as("n")])
    .where("grid.parent_id", "=", communityId)
    .where("grid.kind", "=", "grid")
    .groupBy(["grid.id", "grid.name", "grid.population"])
    .orderBy("grid.id")
    .execute();
  const count = Number(registered.n);
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
    grids: byGrid.map((g) => ({
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
