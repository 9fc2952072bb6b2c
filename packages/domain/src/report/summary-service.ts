import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { SummaryDraft } from "../db/database.js";
import { can, getUnitOrThrow } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { campaignOrThrow } from "../campaign/campaign-access.js";
import { fromJson, toJson } from "../db/json.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { chinaToday } from "../time.js";
import { userNames } from "../auth/user-names.js";
import { draftSummary } from "./summary-draft.js";
import { collectFacts, type SummaryUnit } from "./summary-facts-collect.js";
import type { SummaryBody, SummaryImage } from "./summary-model.js";
import type { FileStorage } from "../files/storage.js";
import { thumbnailBytes } from "../files/thumbnail-bytes.js";
import { resolvePeriod, type SummaryPeriod, type SummaryPeriodInput } from "./summary-period.js";
import { inlineOffload, type Offload } from "../offload.js";

// 工作总结: drafts built from the data for a 社区 or a 街道 and a period, edited paragraph by paragraph,
// regenerated into a new draft that keeps the old, downloaded as .docx. Each step for those holding
// report.summary at the unit (its admins and those above); each recorded in the 操作日志.

async function summaryUnit(db: Db, session: AuthSession, unitId: number): Promise<SummaryUnit> {
  const unit = await getUnitOrThrow(db, unitId);
  if (unit.kind !== "community" && unit.kind !== "street") {
    throw new ValidationError("unitId", "请选择社区或街道");
  }
  if (!(await can(db, session, "report.summary", unit.id))) throw new ForbiddenError();
  if (unit.kind === "street") {
    const any = await db
      .selectFrom("org_unit")
      .select("id")
      .where("parent_id", "=", unit.id)
      .where("kind", "=", "community")
      .executeTakeFirst();
    if (!any) throw new ValidationError("unitId", "该街道下还没有社区，无法生成总结");
  }
  return { id: unit.id, kind: unit.kind, name: unit.name };
}

/** The period asked for; a campaign's must cover the unit (its scope is the unit or the unit's 街道). */
async function periodFor(db: Db, unit: SummaryUnit, input: SummaryPeriodInput, today: string) {
  if (input.kind !== "campaign") return resolvePeriod(input, today);
  const campaign = await campaignOrThrow(db, input.campaignId).catch((e: unknown) => {
    if (e instanceof NotFoundError) throw new ValidationError("period.campaignId", "找不到该创城活动");
    throw e;
  });
  const parent = await getUnitOrThrow(db, unit.id);
  if (campaign.scope_unit_id !== unit.id && campaign.scope_unit_id !== parent.parent_id) {
    throw new ValidationError("period.campaignId", `创城活动“${campaign.name}”不包括${unit.name}`);
  }
  return resolvePeriod(input, today, {
    id: campaign.id,
    name: campaign.name,
    periodStart: campaign.period_start,
    periodEnd: campaign.period_end,
  });
}

async function writeDraft(
  db: Db,
  session: AuthSession,
  unit: SummaryUnit,
  period: SummaryPeriod,
  previousId: number | null,
  now: Date,
) {
  const today = chinaToday(now);
  const facts = await collectFacts(db, unit, period, today, now);
  const doc = draftSummary(facts);
  const body: SummaryBody = {
    unitName: doc.unitName,
    dateText: doc.dateText,
    paragraphs: doc.paragraphs,
    figures: doc.figures,
    edited: [],
  };
  const at = now.toISOString();
  const { id } = await db
    .insertInto("summary_draft")
    .values({
      unit_id: unit.id,
      period_kind: period.kind,
      period_from: period.from,
      period_to: period.to,
      period_label: period.label,
      campaign_id: period.campaignId ?? facts.campaign?.id ?? null,
      title: doc.title,
      body: toJson(body),
      previous_id: previousId,
      created_by: session.user.id,
      created_at: at,
      updated_by: null,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    session,
    {
      action: "report.summary_generate",
      targetType: "summary_draft",
      targetId: id,
      orgUnitId: unit.id,
      after: {
        period: period.label,
        previousId,
        paragraphs: doc.paragraphs.length,
        figures: doc.figures.length,
      },
    },
    now,
  );
  return summaryDraft(db, session, { id });
}

export async function generateSummary(
  db: Db,
  session: AuthSession,
  input: { unitId: number; period: SummaryPeriodInput },
  now = new Date(),
) {
  const unit = await summaryUnit(db, session, input.unitId);
  const period = await periodFor(db, unit, input.period, chinaToday(now));
  return writeDraft(db, session, unit, period, null, now);
}

async function draftOrThrow(db: Db, session: AuthSession, id: number) {
  const draft = await db.selectFrom("summary_draft").selectAll().where("id", "=", id).executeTakeFirst();
  if (!draft) throw new NotFoundError("工作总结不存在");
  const unit = await summaryUnit(db, session, draft.unit_id);
  return { draft, unit };
}

/** 重新生成: the same unit and period read afresh into a new draft; the old one stays as it was. */
export async function regenerateSummary(
  db: Db,
  session: AuthSession,
  input: { id: number },
  now = new Date(),
) {
  const { draft, unit } = await draftOrThrow(db, session, input.id);
  const period: SummaryPeriod = {
    kind: draft.period_kind,
    from: draft.period_from,
    to: draft.period_to,
    label: draft.period_label,
    campaignId: draft.period_kind === "campaign" ? draft.campaign_id : null,
  };
  return writeDraft(db, session, unit, period, draft.id, now);
}

function draftOut(d: SummaryDraft, unitName: string, names: Map<number, string | null>) {
  const body = fromJson(d.body);
  const edited = new Set(body.edited);
  return {
    id: d.id,
    unitId: d.unit_id,
    unitName,
    periodKind: d.period_kind,
    periodFrom: d.period_from,
    periodTo: d.period_to,
    periodLabel: d.period_label,
    campaignId: d.campaign_id,
    title: d.title,
    document: {
      title: d.title,
      unitName: body.unitName,
      dateText: body.dateText,
      paragraphs: body.paragraphs.map((p) => ({ ...p, edited: edited.has(p.key) })),
      figures: body.figures,
    },
    previousId: d.previous_id,
    createdAt: d.created_at,
    createdByName: d.created_by === null ? null : (names.get(d.created_by) ?? null),
    updatedAt: d.updated_at,
    updatedByName: d.updated_by === null ? null : (names.get(d.updated_by) ?? null),
    version: d.version,
  };
}

export async function summaryDraft(db: Db, session: AuthSession, input: { id: number }) {
  const { draft, unit } = await draftOrThrow(db, session, input.id);
  const names = await userNames(
    db,
    [draft.created_by, draft.updated_by].filter((x): x is number => x !== null),
  );
  return draftOut(draft, unit.name, names);
}

/** A unit's drafts, newest first (without their text). */
export async function summaryDrafts(db: Db, session: AuthSession, input: { unitId: number }) {
  const unit = await summaryUnit(db, session, input.unitId);
  const rows = await db
    .selectFrom("summary_draft")
    .select([
      "id",
      "title",
      "period_kind",
      "period_label",
      "period_from",
      "period_to",
      "previous_id",
      "created_by",
      "created_at",
      "updated_at",
      "body",
    ])
    .where("unit_id", "=", unit.id)
    .orderBy("id", "desc")
    .limit(100)
    .execute();
  const names = await userNames(
    db,
    rows.map((r) => r.created_by).filter((x): x is number => x !== null),
  );
  const replaced = new Set(rows.map((r) => r.previous_id).filter((x) => x !== null));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    periodKind: r.period_kind,
    periodLabel: r.period_label,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    createdAt: r.created_at,
    createdByName: r.created_by === null ? null : (names.get(r.created_by) ?? null),
    updatedAt: r.updated_at,
    editedParagraphs: fromJson(r.body).edited.length,
    replaced: replaced.has(r.id),
  }));
}

/** Saves a person's text of one paragraph; the figures it carried stay listed in the 附表. */
export async function saveSummaryParagraph(
  db: Db,
  session: AuthSession,
  input: { id: number; key: string; text: string; version: number },
  now = new Date(),
) {
  const { draft, unit } = await draftOrThrow(db, session, input.id);
  const body = fromJson(draft.body);
  const paragraph = body.paragraphs.find((p) => p.key === input.key);
  if (!paragraph) throw new ValidationError("key", "找不到要修改的段落，请刷新后重试");
  const before = paragraph.text;
  paragraph.text = input.text;
  if (!body.edited.includes(input.key)) body.edited.push(input.key);
  const at = now.toISOString();
  const done = await db
    .updateTable("summary_draft")
    .set({ body: toJson(body), updated_by: session.user.id, updated_at: at, version: draft.version + 1 })
    .where("id", "=", draft.id)
    .where("version", "=", input.version)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new ConflictError("该总结已被他人修改，请刷新后再改");
  await recordAudit(
    db,
    session,
    {
      action: "report.summary_edit",
      targetType: "summary_draft",
      targetId: draft.id,
      orgUnitId: unit.id,
      before: { key: input.key, text: before },
      after: { key: input.key, text: input.text },
    },
    now,
  );
  return summaryDraft(db, session, { id: draft.id });
}

/**
 * The draft as a .docx in 公文 layout, with the thumbnails of its examples' photos before and after
 * (read from the file store the server gives; without one the photos are left out); the download is
 * recorded.
 */
export async function summaryDocx(
  db: Db,
  storage: FileStorage | null,
  session: AuthSession,
  input: { id: number },
  now = new Date(),
  offload: Offload = inlineOffload,
) {
  const { draft, unit } = await draftOrThrow(db, session, input.id);
  const body = fromJson(draft.body);
  const ids = body.paragraphs.flatMap((p) => (p.photos ?? []).flatMap((x) => [x.before, x.after]));
  const wanted = ids.filter((id): id is number => id !== null);
  const images = new Map<number, SummaryImage>();
  if (storage && wanted.length > 0) {
    const [bytes, sizes] = await Promise.all([
      thumbnailBytes(db, storage, wanted),
      db.selectFrom("file").select(["id", "width", "height"]).where("id", "in", wanted).execute(),
    ]);
    for (const s of sizes) {
      const data = bytes.get(s.id);
      if (data) images.set(s.id, { data, width: s.width, height: s.height });
    }
  }
  const bytes = await offload.run(
    "summaryDocx",
    {
      title: draft.title,
      unitName: body.unitName,
      dateText: body.dateText,
      paragraphs: body.paragraphs,
      figures: body.figures,
    },
    images,
  );
  await recordAudit(
    db,
    session,
    {
      action: "report.summary_download",
      targetType: "summary_draft",
      targetId: draft.id,
      orgUnitId: unit.id,
    },
    now,
  );
  return { fileName: `${draft.title}.docx`, base64: bytes.toString("base64") };
}
