import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { DutyRule, DutyTick } from "../db/database.js";
import { recordAudit } from "../audit/audit-service.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { attachFiles, detachFiles } from "../files/files-service.js";
import { chinaToday } from "../time.js";
import { idsInCommunitiesWorkedIn, worksIn } from "./campaign-access.js";
import { dutyRuleOrThrow, managesDuties } from "./duty-service.js";
import { DUTY_CADENCE_LABELS, DUTY_DONE_BY_LABELS, cadenceOf, periodDays } from "./duty-rules.js";

// Manual ticks of a duty no record of the system can prove (入户走访 done, with a photo): made by the
// rule's 责任人 or an admin of the 社区, withdrawn by their author or an admin; their photos are seen
// by whoever reads the calendar.

/** Who may tick a manual rule: the 社区's admins, and its 责任人 while they work there. */
async function mayTick(
  db: Db,
  session: AuthSession,
  rule: Pick<DutyRule, "community_id" | "responsible_user_id">,
) {
  if (await managesDuties(db, session, rule.community_id)) return true;
  return rule.responsible_user_id === session.user.id && (await worksIn(db, session, rule.community_id));
}

/** A manual rule done for a period: the day it was done (in the period, not after today), a note, photos. */
export async function tickDuty(
  db: Db,
  session: AuthSession,
  input: {
    ruleId: number;
    period: string;
    doneOn: string;
    note?: string | null | undefined;
    photos: number[];
  },
  now = new Date(),
) {
  const rule = await dutyRuleOrThrow(db, input.ruleId);
  if (!(await mayTick(db, session, rule))) {
    throw new ForbiddenError();
  }
  if (rule.done_by !== "manual") {
    throw new ValidationError("ruleId", `该工作按“${DUTY_DONE_BY_LABELS[rule.done_by]}”自动计入，无需打卡`);
  }
  if (cadenceOf(input.period) !== rule.cadence) {
    throw new ValidationError(
      "period",
      `该工作${DUTY_CADENCE_LABELS[rule.cadence]}一次，请选择对应的${rule.cadence === "month" ? "月份" : "季度"}`,
    );
  }
  const { first, last } = periodDays(input.period);
  if (input.doneOn < first || input.doneOn > last) {
    throw new ValidationError("doneOn", `完成日期须在 ${first} 至 ${last} 之间`);
  }
  if (input.doneOn > chinaToday(now)) throw new ValidationError("doneOn", "完成日期不能晚于今天");
  if (input.photos.length === 0) throw new ValidationError("photos", "请上传至少一张现场照片");
  const { id } = await db
    .insertInto("duty_tick")
    .values({
      rule_id: rule.id,
      period: input.period,
      done_on: input.doneOn,
      note: input.note?.trim() ?? "",
      user_id: session.user.id,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const photos = await attachFiles(db, {
    ownerType: "duty_tick",
    ownerId: id,
    actorUserId: session.user.id,
    fileIds: input.photos,
    now,
  });
  await recordAudit(
    db,
    session,
    {
      action: "campaign.duty_tick",
      targetType: "duty_rule",
      targetId: rule.id,
      orgUnitId: rule.community_id,
      after: { period: input.period, doneOn: input.doneOn, photos: photos.length },
    },
    now,
  );
  return { id, photos };
}

/** Withdraws a tick: by whoever made it, or an admin of the 社区. Its photos are detached. */
export async function untickDuty(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const tick: DutyTick | undefined = await db
    .selectFrom("duty_tick")
    .selectAll()
    .where("id", "=", input.id)
    .executeTakeFirst();
  if (!tick) throw new NotFoundError("打卡记录不存在");
  const rule = await db
    .selectFrom("duty_rule")
    .selectAll()
    .where("id", "=", tick.rule_id)
    .executeTakeFirstOrThrow();
  const own = tick.user_id === session.user.id && (await worksIn(db, session, rule.community_id));
  if (!own && !(await managesDuties(db, session, rule.community_id))) throw new ForbiddenError();
  await detachFiles(db, { ownerType: "duty_tick", ownerId: tick.id });
  await db.deleteFrom("duty_tick").where("id", "=", tick.id).execute();
  await recordAudit(
    db,
    session,
    {
      action: "campaign.duty_untick",
      targetType: "duty_rule",
      targetId: rule.id,
      orgUnitId: rule.community_id,
      before: { period: tick.period, doneOn: tick.done_on },
    },
    now,
  );
  return { removed: true as const };
}

/** The ticks whose photos this session may see: those of 社区 it works in (files feature's rule). */
export async function dutyTicksVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
): Promise<Set<number>> {
  if (session === null || ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("duty_tick")
    .innerJoin("duty_rule", "duty_rule.id", "duty_tick.rule_id")
    .select(["duty_tick.id", "duty_rule.community_id"])
    .where("duty_tick.id", "in", ids)
    .execute();
  return idsInCommunitiesWorkedIn(db, session, rows);
}
