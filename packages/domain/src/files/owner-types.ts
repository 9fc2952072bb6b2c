/**
 * What a photo can be attached to: `file.owner_type`. Each kind gets a FileAccessRule in
 * src/file-access.ts saying who may see its photos; a kind without a rule shows its photos to nobody
 * but the uploader. A feature that attaches photos to something new adds its kind here.
 */
export const FILE_OWNER_TYPES = [
  "problem",
  "problem_step",
  "board_entry",
  /** a 黑榜 photo as taken, kept for staff after a masked version replaced it on the entry */
  "board_entry_original",
  "board_appeal",
  /** a 已整改 黑榜 entry's photos after: copies of its problem's 整改上报 photos */
  "board_entry_after",
  /** evidence (台账) filed under an item of a 社区's campaign checklist */
  "campaign_evidence",
  /** a campaign's own documents and pictures (its 实施方案, 工作方案) */
  "campaign_document",
  /** a manual tick of a recurring duty (入户走访 done): its photos */
  "duty_tick",
  /** a task's progress report (汇报进展): its photos */
  "task_step",
] as const;
export type FileOwnerType = (typeof FILE_OWNER_TYPES)[number];
