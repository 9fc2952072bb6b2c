import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { recordAudit } from "../audit/audit-service.js";
import { ValidationError } from "../errors.js";
import { workbookBase64 } from "../excel/workbook.js";
import type { Offload } from "../offload.js";
import { unitNames } from "../org/unit-names.js";
import { assertReadsCopy, campaignOrThrow } from "./campaign-access.js";
import type { RecordRef } from "./campaign-links.js";
import {
  boardEditionBytes,
  campaignFiles,
  confirmedRecords,
  evidenceFiles,
  problemPhotoFiles,
  problemSummaryBytes,
  signInSheetBytes,
  type StoredFile,
} from "./campaign-ledger-records.js";
import { EVIDENCE_KIND_LABELS } from "./rules.js";

// The 台账 package of one 社区's copy of a campaign (or of one 测评项目 of it): what goes into the zip,
// worked out without reading a byte of any file. At the top the index workbook 待审材料索引表.xlsx; then
// a folder per item (01 基础项目/03 宣传栏更新) holding its evidence files as stored and the records of
// the system confirmed as its evidence, written out as small files built only when the zip reaches
// them. The server streams the entries one after another (apps/server/src/ledger-routes.ts), so a
// package of 2 GB never sits in memory.

/** A file already in the file store, copied into the zip as it is. */
export interface StoredLedgerEntry {
  kind: "stored";
  path: string;
  storageKey: string;
  bytes: number;
}

/** A file written for the package (the index, a sign-in sheet), built when the zip reaches it. */
export interface GeneratedLedgerEntry {
  kind: "generated";
  path: string;
  build: () => Promise<Buffer>;
}

export type LedgerEntry = StoredLedgerEntry | GeneratedLedgerEntry;

export interface LedgerIndexRow {
  no: number;
  project: string;
  content: string;
  title: string;
  type: string;
  date: string;
  /** where it is in the zip; "" for an item with nothing filed */
  path: string;
}

export const LEDGER_INDEX_NAME = "待审材料索引表.xlsx";
export const LEDGER_INDEX_HEADER = ["序号", "测评项目", "测评内容", "材料名称", "类型", "日期", "文件路径"];
/** The most characters of one segment of a path inside the zip (Windows' 260-character paths). */
export const LEDGER_SEGMENT_MAX = 60;

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * Text as one segment of a path that Windows and every unzip tool accept: no / \ : * ? " < > | or
 * control characters, no trailing dot or space, not a reserved device name, at most `max` characters.
 */
export function safeSegment(text: string, max = LEDGER_SEGMENT_MAX): string {
  const cleaned = text
    .replace(/\s+/g, " ")
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, "_")
    .trim();
  let s = Array.from(cleaned)
    .slice(0, max)
    .join("")
    .replace(/[. ]+$/, "");
  if (s === "") s = "_";
  return RESERVED.test(s) ? `_${s}`.slice(0, max) : s;
}

/** A file name `base.ext`, the base shortened so that the whole stays within the segment limit. */
export function safeFileName(base: string, extension: string): string {
  return `${safeSegment(base, LEDGER_SEGMENT_MAX - extension.length - 1)}.${extension}`;
}

/** The folder of the campaign's own files, before the items' (01 基础项目 …). */
export const CAMPAIGN_FILES_FOLDER = "00 活动文件";

const pad = (n: number, of: number) => String(n).padStart(Math.max(2, String(of).length), "0");

export interface LedgerInput {
  campaignId: number;
  communityId: number;
  /** one 测评项目 only; every item of the checklist when absent */
  project?: string | undefined;
}

export type LedgerPlan = Awaited<ReturnType<typeof ledgerPlan>>;

/**
 * The package of a 社区's copy, for whoever reads that copy (assertReadsCopy: its staff and grid
 * workers, the street's). Items in checklist order, archived ones left out; numbers are those of
 * the whole checklist, so a 测评项目's package has the same folders as the full one.
 */
export async function ledgerPlan(db: Db, session: AuthSession, input: LedgerInput, offload?: Offload) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertReadsCopy(db, session, campaign, input.communityId);
  const all = await db
    .selectFrom("campaign_item")
    .select(["id", "project", "content"])
    .where("campaign_id", "=", campaign.id)
    .where("community_id", "=", input.communityId)
    .where("archived_at", "is", null)
    .orderBy("sort")
    .orderBy("id")
    .execute();
  const projects = [...new Set(all.map((i) => i.project))];
  if (input.project !== undefined && !projects.includes(input.project)) {
    throw new ValidationError("project", "该社区的测评体系中没有这个测评项目");
  }
  const numbered = all.map((item, i) => ({
    ...item,
    folder: `${pad(projects.indexOf(item.project) + 1, projects.length)} ${safeSegment(item.project, LEDGER_SEGMENT_MAX - 4)}/${pad(i + 1, all.length)} ${safeSegment(item.content, LEDGER_SEGMENT_MAX - 4)}`,
  }));
  const items = numbered.filter((i) => input.project === undefined || i.project === input.project);
  const itemIds = items.map((i) => i.id);

  const [evidence, links, names, own] = await Promise.all([
    evidenceFiles(db, itemIds),
    confirmedRecords(db, itemIds),
    unitNames(db, [input.communityId]),
    // The campaign's own files (实施方案, 工作方案) open the whole package, not a 测评项目's.
    input.project === undefined ? campaignFiles(db, campaign.id) : Promise.resolve([]),
  ]);
  const problemPhotos = await problemPhotoFiles(
    db,
    links.filter((l) => l.recordType === "problem").map((l) => l.recordId),
  );

  const entries: LedgerEntry[] = [];
  const rows: LedgerIndexRow[] = [];
  const taken = new Set<string>();
  /** The path, made unique in the zip (two photos of the same title and day): 名称 (2).jpg. */
  const place = (folder: string, base: string, extension: string) => {
    for (let n = 1; ; n++) {
      const path = `${folder}/${safeFileName(n === 1 ? base : `${base} (${n})`, extension)}`;
      if (!taken.has(path.toLowerCase())) {
        taken.add(path.toLowerCase());
        return path;
      }
    }
  };
  for (const file of own) {
    const path = place(CAMPAIGN_FILES_FOLDER, `${file.date} ${file.name ?? "活动图片"}`, file.extension);
    entries.push({ kind: "stored", path, storageKey: file.storageKey, bytes: file.bytes });
    rows.push({
      no: rows.length + 1,
      project: "活动文件",
      content: "",
      title: file.name ?? "活动图片",
      type: "活动文件",
      date: file.date,
      path,
    });
  }
  for (const item of items) {
    const row = (title: string, type: string, date: string, path: string) =>
      rows.push({
        no: rows.length + 1,
        project: item.project,
        content: item.content,
        title,
        type,
        date,
        path,
      });
    const stored = (file: StoredFile, base: string, title: string, type: string, date: string) => {
      const path = place(item.folder, base, file.extension);
      entries.push({ kind: "stored", path, storageKey: file.storageKey, bytes: file.bytes });
      row(title, type, date, path);
    };
    const generated = (
      base: string,
      extension: string,
      build: () => Promise<Buffer>,
      r: RecordRef,
      type: string,
    ) => {
      const path = place(item.folder, base, extension);
      entries.push({ kind: "generated", path, build });
      row(r.title, type, r.date, path);
    };
    const before = rows.length;
    for (const e of evidence.filter((e) => e.itemId === item.id)) {
      const kind = EVIDENCE_KIND_LABELS[e.kind];
      e.photos.forEach((file, i) => stored(file, `${e.date} ${e.title}-${i + 1}`, e.title, kind, e.date));
      // A document keeps the name it was uploaded with: 2026年宣传栏更新方案.docx.
      for (const doc of e.documents) stored(doc, `${e.date} ${doc.name}`, e.title, kind, e.date);
    }
    for (const r of links.filter((l) => l.itemId === item.id)) {
      if (r.recordType === "activity") {
        generated(
          `${r.date} ${r.title}-签到表`,
          "xlsx",
          () => signInSheetBytes(db, r.recordId, offload),
          r,
          "活动签到表",
        );
      } else if (r.recordType === "board_edition") {
        generated(r.title, "xlsx", () => boardEditionBytes(db, session, r.recordId, offload), r, "黑白榜");
      } else {
        generated(
          `${r.date} ${r.title}-整改记录`,
          "txt",
          () => problemSummaryBytes(db, r.recordId),
          r,
          "问题整改记录",
        );
        const photos = problemPhotos.get(r.recordId) ?? { before: [], after: [] };
        const base = `${r.date} 问题#${r.recordId}`;
        photos.before.forEach((f, i) => stored(f, `${base}-整改前-${i + 1}`, r.title, "整改前照片", r.date));
        photos.after.forEach((f, i) => stored(f, `${base}-整改后-${i + 1}`, r.title, "整改后照片", r.date));
      }
    }
    if (rows.length === before) row("（暂无材料）", "", "", "");
  }

  const communityName = names.get(input.communityId)?.name ?? "";
  const title = `${communityName} ${campaign.name} 待审材料索引表${input.project ? `（${input.project}）` : ""}`;
  entries.unshift({
    kind: "generated",
    path: LEDGER_INDEX_NAME,
    build: () => indexWorkbook(title, rows, offload),
  });
  const parts = [communityName, campaign.name, ...(input.project ? [input.project] : []), "台账"];
  return {
    campaign: { id: campaign.id, name: campaign.name },
    community: { id: input.communityId, name: communityName },
    project: input.project ?? null,
    fileName: `${safeSegment(parts.join("-"), 120)}.zip`,
    /** for clients that do not read filename*: ASCII only */
    asciiFileName: `campaign-${campaign.id}-community-${input.communityId}-ledger.zip`,
    entries,
    rows,
    /** the stored files' bytes, all told (the zip is a little more) */
    storedBytes: entries.reduce((sum, e) => sum + (e.kind === "stored" ? e.bytes : 0), 0),
  };
}

function indexWorkbook(title: string, rows: readonly LedgerIndexRow[], offload?: Offload): Promise<Buffer> {
  return workbookBase64(
    [
      {
        name: "待审材料索引表",
        title: [title],
        header: LEDGER_INDEX_HEADER,
        widths: [6, 14, 22, 36, 12, 12, 60],
        rows: rows.map((r) => [r.no, r.project, r.content, r.title, r.type, r.date, r.path]),
      },
    ],
    offload,
  ).then((b64) => Buffer.from(b64, "base64"));
}

/** The 操作日志 row of a download: who took which package (campaign, 社区, 测评项目, how many files). */
export async function recordLedgerDownload(db: Db, session: AuthSession, plan: LedgerPlan, now = new Date()) {
  await recordAudit(
    db,
    session,
    {
      action: "campaign.ledger_download",
      targetType: "campaign",
      targetId: plan.campaign.id,
      orgUnitId: plan.community.id,
      after: {
        community: plan.community.name,
        project: plan.project ?? "全部测评项目",
        files: plan.entries.length,
      },
    },
    now,
  );
}
