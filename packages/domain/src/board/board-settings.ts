import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { ValidationError } from "../errors.js";
import { DEFAULT_BOARD_SETTINGS, type BoardSettings } from "./rules.js";

// A 社区's board settings: who may read its 黑榜, what it says of a named person, how long entries stay
// up, the notice period before a 黑榜 entry shows, and how long its personal data is kept.

export async function boardSettingsOf(db: Db, communityId: number): Promise<BoardSettings> {
  const row = await db
    .selectFrom("board_setting")
    .selectAll()
    .where("community_id", "=", communityId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_BOARD_SETTINGS };
  return {
    blackVisibility: row.black_visibility,
    blackNameDisplay: row.black_name_display,
    blackMaxDays: row.black_max_days,
    whiteDays: row.white_days,
    noticeDays: row.notice_days,
    rectifiedRemoval: row.rectified_removal,
    retentionDays: row.retention_days,
  };
}

/** The community a unit id names, refused on `field` unless it is one. */
export async function communityUnit(db: Db, communityId: number, field = "communityId") {
  const unit = await getUnitOrThrow(db, communityId);
  if (unit.kind !== "community") throw new ValidationError(field, "请选择社区");
  return unit;
}

export async function setBoardSettings(
  db: Db,
  session: AuthSession,
  input: BoardSettings & { communityId: number },
  now = new Date(),
): Promise<BoardSettings> {
  await communityUnit(db, input.communityId);
  await assertCan(db, session, "board.moderate", input.communityId);
  const before = await boardSettingsOf(db, input.communityId);
  const { communityId, ...settings } = input;
  const row = {
    black_visibility: settings.blackVisibility,
    black_name_display: settings.blackNameDisplay,
    black_max_days: settings.blackMaxDays,
    white_days: settings.whiteDays,
    notice_days: settings.noticeDays,
    rectified_removal: settings.rectifiedRemoval,
    retention_days: settings.retentionDays,
    updated_by: session.user.id,
    updated_at: now.toISOString(),
  };
  await db
    .insertInto("board_setting")
    .values({ community_id: communityId, ...row })
    .onConflict((oc) => oc.column("community_id").doUpdateSet(row))
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "board.set_settings",
      targetType: "org_unit",
      targetId: communityId,
      orgUnitId: communityId,
      before: { ...before },
      after: { ...settings },
    },
    now,
  );
  return settings;
}
