import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Selectable } from "kysely";
import type { CampaignAssessmentTable } from "../db/database.js";
import { can } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { assertEditsCopy, assertReadsCopy, campaignOrThrow } from "./campaign-access.js";
import { copyItems } from "./campaign-items.js";
import { GRADE_SHARE, estimatedScore, type Grade } from "./rules.js";

// 模拟测评: a round of self-assessment of one 社区's copy of the checklist. Each item still on the
// checklist is graded A / B / C / C# (100 / 66 / 33 / 0 % of its points) with a note; an item not
// graded counts 0. Rounds are kept (never edited) so that two can be compared; they are made and
// removed by the copy's admins and read by whoever reads the copy. Scores are computed on read from
// the items as they are now, so an item removed from the checklist leaves every round's total.

type CopyItem = Awaited<ReturnType<typeof copyItems>>[number];
interface GradeRow {
  assessment_id: number;
  item_id: number;
  grade: Grade;
  note: string | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Score, points and counts of these items under these grades, in all and per 测评项目 (checklist order). */
function tallyOf(items: CopyItem[], grades: ReadonlyMap<number, GradeRow>) {
  const graded = items.map((i) => ({ item: i, points: i.points, grade: grades.get(i.id)?.grade ?? null }));
  const sum = (rows: typeof graded) => ({
    score: estimatedScore(rows),
    points: round2(rows.reduce((s, r) => s + r.points, 0)),
    items: rows.length,
    graded: rows.filter((r) => r.grade !== null).length,
  });
  const projects = [...new Set(items.map((i) => i.project))].map((project) => ({
    project,
    ...sum(graded.filter((g) => g.item.project === project)),
  }));
  return { ...sum(graded), projects };
}

async function gradesOf(db: Db, assessmentIds: number[]): Promise<Map<number, Map<number, GradeRow>>> {
  const out = new Map<number, Map<number, GradeRow>>(assessmentIds.map((id) => [id, new Map()]));
  if (assessmentIds.length === 0) return out;
  const rows = await db
    .selectFrom("campaign_grade")
    .selectAll()
    .where("assessment_id", "in", assessmentIds)
    .execute();
  for (const r of rows) out.get(r.assessment_id)?.set(r.item_id, r);
  return out;
}

type RoundRow = Selectable<CampaignAssessmentTable> & { creator_name: string | null };

function summaryOf(row: RoundRow, items: CopyItem[], grades: ReadonlyMap<number, GradeRow>) {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    communityId: row.community_id,
    title: row.title,
    createdBy: row.created_by === null ? null : { id: row.created_by, name: row.creator_name ?? "" },
    createdAt: row.created_at,
    ...tallyOf(items, grades),
  };
}

function roundsQuery(db: Db) {
  return db
    .selectFrom("campaign_assessment")
    .leftJoin("user as creator", "creator.id", "campaign_assessment.created_by")
    .selectAll("campaign_assessment")
    .select("creator.name as creator_name");
}

/** The rounds of one 社区's copy, newest first, each with its score in all and per 测评项目. */
export async function listAssessments(
  db: Db,
  session: AuthSession,
  input: { campaignId: number; communityId: number },
) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertReadsCopy(db, session, campaign, input.communityId);
  const rows = await roundsQuery(db)
    .where("campaign_assessment.campaign_id", "=", campaign.id)
    .where("campaign_assessment.community_id", "=", input.communityId)
    .orderBy("campaign_assessment.created_at", "desc")
    .orderBy("campaign_assessment.id", "desc")
    .execute();
  const items = await copyItems(db, campaign.id, input.communityId);
  const grades = await gradesOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    mayEdit: await can(db, session, "campaign.manage", input.communityId),
    rounds: rows.map((r) => summaryOf(r, items, grades.get(r.id) ?? new Map())),
  };
}

async function roundOrThrow(db: Db, id: number): Promise<RoundRow> {
  const row = await roundsQuery(db).where("campaign_assessment.id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError("模拟测评不存在");
  return row;
}

/** One round: every item of the copy in checklist order, with its grade and note (null when not graded). */
export async function assessmentDetail(db: Db, session: AuthSession, input: { id: number }) {
  const row = await roundOrThrow(db, input.id);
  const campaign = await campaignOrThrow(db, row.campaign_id);
  await assertReadsCopy(db, session, campaign, row.community_id);
  const items = await copyItems(db, campaign.id, row.community_id);
  const grades = (await gradesOf(db, [row.id])).get(row.id) ?? new Map<number, GradeRow>();
  return {
    ...summaryOf(row, items, grades),
    mayEdit: await can(db, session, "campaign.manage", row.community_id),
    items: items.map((i) => {
      const g = grades.get(i.id);
      return {
        itemId: i.id,
        sort: i.sort,
        project: i.project,
        content: i.content,
        standard: i.standard,
        points: i.points,
        grade: g?.grade ?? null,
        note: g?.note ?? null,
        score: g ? round2(i.points * GRADE_SHARE[g.grade]) : 0,
      };
    }),
  };
}

export interface AssessInput {
  campaignId: number;
  communityId: number;
  title: string;
  grades: Array<{ itemId: number; grade: Grade; note?: string | null | undefined }>;
}

/** A new round by the copy's admins. Items not graded count 0. */
export async function assess(db: Db, session: AuthSession, input: AssessInput, now = new Date()) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertEditsCopy(db, session, campaign, input.communityId);
  if (input.grades.length === 0) throw new ValidationError("grades", "请至少评定一项测评标准");
  const items = await copyItems(db, campaign.id, input.communityId);
  const onList = new Set(items.map((i) => i.id));
  const seen = new Set<number>();
  for (const [i, g] of input.grades.entries()) {
    if (!onList.has(g.itemId)) {
      throw new ValidationError(`grades.${i}.itemId`, `第${i + 1}项不属于本社区的测评体系`);
    }
    if (seen.has(g.itemId)) {
      throw new ValidationError(`grades.${i}.itemId`, `第${i + 1}项重复评定了同一测评标准`);
    }
    seen.add(g.itemId);
  }
  const { id } = await db
    .insertInto("campaign_assessment")
    .values({
      campaign_id: campaign.id,
      community_id: input.communityId,
      title: input.title,
      created_by: session.user.id,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("campaign_grade")
    .values(
      input.grades.map((g) => ({
        assessment_id: id,
        item_id: g.itemId,
        grade: g.grade,
        note: g.note?.trim() || null,
      })),
    )
    .execute();
  const grades = new Map(
    input.grades.map((g) => [
      g.itemId,
      { assessment_id: id, item_id: g.itemId, grade: g.grade, note: g.note ?? null },
    ]),
  );
  const tally = tallyOf(items, grades);
  await recordAudit(
    db,
    session,
    {
      action: "campaign.assess",
      targetType: "campaign",
      targetId: campaign.id,
      orgUnitId: input.communityId,
      after: { round: input.title, estimatedScore: tally.score, graded: tally.graded },
    },
    now,
  );
  return { id, score: tally.score, points: tally.points, graded: tally.graded };
}

/** Removes a round and its grades (the copy's admins). */
export async function removeAssessment(
  db: Db,
  session: AuthSession,
  input: { id: number },
  now = new Date(),
) {
  const row = await roundOrThrow(db, input.id);
  const campaign = await campaignOrThrow(db, row.campaign_id);
  await assertEditsCopy(db, session, campaign, row.community_id);
  const items = await copyItems(db, campaign.id, row.community_id);
  const tally = tallyOf(items, (await gradesOf(db, [row.id])).get(row.id) ?? new Map());
  await db.deleteFrom("campaign_grade").where("assessment_id", "=", row.id).execute();
  await db.deleteFrom("campaign_assessment").where("id", "=", row.id).execute();
  await recordAudit(
    db,
    session,
    {
      action: "campaign.assessment_remove",
      targetType: "campaign",
      targetId: campaign.id,
      orgUnitId: row.community_id,
      before: { round: row.title, estimatedScore: tally.score, graded: tally.graded },
    },
    now,
  );
  return { removed: true as const };
}
