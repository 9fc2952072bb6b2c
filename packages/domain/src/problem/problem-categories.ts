import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ValidationError } from "../errors.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import {
  PROBLEM_CATEGORIES,
  PROBLEM_CATEGORY_DEFAULTS,
  timeLimitError,
  type ProblemCategory,
} from "./rules.js";

// Each 社区's categories: the built-in list (rules.ts) with the 社区's own label, 处置时限 and switch.

export interface CategorySetting {
  code: ProblemCategory;
  label: string;
  timeLimitDays: number;
  enabled: boolean;
  /** the built-in label and limit, so the console can show what a change departs from */
  defaultLabel: string;
  defaultTimeLimitDays: number;
}

/** The categories of each of `communityIds`, in the built-in order. */
export async function categoriesOf(
  db: Db,
  communityIds: readonly number[],
): Promise<Map<number, CategorySetting[]>> {
  const ids = [...new Set(communityIds)];
  const out = new Map<number, CategorySetting[]>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom("problem_category").selectAll().where("community_id", "in", ids).execute();
  for (const communityId of ids) {
    out.set(
      communityId,
      PROBLEM_CATEGORIES.map((code) => {
        const own = rows.find((r) => r.community_id === communityId && r.code === code);
        const d = PROBLEM_CATEGORY_DEFAULTS[code];
        return {
          code,
          label: own?.label ?? d.label,
          timeLimitDays: own?.time_limit_days ?? d.timeLimitDays,
          enabled: own ? own.enabled === 1 : true,
          defaultLabel: d.label,
          defaultTimeLimitDays: d.timeLimitDays,
        };
      }),
    );
  }
  return out;
}

export async function communityCategories(db: Db, communityId: number): Promise<CategorySetting[]> {
  return (await categoriesOf(db, [communityId])).get(communityId)!;
}

/** A category as the 社区 has it; refused (naming the field) when the 社区 switched it off. */
export async function enabledCategory(
  db: Db,
  communityId: number,
  code: ProblemCategory,
): Promise<CategorySetting> {
  const setting = (await communityCategories(db, communityId)).find((c) => c.code === code);
  if (!setting || !setting.enabled) throw new ValidationError("category", "该问题类别已停用，请重新选择");
  return setting;
}

/** Labels by category for the 社区 of each row: how lists name a problem's category. */
export async function labelLookup(db: Db, communityIds: readonly number[]) {
  const all = await categoriesOf(db, communityIds);
  return (communityId: number, code: ProblemCategory) =>
    all.get(communityId)?.find((c) => c.code === code)?.label ?? PROBLEM_CATEGORY_DEFAULTS[code].label;
}

export interface CategoryInput {
  communityId: number;
  code: ProblemCategory;
  label: string;
  timeLimitDays: number;
  enabled: boolean;
}

/** Sets a 社区's label, 处置时限 and switch for one category (admins of the 社区). */
export async function setCategory(db: Db, session: AuthSession, input: CategoryInput, now = new Date()) {
  const community = await getUnitOrThrow(db, input.communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  await assertCan(db, session, "problem.manage", community.id);
  const limitError = timeLimitError(input.timeLimitDays);
  if (limitError) throw new ValidationError("timeLimitDays", limitError);
  const label = input.label.trim();
  const current = await communityCategories(db, community.id);
  const before = current.find((c) => c.code === input.code)!;
  if (current.some((c) => c.code !== input.code && c.label === label)) {
    throw new ValidationError("label", `已有名为“${label}”的问题类别`);
  }
  if (!input.enabled && current.filter((c) => c.enabled && c.code !== input.code).length === 0) {
    throw new ValidationError("enabled", "至少保留一个启用的问题类别");
  }
  const values = { label, time_limit_days: input.timeLimitDays, enabled: input.enabled ? 1 : 0 };
  const updated = await db
    .updateTable("problem_category")
    .set(values)
    .where("community_id", "=", community.id)
    .where("code", "=", input.code)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto("problem_category")
      .values({ community_id: community.id, code: input.code, ...values })
      .execute();
  }
  await recordAudit(
    db,
    session,
    {
      action: "problem.set_category",
      targetType: "org_unit",
      targetId: community.id,
      orgUnitId: community.id,
      // `category` (the built-in name) only after: the 操作日志 then always says which category changed.
      before: { label: before.label, timeLimitDays: before.timeLimitDays, enabled: before.enabled },
      after: {
        category: before.defaultLabel,
        label,
        timeLimitDays: input.timeLimitDays,
        enabled: input.enabled,
      },
    },
    now,
  );
  return communityCategories(db, community.id);
}
