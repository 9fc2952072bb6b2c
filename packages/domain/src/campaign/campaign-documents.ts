import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { recordAudit } from "../audit/audit-service.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { attachDocuments, detachDocuments, documentsOf } from "../files/documents-service.js";
import { attachFiles, detachFiles, filesOf } from "../files/files-service.js";
import { assertManages, campaignOrThrow, visibleScopes } from "./campaign-access.js";

// A campaign's own documents: its 实施方案, 工作方案, meeting minutes, pictures of the 动员大会. They
// belong to the campaign (owner type campaign_document, owner id the campaign's), are added and taken
// off by whoever manages the campaign, and seen by everyone who sees it (its 社区 included).

/** Documents, and pictures, one campaign may carry. */
export const MAX_CAMPAIGN_DOCUMENTS = 30;

const OWNER = "campaign_document" as const;

export async function campaignDocuments(db: Db, campaignId: number) {
  const [documents, pictures] = await Promise.all([
    documentsOf(db, OWNER, [campaignId]),
    filesOf(db, OWNER, [campaignId]),
  ]);
  return { documents: documents.get(campaignId) ?? [], pictures: pictures.get(campaignId) ?? [] };
}

export async function addCampaignDocuments(
  db: Db,
  session: AuthSession,
  input: { id: number; documents?: number[] | undefined; photos?: number[] | undefined },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.id);
  await assertManages(db, session, campaign);
  const documentIds = input.documents ?? [];
  const photoIds = input.photos ?? [];
  if (documentIds.length === 0 && photoIds.length === 0)
    throw new ValidationError("documents", "请至少上传一份文件或一张照片");
  const owner = { ownerType: OWNER, ownerId: campaign.id, actorUserId: session.user.id, now };
  const documents = await attachDocuments(db, {
    ...owner,
    fileIds: documentIds,
    max: MAX_CAMPAIGN_DOCUMENTS,
  });
  const photos = await attachFiles(db, { ...owner, fileIds: photoIds, max: MAX_CAMPAIGN_DOCUMENTS });
  await recordAudit(
    db,
    session,
    {
      action: "campaign.documents_add",
      targetType: "campaign",
      targetId: campaign.id,
      orgUnitId: campaign.scope_unit_id,
      after: { documents: documents.map((d) => d.name).join("、") || null, photos: photos.length || null },
    },
    now,
  );
  return campaignDocuments(db, campaign.id);
}

export async function removeCampaignDocument(
  db: Db,
  session: AuthSession,
  input: { id: number; kind: "document" | "photo"; fileId: number },
  now = new Date(),
) {
  const campaign = await campaignOrThrow(db, input.id);
  await assertManages(db, session, campaign);
  const held = await campaignDocuments(db, campaign.id);
  const name =
    input.kind === "document"
      ? held.documents.find((d) => d.id === input.fileId)?.name
      : held.pictures.some((p) => p.id === input.fileId)
        ? "照片"
        : undefined;
  if (name === undefined) throw new NotFoundError("该文件不属于此创城活动");
  const target = { ownerType: OWNER, ownerId: campaign.id, fileIds: [input.fileId] };
  if (input.kind === "document") await detachDocuments(db, target);
  else await detachFiles(db, target);
  await recordAudit(
    db,
    session,
    {
      action: "campaign.document_remove",
      targetType: "campaign",
      targetId: campaign.id,
      orgUnitId: campaign.scope_unit_id,
      before: input.kind === "document" ? { documents: name } : { photos: 1 },
    },
    now,
  );
  return campaignDocuments(db, campaign.id);
}

/** The files rule of owner type campaign_document: whoever sees the campaign; never a visitor. */
export async function campaignDocumentsVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
): Promise<Set<number>> {
  const visible = new Set<number>();
  if (session === null || ids.length === 0) return visible;
  const scopes = await visibleScopes(db, session);
  const rows = await db
    .selectFrom("campaign")
    .select(["id", "scope_unit_id"])
    .where("id", "in", ids)
    .execute();
  for (const row of rows) if (scopes === "all" || scopes.includes(row.scope_unit_id)) visible.add(row.id);
  return visible;
}
