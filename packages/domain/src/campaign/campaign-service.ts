import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Campaign } from "../db/database.js";
import { campaignDocuments } from "./campaign-documents.js";
import { assertCan, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { ConflictError, ValidationError } from "../errors.js";
import { unitNames } from "../org/unit-names.js";
import { assertManages, assertSees, campaignOrThrow, copiesOf, visibleScopes } from "./campaign-access.js";
import { COMMUNITY_TEMPLATE } from "./community-template.js";
import { itemRowsFromTemplate } from "./campaign-items.js";
import {
  CAMPAIGN_STAGE_LABELS,
  stageMoveError,
  type CampaignKind,
  type CampaignStage,
  type LeaderRole,
} from "./rules.js";

// A campaign: made by a 街道 or a 社区 from the built-in 测评体系 template (each 社区 of a street gets
// its own copy of the checklist, which it edits), its period, its stage and its 领导小组.

export interface LeaderInput {
  role: LeaderRole;
  userId?: number | null | undefined;
  name: string;
  title?: string | null | undefined;
}

export interface CampaignInput {
  name: string;
  kind: CampaignKind;
  periodStart: string;
  periodEnd: string;
}

function checkPeriod(input: { periodStart: string; periodEnd: string }) {
  if (input.periodEnd < input.periodStart) throw new ValidationError("periodEnd", "结束日期不能早于开始日期");
}

export async function createCampaign(
  db: Db,
  session: AuthSession,
  input: CampaignInput & { scopeUnitId: number; leaders?: LeaderInput[] | undefined },
  now = new Date(),
) {
  const scope = await getUnitOrThrow(db, input.scopeUnitId);
  if (scope.kind !== "street" && scope.kind !== "community") {
    throw new ValidationError("scopeUnitId", "创城活动须属于一个街道或社区");
  }
  await assertCan(db, session, "campaign.manage", scope.id);
  checkPeriod(input);
  // A 领导小组 given at creation is a whole one, as setLeaders takes it: with its 组长.
  if (input.leaders && input.leaders.length > 0) assertHasLeader(input.leaders);
  const copies = await copiesOf(db, { scope_unit_id: scope.id });
  if (copies.length === 0) throw new ValidationError("scopeUnitId", "该街道下还没有社区");
  const at = now.toISOString();
  const { id } = await db
    .insertInto("campaign")
    .values({
      name: input.name,
      kind: input.kind,
      scope_unit_id: scope.id,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      stage: "preparing",
      created_by: session.user.id,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const communityId of copies) {
    await db
      .insertInto("campaign_item")
      .values(itemRowsFromTemplate(COMMUNITY_TEMPLATE, { campaignId: id, communityId, at }))
      .execute();
  }
  if (input.leaders) await writeLeaders(db, id, input.leaders);
  await recordAudit(
    db,
    session,
    {
      action: "campaign.create",
      targetType: "campaign",
      targetId: id,
      orgUnitId: scope.id,
      after: { name: input.name, periodStart: input.periodStart, periodEnd: input.periodEnd },
    },
    now,
  );
  return { id, copies: copies.length, items: COMMUNITY_TEMPLATE.length };
}

/** The campaigns the caller sees, newest period first. */
export async function listCampaigns(db: Db, session: AuthSession) {
  const scopes = await visibleScopes(db, session);
  if (scopes !== "all" && scopes.length === 0) return [];
  const rows = await db
    .selectFrom("campaign")
    .innerJoin("org_unit as scope", "scope.id", "campaign.scope_unit_id")
    .select([
      "campaign.id",
      "campaign.name",
      "campaign.kind",
      "campaign.stage",
      "campaign.period_start",
      "campaign.period_end",
      "campaign.scope_unit_id",
      "scope.name as scope_name",
      "scope.kind as scope_kind",
    ])
    .$if(scopes !== "all", (q) => q.where("campaign.scope_unit_id", "in", scopes as number[]))
    .orderBy("campaign.period_start", "desc")
    .orderBy("campaign.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    stage: r.stage,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    scope: {
      id: r.scope_unit_id,
      name: r.scope_name,
      kind: r.scope_kind === "street" ? ("street" as const) : ("community" as const),
    },
  }));
}

async function leadersOf(db: Db, campaignId: number) {
  const rows = await db
    .selectFrom("campaign_leader")
    .select(["id", "role", "user_id", "name", "title"])
    .where("campaign_id", "=", campaignId)
    .orderBy("sort")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, userId: r.user_id, name: r.name, title: r.title }));
}

/** A campaign with its 领导小组 and the 社区 holding a copy of its checklist. */
export async function campaignDetail(db: Db, session: AuthSession, id: number) {
  const campaign = await campaignOrThrow(db, id);
  await assertSees(db, session, campaign);
  const copies = await copiesOf(db, campaign);
  const names = await unitNames(db, [campaign.scope_unit_id, ...copies]);
  return {
    ...publicFields(campaign),
    scope: { id: campaign.scope_unit_id, name: names.get(campaign.scope_unit_id)?.name ?? "" },
    communities: copies.map((c) => ({ id: c, name: names.get(c)?.name ?? "" })),
    leaders: await leadersOf(db, id),
    ...(await campaignDocuments(db, id)),
  };
}

function publicFields(c: Campaign) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    stage: c.stage,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    version: c.version,
  };
}

async function bump(
  db: Db,
  campaign: Campaign,
  version: number | undefined,
  set: Partial<Campaign>,
  now: Date,
) {
  const result = await db
    .updateTable("campaign")
    .set({ ...set, updated_at: now.toISOString(), version: campaign.version + 1 })
    .where("id", "=", campaign.id)
    .$if(version !== undefined, (q) => q.where("version", "=", version!))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError("活动已被他人修改，请刷新后重试");
}

export async function updateCampaign(
  db: Db,
  session: AuthSession,
  input: CampaignInput & { id: number; version?: number | undefined },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.id);
  await assertManages(db, session, campaign);
  checkPeriod(input);
  await bump(
    db,
    campaign,
    input.version,
    { name: input.name, kind: input.kind, period_start: input.periodStart, period_end: input.periodEnd },
    now,
  );
  await recordAudit(
    db,
    session,
    {
      action: "campaign.update",
      targetType: "campaign",
      targetId: campaign.id,
      orgUnitId: campaign.scope_unit_id,
      before: { name: campaign.name, periodStart: campaign.period_start, periodEnd: campaign.period_end },
      after: { name: input.name, periodStart: input.periodStart, periodEnd: input.periodEnd },
    },
    now,
  );
  return campaignDetail(db, session, campaign.id);
}

export async function setStage(
  db: Db,
  session: AuthSession,
  input: { id: number; stage: CampaignStage; version?: number | undefined },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.id);
  await assertManages(db, session, campaign);
  const error = stageMoveError(campaign.stage, input.stage);
  if (error) throw new ValidationError("stage", error);
  await bump(db, campaign, input.version, { stage: input.stage }, now);
  await recordAudit(
    db,
    session,
    {
      action: "campaign.stage",
      targetType: "campaign",
      targetId: campaign.id,
      orgUnitId: campaign.scope_unit_id,
      before: { stage: CAMPAIGN_STAGE_LABELS[campaign.stage] },
      after: { stage: CAMPAIGN_STAGE_LABELS[input.stage] },
    },
    now,
  );
  return { stage: input.stage };
}

async function writeLeaders(db: Db, campaignId: number, leaders: LeaderInput[]) {
  await db.deleteFrom("campaign_leader").where("campaign_id", "=", campaignId).execute();
  if (leaders.length === 0) return;
  // An account named as a member shows under its own name.
  const ids = leaders.map((l) => l.userId).filter((id): id is number => typeof id === "number");
  const users = ids.length
    ? await db.selectFrom("user").select(["id", "name"]).where("id", "in", ids).execute()
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  for (const [i, l] of leaders.entries()) {
    if (typeof l.userId === "number" && !names.has(l.userId)) {
      throw new ValidationError(`leaders.${i}.userId`, "该账号不存在");
    }
  }
  await db
    .insertInto("campaign_leader")
    .values(
      leaders.map((l, i) => ({
        campaign_id: campaignId,
        role: l.role,
        user_id: l.userId ?? null,
        name: typeof l.userId === "number" ? names.get(l.userId)! : l.name,
        title: l.title?.trim() || null,
        sort: i,
      })),
    )
    .execute();
}

function assertHasLeader(leaders: readonly LeaderInput[]) {
  if (!leaders.some((l) => l.role === "leader")) throw new ValidationError("leaders", "领导小组须有一名组长");
}

/** The 领导小组, replaced as a whole (组长 first as the console orders it). */
export async function setLeaders(
  db: Db,
  session: AuthSession,
  input: { id: number; leaders: LeaderInput[] },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.id);
  await assertManages(db, session, campaign);
  assertHasLeader(input.leaders);
  const before = await leadersOf(db, campaign.id);
  await writeLeaders(db, campaign.id, input.leaders);
  const after = await leadersOf(db, campaign.id);
  await recordAudit(
    db,
    session,
    {
      action: "campaign.leaders",
      targetType: "campaign",
      targetId: campaign.id,
      orgUnitId: campaign.scope_unit_id,
      before: { leaders: before.map((l) => l.name).join("、") },
      after: { leaders: after.map((l) => l.name).join("、") },
    },
    now,
  );
  return after;
}
