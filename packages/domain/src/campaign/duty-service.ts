import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { ActivityKind, DutyRule } from "../db/database.js";
import { recordAudit } from "../audit/audit-service.js";
import { can } from "../auth/authorize.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { ACTIVITY_KIND_LABELS } from "../activity/rules.js";
import { staffNameOrThrow, worksIn } from "./campaign-access.js";
import { EVIDENCE_KIND_LABELS, type EvidenceKind } from "./rules.js";
import {
  DEFAULT_DUTY_RULES,
  DUTY_CADENCE_LABELS,
  DUTY_DONE_BY_LABELS,
  DUTY_RULES_MAX,
  type DutyCadence,
  type DutyDoneBy,
} from "./duty-rules.js";

// The rules of a 社区's calendar of recurring duties. The 社区's admins (and the street's) edit them;
// whoever works in the 社区 reads them. A rule that was ticked (duty-ticks.ts) is archived, not
// deleted, so the ticks stay on record.

export interface DutyRuleFields {
  title: string;
  cadence: DutyCadence;
  times: number;
  doneBy: DutyDoneBy;
  activityKind?: ActivityKind | null | undefined;
  evidenceKind?: EvidenceKind | null | undefined;
  evidenceItem?: string | null | undefined;
  responsibleUserId?: number | null | undefined;
  remindDays: number;
  forResidents: boolean;
}

/** A 社区 (not a street or a 网格): refused on `communityId` otherwise. */
export async function communityOrThrow(db: Db, communityId: number) {
  const unit = await db
    .selectFrom("org_unit")
    .select(["id", "name", "kind"])
    .where("id", "=", communityId)
    .executeTakeFirst();
  if (!unit || unit.kind !== "community") throw new ValidationError("communityId", "请选择一个社区");
  return unit;
}

/** Whoever works in the 社区 reads its calendar: its staff, its street's, its grid workers. */
export async function assertReadsDuties(db: Db, session: AuthSession, communityId: number) {
  await communityOrThrow(db, communityId);
  if (!(await worksIn(db, session, communityId))) throw new ForbiddenError();
}

export function managesDuties(db: Db, session: AuthSession, communityId: number) {
  return can(db, session, "campaign.manage", communityId);
}

async function assertManagesDuties(db: Db, session: AuthSession, communityId: number) {
  await communityOrThrow(db, communityId);
  if (!(await managesDuties(db, session, communityId))) throw new ForbiddenError();
}

export async function dutyRuleOrThrow(db: Db, id: number): Promise<DutyRule> {
  const row = await db
    .selectFrom("duty_rule")
    .selectAll()
    .where("id", "=", id)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("常态工作不存在");
  return row;
}

/** The rules of a 社区 still on its calendar, in order, with the 责任人's name. */
export function activeDutyRules(db: Db, communityIds: readonly number[]) {
  return db
    .selectFrom("duty_rule")
    .leftJoin("user as responsible", "responsible.id", "duty_rule.responsible_user_id")
    .selectAll("duty_rule")
    .select("responsible.name as responsible_name")
    .where("duty_rule.community_id", "in", communityIds.length > 0 ? [...communityIds] : [-1])
    .where("duty_rule.archived_at", "is", null)
    .orderBy("duty_rule.community_id")
    .orderBy("duty_rule.sort")
    .orderBy("duty_rule.id")
    .execute();
}

export type DutyRuleRow = Awaited<ReturnType<typeof activeDutyRules>>[number];

export function dutyRuleOut(row: DutyRuleRow) {
  return {
    id: row.id,
    communityId: row.community_id,
    title: row.title,
    cadence: row.cadence,
    times: row.times,
    doneBy: row.done_by,
    activityKind: row.activity_kind,
    evidenceKind: row.evidence_kind,
    evidenceItem: row.evidence_item,
    responsible:
      row.responsible_user_id === null
        ? null
        : { id: row.responsible_user_id, name: row.responsible_name ?? "" },
    remindDays: row.remind_days,
    forResidents: row.for_residents === 1,
    version: row.version,
  };
}

/** The rule's fields as stored, refused field by field where what counts as done is incomplete. */
async function ruleColumns(db: Db, f: DutyRuleFields, communityId: number) {
  const title = f.title.trim();
  if (title === "") throw new ValidationError("title", "请填写工作名称");
  if (f.doneBy === "activity" && !f.activityKind)
    throw new ValidationError("activityKind", "请选择计入的活动类型");
  if (f.doneBy === "evidence") {
    if (!f.evidenceKind) throw new ValidationError("evidenceKind", "请选择计入的材料类型");
    if (!f.evidenceItem?.trim())
      throw new ValidationError("evidenceItem", "请填写材料所在的测评内容（如 宣传栏更新）");
  }
  if (f.responsibleUserId != null)
    await staffNameOrThrow(db, f.responsibleUserId, communityId, "responsibleUserId");
  return {
    title,
    cadence: f.cadence,
    times: f.times,
    done_by: f.doneBy,
    activity_kind: f.doneBy === "activity" ? (f.activityKind ?? null) : null,
    evidence_kind: f.doneBy === "evidence" ? (f.evidenceKind ?? null) : null,
    evidence_item: f.doneBy === "evidence" ? (f.evidenceItem?.trim() ?? null) : null,
    responsible_user_id: f.responsibleUserId ?? null,
    remind_days: f.remindDays,
    for_residents: f.forResidents ? 1 : 0,
  };
}

/** What the 操作日志 keeps of a rule: how it reads, not its codes. */
function audited(r: {
  title: string;
  cadence: DutyCadence;
  times: number;
  done_by: DutyDoneBy;
  activity_kind: ActivityKind | null;
  evidence_kind: EvidenceKind | null;
  evidence_item: string | null;
}) {
  const counts =
    r.done_by === "activity" && r.activity_kind
      ? `${DUTY_DONE_BY_LABELS.activity}：${ACTIVITY_KIND_LABELS[r.activity_kind]}`
      : r.done_by === "evidence" && r.evidence_kind
        ? `${r.evidence_item ?? ""} ${EVIDENCE_KIND_LABELS[r.evidence_kind]}`
        : DUTY_DONE_BY_LABELS[r.done_by];
  return { title: r.title, cadence: DUTY_CADENCE_LABELS[r.cadence], times: r.times, countsAs: counts };
}

export async function addDutyRule(
  db: Db,
  session: AuthSession,
  input: DutyRuleFields & { communityId: number },
  now = new Date(),
) {
  await assertManagesDuties(db, session, input.communityId);
  const existing = await activeDutyRules(db, [input.communityId]);
  if (existing.length >= DUTY_RULES_MAX) {
    throw new ValidationError("title", `每个社区最多 ${DUTY_RULES_MAX} 项常态工作`);
  }
  const columns = await ruleColumns(db, input, input.communityId);
  const at = now.toISOString();
  const { id } = await db
    .insertInto("duty_rule")
    .values({
      ...columns,
      community_id: input.communityId,
      sort: Math.max(0, ...existing.map((r) => r.sort)) + 1,
      created_at: at,
      updated_at: at,
      archived_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    {
      action: "campaign.duty_add",
      targetType: "duty_rule",
      targetId: id,
      orgUnitId: input.communityId,
      after: audited(columns),
    },
    now,
  );
  return { id };
}

/**
 * Gives a 社区 the built-in rules (道德讲堂 每月 2 次 …), once: only a 社区 that never had a rule,
 * so defaults never come back after someone removed them.
 */
export async function installDefaultDuties(
  db: Db,
  session: AuthSession,
  input: { communityId: number },
  now = new Date(),
) {
  await assertManagesDuties(db, session, input.communityId);
  const any = await db
    .selectFrom("duty_rule")
    .select("id")
    .where("community_id", "=", input.communityId)
    .limit(1)
    .executeTakeFirst();
  if (any) throw new ConflictError("该社区已设置过常态工作，请逐项新增或修改");
  const at = now.toISOString();
  await db
    .insertInto("duty_rule")
    .values(
      DEFAULT_DUTY_RULES.map((d, i) => ({
        community_id: input.communityId,
        sort: i + 1,
        title: d.title,
        cadence: d.cadence,
        times: d.times,
        done_by: d.doneBy,
        activity_kind: d.activityKind ?? null,
        evidence_kind: d.evidenceKind ?? null,
        evidence_item: d.evidenceItem ?? null,
        responsible_user_id: null,
        remind_days: d.remindDays,
        for_residents: d.forResidents ? 1 : 0,
        created_at: at,
        updated_at: at,
        archived_at: null,
      })),
    )
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "campaign.duty_defaults",
      targetType: "org_unit",
      targetId: input.communityId,
      orgUnitId: input.communityId,
      after: { rules: DEFAULT_DUTY_RULES.length },
    },
    now,
  );
  return { added: DEFAULT_DUTY_RULES.length };
}

export async function updateDutyRule(
  db: Db,
  session: AuthSession,
  input: DutyRuleFields & { id: number; version?: number | undefined },
  now = new Date(),
) {
  const rule = await dutyRuleOrThrow(db, input.id);
  await assertManagesDuties(db, session, rule.community_id);
  const columns = await ruleColumns(db, input, rule.community_id);
  const result = await db
    .updateTable("duty_rule")
    .set({ ...columns, updated_at: now.toISOString(), version: rule.version + 1 })
    .where("id", "=", rule.id)
    .$if(input.version !== undefined, (q) => q.where("version", "=", input.version!))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("该工作已被他人修改，请刷新后重试");
  await recordAudit(
    db,
    session,
    {
      action: "campaign.duty_update",
      targetType: "duty_rule",
      targetId: rule.id,
      orgUnitId: rule.community_id,
      before: audited(rule),
      after: audited(columns),
    },
    now,
  );
  return { id: rule.id, version: rule.version + 1 };
}

/** Deletes a rule; one that was ticked is archived instead (its ticks stay on record), and says so. */
export async function removeDutyRule(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const rule = await dutyRuleOrThrow(db, input.id);
  await assertManagesDuties(db, session, rule.community_id);
  const ticked = await db
    .selectFrom("duty_tick")
    .select("id")
    .where("rule_id", "=", rule.id)
    .limit(1)
    .executeTakeFirst();
  const archived = ticked !== undefined;
  if (archived) {
    await db
      .updateTable("duty_rule")
      .set({ archived_at: now.toISOString() })
      .where("id", "=", rule.id)
      .execute();
  } else {
    await db.deleteFrom("duty_rule").where("id", "=", rule.id).execute();
  }
  await recordAudit(
    db,
    session,
    {
      action: archived ? "campaign.duty_archive" : "campaign.duty_remove",
      targetType: "duty_rule",
      targetId: rule.id,
      orgUnitId: rule.community_id,
      before: audited(rule),
    },
    now,
  );
  return { archived };
}
