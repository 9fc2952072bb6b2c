import type { AuthSession } from "./context.js";
import type { Db } from "./db/open-database.js";
import { fileForViewer, type FileAccessRules, type ServableFile } from "./files/file-viewing.js";
import { documentForViewer, type ServableDocument } from "./files/documents-service.js";
import { problemStepsVisibleTo } from "./problem/problem-photos.js";
import {
  boardAppealsVisibleTo,
  boardEntriesVisibleTo,
  boardOriginalsVisibleTo,
} from "./board/board-public.js";
import { boardAfterPhotosVisibleTo } from "./board/board-after-photos.js";
import { campaignEvidenceVisibleTo } from "./campaign/campaign-evidence.js";
import { campaignDocumentsVisibleTo } from "./campaign/campaign-documents.js";
import { dutyTicksVisibleTo } from "./campaign/duty-ticks.js";
import { taskStepsVisibleTo } from "./task/task-access.js";

/**
 * Who may see the photos attached to each kind of item: one FileAccessRule per owner type, written by
 * the feature that owns the items (it knows who may see them) and composed here, so that the files
 * feature imports none of those features. A rule gets the session (null for a visitor) and a list of
 * item ids, and answers the ids whose photos that session may see, e.g.
 *
 *   problem: (db, session, ids) => problemsVisibleTo(db, session, ids),
 *
 * An owner type missing here shows its photos to their uploader only. Published items (a 黑白榜 entry
 * on the public board) become public through their own rule answering for `session === null`.
 */
export const FILE_ACCESS_RULES: FileAccessRules = {
  // Photos before and after hang on a problem's timeline steps.
  problem_step: problemStepsVisibleTo,
  // A board entry's photos: whoever may read it on the board, its staff, proposer and linked person.
  board_entry: (db, session, ids) => boardEntriesVisibleTo(db, session, ids),
  // A 黑榜 photo as taken, before the mosaic: the entry's staff only.
  board_entry_original: boardOriginalsVisibleTo,
  // An appeal's photos: the appellant and the 社区's moderators.
  board_appeal: boardAppealsVisibleTo,
  // A 已整改 entry's photos after: as its own photos once an admin confirmed them, its staff before.
  board_entry_after: boardAfterPhotosVisibleTo,
  // Evidence filed under a campaign item: whoever reads that 社区's copy of the checklist.
  campaign_evidence: campaignEvidenceVisibleTo,
  // A campaign's own documents (实施方案): whoever sees the campaign.
  campaign_document: campaignDocumentsVisibleTo,
  // A duty's tick photos: whoever reads that 社区's calendar.
  duty_tick: dutyTicksVisibleTo,
  // A task's report photos: whoever sees the task (its units' admins, its 责任人 and 协办, those above).
  task_step: taskStepsVisibleTo,
};

/** fileForViewer with every registered rule: what GET /files/:id serves to this session, or null (404). */
export function servableFile(
  db: Db,
  session: AuthSession | null,
  fileId: number,
  variant: "image" | "thumb",
): Promise<ServableFile | null> {
  return fileForViewer(db, session, fileId, variant, FILE_ACCESS_RULES);
}

/** documentForViewer with every registered rule: what GET /documents/:id serves, or null (404). */
export function servableDocument(
  db: Db,
  session: AuthSession | null,
  documentId: number,
): Promise<ServableDocument | null> {
  return documentForViewer(db, session, documentId, FILE_ACCESS_RULES);
}
