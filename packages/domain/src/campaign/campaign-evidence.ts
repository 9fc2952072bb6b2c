import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { Campaign, CampaignItem } from "../db/database.js";
import { can } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { attachFiles, detachFiles, filesOf } from "../files/files-service.js";
import { attachDocuments, detachDocuments, documentsOf } from "../files/documents-service.js";
import { chinaToday } from "../time.js";
import { assertReadsCopy, campaignOrThrow, idsInCommunitiesWorkedIn, worksIn } from "./campaign-access.js";
import { itemOrThrow, itemOut } from "./campaign-items.js";
import { EVIDENCE_KIND_LABELS, type EvidenceKind } from "./rules.js";

// Evidence (台账) filed under an item of a 社区's checklist copy: a title, the date it is of, a note and
// its photos and documents (PDF, DOCX, XLSX: the files feature, owner type campaign_evidence).
//
// Who files: the admins of the copy (campaign.manage at the 社区: its own and the street's) for any
// item; a grid worker for the items given to them (campaign_item.assignee_user_id).

/** Whether the caller may file (and withdraw) evidence of this item. */
export async function mayFile(db: Db, session: AuthSession, item: CampaignItem): Promise<boolean> {
  if (await can(db, session, "campaign.manage", item.community_id)) return true;
  return item.assignee_user_id === session.user.id && (await worksIn(db, session, item.community_id));
}

/** The item (still on its checklist) and its campaign, when the caller may file its evidence. */
export async function fileableItem(
  db: Db,
  session: AuthSession,
  itemId: number,
): Promise<{ item: CampaignItem; campaign: Campaign }> {
  const item = await itemOrThrow(db, itemId);
  if (!(await mayFile(db, session, item))) throw new ForbiddenError();
  return { item, campaign: await campaignOrThrow(db, item.campaign_id) };
}

/** An item the caller reads (its 社区's staff and the street's), with its campaign. */
export async function readableItem(db: Db, session: AuthSession, itemId: number) {
  const item = await itemOrThrow(db, itemId);
  const campaign = await campaignOrThrow(db, item.campaign_id);
  await assertReadsCopy(db, session, campaign, item.community_id);
  return { item, campaign };
}

export interface EvidenceInput {
  itemId: number;
  kind: EvidenceKind;
  title: string;
  date: string;
  note?: string | null | undefined;
  photos?: number[] | undefined;
  documents?: number[] | undefined;
}

export async function addEvidence(db: Db, session: AuthSession, input: EvidenceInput, now = new Date()) {
  const { item } = await fileableItem(db, session, input.itemId);
  const needed = itemOut(item).evidence;
  if (!needed.includes(input.kind)) {
    throw new ValidationError(
      "kind",
      `该项目需要的材料为：${needed.map((k) => EVIDENCE_KIND_LABELS[k]).join("、")}`,
    );
  }
  if (input.date > chinaToday(now)) throw new ValidationError("date", "材料日期不能晚于今天");
  const photoIds = input.photos ?? [];
  const documentIds = input.documents ?? [];
  if (photoIds.length === 0 && documentIds.length === 0)
    throw new ValidationError("photos", "请至少上传一张照片或一份文件");
  const { id } = await db
    .insertInto("campaign_evidence")
    .values({
      item_id: item.id,
      kind: input.kind,
      title: input.title,
      evidence_date: input.date,
      note: input.note?.trim() || null,
      created_by: session.user.id,
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const owner = { ownerType: "campaign_evidence", ownerId: id, actorUserId: session.user.id, now } as const;
  const photos = await attachFiles(db, { ...owner, fileIds: photoIds });
  const documents = await attachDocuments(db, { ...owner, fileIds: documentIds });
  await recordAudit(
    db,
    session,
    {
      action: "campaign.evidence_add",
      targetType: "campaign_item",
      targetId: item.id,
      orgUnitId: item.community_id,
      after: {
        evidenceKind: EVIDENCE_KIND_LABELS[input.kind],
        title: input.title,
        evidenceDate: input.date,
        photos: photos.length,
        documents: documents.map((d) => d.name).join("、") || null,
      },
    },
    now,
  );
  return { id, photos, documents };
}

/** Withdraws evidence: the row goes, its photos and documents are detached (the hourly cleanup removes them). */
export async function removeEvidence(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const row = await db
    .selectFrom("campaign_evidence")
    .selectAll()
    .where("id", "=", input.id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("佐证材料不存在");
  const { item } = await fileableItem(db, session, row.item_id);
  const photos = await detachFiles(db, { ownerType: "campaign_evidence", ownerId: row.id });
  const documents = (await documentsOf(db, "campaign_evidence", [row.id])).get(row.id) ?? [];
  await detachDocuments(db, { ownerType: "campaign_evidence", ownerId: row.id });
  await db.deleteFrom("campaign_evidence").where("id", "=", row.id).execute();
  await recordAudit(
    db,
    session,
    {
      action: "campaign.evidence_remove",
      targetType: "campaign_item",
      targetId: item.id,
      orgUnitId: item.community_id,
      before: {
        evidenceKind: EVIDENCE_KIND_LABELS[row.kind],
        title: row.title,
        evidenceDate: row.evidence_date,
        photos,
        documents: documents.map((d) => d.name).join("、") || null,
      },
    },
    now,
  );
  return { removed: true as const };
}

/** An item's evidence, newest date first, with its photos, documents and who filed it. */
export async function evidenceOf(db: Db, itemId: number) {
  const rows = await db
    .selectFrom("campaign_evidence")
    .leftJoin("user as filer", "filer.id", "campaign_evidence.created_by")
    .selectAll("campaign_evidence")
    .select("filer.name as filer_name")
    .where("campaign_evidence.item_id", "=", itemId)
    .orderBy("campaign_evidence.evidence_date", "desc")
    .orderBy("campaign_evidence.id", "desc")
    .execute();
  const ids = rows.map((r) => r.id);
  const photos = await filesOf(db, "campaign_evidence", ids);
  const documents = await documentsOf(db, "campaign_evidence", ids);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    date: r.evidence_date,
    note: r.note,
    photos: photos.get(r.id) ?? [],
    documents: documents.get(r.id) ?? [],
    createdBy: r.created_by === null ? null : { id: r.created_by, name: r.filer_name ?? "" },
    createdAt: r.created_at,
  }));
}

/**
 * The files rule of owner type campaign_evidence: whoever reads the 社区's copy (its staff, its grid
 * workers, the street's) sees the photos; nobody else, and never a visitor.
 */
export async function campaignEvidenceVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
): Promise<Set<number>> {
  if (session === null || ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("campaign_evidence")
    .innerJoin("campaign_item", "campaign_item.id", "campaign_evidence.item_id")
    .select(["campaign_evidence.id", "campaign_item.community_id"])
    .where("campaign_evidence.id", "in", ids)
    .execute();
  return idsInCommunitiesWorkedIn(db, session, rows);
}
