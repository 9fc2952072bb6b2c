import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { assertCan } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { ValidationError } from "../errors.js";
import {
  BOARD_CATEGORIES,
  BOARD_CATEGORY_LABELS,
  BOARD_KIND_LABELS,
  CATEGORY_LABEL_MAX,
  kindOfCategory,
  type BoardCategory,
  type BoardKind,
} from "./rules.js";
import { communityUnit } from "./board-settings.js";

// Each 社区's board categories: the built-in list (rules.ts) with the 社区's own name and switch
// (board_category; no row: the built-in name, switched on). A switched-off category is not offered
// for new entries; the entries already made keep it and keep showing.

export interface BoardCategorySetting {
  code: BoardCategory;
  kind: BoardKind;
  /** the built-in name, so the console can show what a rename departs from */
  defaultLabel: string;
  /** the 社区's name for it (the built-in one unless renamed) */
  label: string;
  enabled: boolean;
}

/** Every built-in category with the 社区's name and switch, in the built-in order. */
export async function categoriesOf(db: Db, communityId: number): Promise<BoardCategorySetting[]> {
  const rows = await db
    .selectFrom("board_category")
    .select(["code", "label", "enabled"])
    .where("community_id", "=", communityId)
    .execute();
  const own = new Map(rows.map((r) => [r.code, r]));
  return BOARD_CATEGORIES.map((code) => {
    const row = own.get(code);
    return {
      code,
      kind: kindOfCategory(code),
      defaultLabel: BOARD_CATEGORY_LABELS[code],
      label: row?.label || BOARD_CATEGORY_LABELS[code],
      enabled: row ? row.enabled === 1 : true,
    };
  });
}

/** The categories a 社区 offers for new entries, with its names (the 提名 and 推荐 forms). */
export async function enabledCategoriesOf(db: Db, communityId: number): Promise<BoardCategorySetting[]> {
  await communityUnit(db, communityId);
  return (await categoriesOf(db, communityId)).filter((c) => c.enabled);
}

/** Refuses, on `category`, a category the 社区 has switched off. */
export async function assertCategoryEnabled(db: Db, communityId: number, code: BoardCategory) {
  const row = await db
    .selectFrom("board_category")
    .select("enabled")
    .where("community_id", "=", communityId)
    .where("code", "=", code)
    .executeTakeFirst();
  if (row && row.enabled !== 1) throw new ValidationError("category", "本社区未启用该类别，请重新选择");
}

export interface CategoryInput {
  communityId: number;
  code: BoardCategory;
  /** the 社区's name; empty: back to the built-in name */
  label: string;
  enabled: boolean;
}

/** Renames or switches one category of a 社区 (its admins). Returns the 社区's categories. */
export async function setCategory(
  db: Db,
  session: AuthSession,
  input: CategoryInput,
  now = new Date(),
): Promise<BoardCategorySetting[]> {
  await communityUnit(db, input.communityId);
  await assertCan(db, session, "board.moderate", input.communityId);
  const { communityId, code, enabled } = input;
  const kind = kindOfCategory(code);
  const defaultLabel = BOARD_CATEGORY_LABELS[code];
  const typed = input.label.trim();
  if (Array.from(typed).length > CATEGORY_LABEL_MAX)
    throw new ValidationError("label", `本社区名称最多${CATEGORY_LABEL_MAX}字`);
  const label = typed === "" ? defaultLabel : typed;
  const current = await categoriesOf(db, communityId);
  const before = current.find((c) => c.code === code)!;
  const sameKind = current.filter((c) => c.kind === kind && c.code !== code);
  // Two categories of one board under one name could not be told apart on the form or the poster.
  if (sameKind.some((c) => c.label === label))
    throw new ValidationError("label", `${BOARD_KIND_LABELS[kind]}已有名为“${label}”的类别`);
  if (!enabled && !sameKind.some((c) => c.enabled))
    throw new ValidationError("enabled", `${BOARD_KIND_LABELS[kind]}至少保留一个启用的类别`);

  if (label === defaultLabel && enabled) {
    // As built in: no row, as for a 社区 that never changed it.
    await db
      .deleteFrom("board_category")
      .where("community_id", "=", communityId)
      .where("code", "=", code)
      .execute();
  } else {
    const values = { label, enabled: enabled ? 1 : 0 };
    await db
      .insertInto("board_category")
      .values({ community_id: communityId, code, ...values })
      .onConflict((oc) => oc.columns(["community_id", "code"]).doUpdateSet(values))
      .execute();
  }
  await recordAudit(
    db,
    session,
    {
      action: "board.set_category",
      targetType: "org_unit",
      targetId: communityId,
      orgUnitId: communityId,
      // The built-in name only after: the 操作日志 then always says which category changed.
      before: { label: before.label, enabled: before.enabled },
      after: { boardCategory: `${BOARD_KIND_LABELS[kind]} · ${defaultLabel}`, label, enabled },
    },
    now,
  );
  return categoriesOf(db, communityId);
}
