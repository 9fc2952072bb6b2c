import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ancestorIds, assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { ValidationError } from "../errors.js";
import { DEFAULT_SUPERVISION, type SupervisionThresholds } from "./rules.js";
import { SUPERVISION_BOUNDS } from "./supervision-rules.js";

// A 街道's thresholds of the 督办 colours (蓝 due within blueDays, 黄 overdue up to redAfterDays or
// behind pace by more than paceGap points, 红 beyond): its street admins read and set them; every
// task whose 责任单位 is in the 街道 is coloured by them. Absent: DEFAULT_SUPERVISION.

/** The thresholds of a 街道 (by its id); the defaults when it has set none. */
export async function thresholdsOfStreet(db: Db, streetId: number | null): Promise<SupervisionThresholds> {
  if (streetId === null) return { ...DEFAULT_SUPERVISION };
  const row = await db
    .selectFrom("supervision_setting")
    .select(["blue_days", "red_after_days", "pace_gap"])
    .where("street_id", "=", streetId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_SUPERVISION };
  return { blueDays: row.blue_days, redAfterDays: row.red_after_days, paceGap: row.pace_gap };
}

/** The 街道 a unit is in: the top of its chain (a 街道 is the top kind of unit); null when it has none. */
export async function streetOf(db: Db, unitId: number): Promise<number | null> {
  const chain = await ancestorIds(db, unitId);
  return chain.at(-1) ?? null;
}

/** The thresholds that colour the tasks of a unit: those of its 街道. */
export async function thresholdsForUnit(db: Db, unitId: number): Promise<SupervisionThresholds> {
  return thresholdsOfStreet(db, await streetOf(db, unitId));
}

/** The thresholds for each of the units (a few distinct ones: 我的任务). */
export async function thresholdsForUnits(
  db: Db,
  unitIds: readonly number[],
): Promise<Map<number, SupervisionThresholds>> {
  const out = new Map<number, SupervisionThresholds>();
  const byStreet = new Map<number | null, SupervisionThresholds>();
  for (const unitId of new Set(unitIds)) {
    const street = await streetOf(db, unitId);
    if (!byStreet.has(street)) byStreet.set(street, await thresholdsOfStreet(db, street));
    out.set(unitId, byStreet.get(street)!);
  }
  return out;
}

async function streetUnit(db: Db, streetId: number) {
  const unit = await getUnitOrThrow(db, streetId);
  if (unit.kind !== "street") throw new ValidationError("streetId", "请选择街道");
  return unit;
}

/** A 街道's thresholds, for its admins (task.manage at the 街道): `custom` false while it uses the defaults. */
export async function supervisionSettings(db: Db, session: AuthSession, input: { streetId: number }) {
  await streetUnit(db, input.streetId);
  await assertCan(db, session, "task.manage", input.streetId);
  const custom = await db
    .selectFrom("supervision_setting")
    .select("street_id")
    .where("street_id", "=", input.streetId)
    .executeTakeFirst();
  return {
    streetId: input.streetId,
    ...(await thresholdsOfStreet(db, input.streetId)),
    custom: custom !== undefined,
    defaults: { ...DEFAULT_SUPERVISION },
  };
}

/** Sets a 街道's thresholds: its admins; each within SUPERVISION_BOUNDS (refused by field). In the 操作日志. */
export async function setSupervisionSettings(
  db: Db,
  session: AuthSession,
  input: SupervisionThresholds & { streetId: number },
  now = new Date(),
) {
  await streetUnit(db, input.streetId);
  await assertCan(db, session, "task.manage", input.streetId);
  const { streetId, blueDays, redAfterDays, paceGap } = input;
  const after: SupervisionThresholds = { blueDays, redAfterDays, paceGap };
  for (const key of Object.keys(SUPERVISION_BOUNDS) as Array<keyof SupervisionThresholds>) {
    const { min, max } = SUPERVISION_BOUNDS[key];
    const value = after[key];
    if (!Number.isInteger(value) || value < min || value > max)
      throw new ValidationError(key, `须为 ${min} 至 ${max} 的整数`);
  }
  const before = await thresholdsOfStreet(db, streetId);
  const row = {
    blue_days: blueDays,
    red_after_days: redAfterDays,
    pace_gap: paceGap,
    updated_by: session.user.id,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto("supervision_setting")
    .values({ street_id: streetId, ...row })
    .onConflict((oc) => oc.column("street_id").doUpdateSet(row))
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "task.supervision_settings",
      targetType: "org_unit",
      targetId: streetId,
      orgUnitId: streetId,
      before: { ...before },
      after: { ...after },
    },
    now,
  );
  return { streetId, ...after, custom: true, defaults: { ...DEFAULT_SUPERVISION } };
}
