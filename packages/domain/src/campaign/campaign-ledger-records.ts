import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { maskName } from "../auth/rules.js";
import { publicBoard } from "../board/board-public.js";
import { workbookBase64, type Sheet } from "../excel/workbook.js";
import type { Offload } from "../offload.js";
import { beforeAfterPhotos } from "../problem/problem-photos.js";
import { PROBLEM_CATEGORY_DEFAULTS } from "../problem/rules.js";
import { chinaDateTimeText, chinaToday } from "../time.js";
import { DOCUMENT_TYPES } from "../files/limits.js";
import { recordsById, type RecordRef } from "./campaign-links.js";
import { LINK_RECORD_TYPES, type LinkRecordType } from "./rules.js";

// The records of the system confirmed as an item's evidence, written out as small files for the 台账
// package: an activity's sign-in sheet, a 黑白榜 edition as it was published, a closed problem's
// summary with its before and after photos. Each is built when the zip reaches it (a function
// returning a Buffer), so a plan of a thousand records stays small. Only what may leave the office is
// written: names masked (maskName), the board through its public view, a problem by its category and
// place, never what its reporter wrote. Also what the package reads of the database: the evidence
// filed, the campaign's own files and the records confirmed, each with its files as stored.

// Built on the offload's worker thread when the caller has one (the server), so a long package does
// not hold the event loop sheet after sheet.
const xlsx = async (sheet: Sheet, offload?: Offload) =>
  Buffer.from(await workbookBase64([sheet], offload), "base64");

/** An activity's 签到表: who signed in and out, for how long; names masked. */
export async function signInSheetBytes(db: Db, activityId: number, offload?: Offload): Promise<Buffer> {
  const activity = await db
    .selectFrom("activity")
    .select(["title", "starts_at", "ends_at", "place_text"])
    .where("id", "=", activityId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("activity_signup")
    .leftJoin("volunteer", "volunteer.id", "activity_signup.volunteer_id")
    .select([
      "volunteer.name",
      "activity_signup.check_in_at",
      "activity_signup.check_out_at",
      "activity_signup.minutes",
      "activity_signup.confirmed_minutes",
    ])
    .where("activity_signup.activity_id", "=", activityId)
    .where("activity_signup.status", "=", "signed")
    .orderBy("activity_signup.signed_at")
    .orderBy("activity_signup.id")
    .execute();
  const minutes = (r: (typeof rows)[number]) => r.confirmed_minutes ?? r.minutes;
  return xlsx(
    {
      name: "签到表",
      title: [
        `${activity.title} 签到表`,
        `时间：${chinaDateTimeText(activity.starts_at)} 至 ${chinaDateTimeText(activity.ends_at)}`,
        `地点：${activity.place_text || "—"}，签到人数：${rows.filter((r) => r.check_in_at).length}`,
      ],
      header: ["序号", "姓名", "签到", "签退", "时长（小时）"],
      widths: [6, 10, 18, 18, 12],
      rows: rows.map((r, i) => [
        i + 1,
        r.name ? maskName(r.name) : "（已注销）",
        chinaDateTimeText(r.check_in_at),
        chinaDateTimeText(r.check_out_at),
        minutes(r) === null ? null : Math.round((minutes(r)! / 60) * 100) / 100,
      ]),
    },
    offload,
  );
}

/** A 黑白榜 edition's entries as its board shows them (subjects as the public sees them). */
export async function boardEditionBytes(
  db: Db,
  session: AuthSession,
  editionId: number,
  offload?: Offload,
): Promise<Buffer> {
  const edition = await db
    .selectFrom("board_edition")
    .select(["community_id", "month", "title", "published_at"])
    .where("id", "=", editionId)
    .executeTakeFirstOrThrow();
  const board = await publicBoard(db, session, { communityId: edition.community_id, month: edition.month });
  const entries = [...board.white, ...board.black];
  return xlsx(
    {
      name: "黑白榜",
      title: [edition.title, `月份：${edition.month}，发布时间：${chinaDateTimeText(edition.published_at)}`],
      header: ["序号", "榜单", "类别", "标题", "对象", "位置", "公示开始", "公示结束", "已整改"],
      widths: [6, 8, 12, 30, 16, 22, 12, 12, 8],
      rows: entries.map((e, i) => [
        i + 1,
        e.kind === "white" ? "白榜" : "黑榜",
        e.categoryLabel,
        e.title,
        e.subject,
        e.place,
        e.startDate,
        e.endDate,
        e.rectified ? "是" : "",
      ]),
    },
    offload,
  );
}

/** A closed problem's summary (.txt): by number, category and place, its dates and whether on time. */
export async function problemSummaryBytes(db: Db, problemId: number): Promise<Buffer> {
  const p = await db
    .selectFrom("problem")
    .innerJoin("org_unit as courtyard", "courtyard.id", "problem.courtyard_id")
    .leftJoin("org_unit as building", "building.id", "problem.building_id")
    .select([
      "problem.id",
      "problem.category",
      "problem.created_at",
      "problem.deadline",
      "problem.closed_at",
      "courtyard.name as courtyard_name",
      "building.name as building_name",
    ])
    .where("problem.id", "=", problemId)
    .executeTakeFirstOrThrow();
  const closed = chinaDateTimeText(p.closed_at);
  const onTime =
    p.deadline !== null && p.closed_at !== null && chinaToday(new Date(p.closed_at)) <= p.deadline;
  const lines = [
    `问题编号：#${p.id}`,
    `类别：${PROBLEM_CATEGORY_DEFAULTS[p.category].label}`,
    `位置：${[p.courtyard_name, p.building_name].filter(Boolean).join(" ")}`,
    `发现时间：${chinaDateTimeText(p.created_at)}`,
    `处置时限：${p.deadline ?? "—"}`,
    `办结时间：${closed || "—"}`,
    `是否按期办结：${p.deadline === null ? "—" : onTime ? "是" : "否"}`,
  ];
  // CRLF and a BOM: opens as UTF-8 in Windows Notepad.
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

/** The stored before/after photos of closed problems, with the keys the zip reads them by. */
export async function problemPhotoFiles(db: Db, problemIds: readonly number[]) {
  const photos = await beforeAfterPhotos(db, problemIds);
  const ids = [...photos.values()].flatMap((p) => [...p.before, ...p.after].map((f) => f.id));
  const stored = await storedFiles(db, ids);
  const out = new Map<number, { before: StoredFile[]; after: StoredFile[] }>();
  for (const [problemId, p] of photos) {
    const pick = (refs: ReadonlyArray<{ id: number }>) =>
      refs.map((r) => stored.get(r.id)).filter((f): f is StoredFile => f !== undefined);
    out.set(problemId, { before: pick(p.before), after: pick(p.after) });
  }
  return out;
}

export interface StoredFile {
  id: number;
  storageKey: string;
  bytes: number;
  /** the extension its name gets: jpg, webp (documents: pdf, docx, xlsx) */
  extension: string;
  /** a document's name as uploaded, without its extension; photos have none */
  name?: string;
}

const EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/webp": "webp" };

/** Photos by id: the original stored image (not the thumbnail), its size and extension. */
export async function storedFiles(db: Db, ids: readonly number[]): Promise<Map<number, StoredFile>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("file")
    .select(["id", "storage_key", "byte_size", "mime"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, storageKey: r.storage_key, bytes: r.byte_size, extension: EXTENSIONS[r.mime] ?? "jpg" },
    ]),
  );
}

/** A stored document as the package names it: its uploaded name without the extension its type gives. */
function documentFile(d: {
  id: number;
  storage_key: string;
  byte_size: number;
  name: string;
  mime: string;
}): StoredFile {
  return {
    id: d.id,
    storageKey: d.storage_key,
    bytes: d.byte_size,
    extension: DOCUMENT_TYPES.find((t) => t.mime === d.mime)?.ext ?? "pdf",
    name: d.name.replace(/\.[^.]*$/, ""),
  };
}

/**
 * The evidence of the items, oldest first, each with its files as stored: its photos (the original
 * image, never the thumbnail) and its documents (PDF, DOCX, XLSX, as uploaded), in upload order.
 */
export async function evidenceFiles(db: Db, itemIds: readonly number[]) {
  if (itemIds.length === 0) return [];
  const rows = await db
    .selectFrom("campaign_evidence")
    .select(["id", "item_id", "kind", "title", "evidence_date"])
    .where("item_id", "in", [...itemIds])
    .orderBy("evidence_date")
    .orderBy("id")
    .execute();
  const photos =
    rows.length === 0
      ? []
      : await db
          .selectFrom("file")
          .select(["id", "owner_id"])
          .where("owner_type", "=", "campaign_evidence")
          .where(
            "owner_id",
            "in",
            rows.map((r) => r.id),
          )
          .orderBy("owner_id")
          .orderBy("id")
          .execute();
  const stored = await storedFiles(
    db,
    photos.map((p) => p.id),
  );
  const documents =
    rows.length === 0
      ? []
      : await db
          .selectFrom("document")
          .select(["id", "owner_id", "storage_key", "byte_size", "name", "mime"])
          .where("owner_type", "=", "campaign_evidence")
          .where(
            "owner_id",
            "in",
            rows.map((r) => r.id),
          )
          .orderBy("owner_id")
          .orderBy("id")
          .execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    kind: r.kind,
    title: r.title,
    date: r.evidence_date,
    photos: photos
      .filter((p) => p.owner_id === r.id)
      .map((p) => stored.get(p.id))
      .filter((f): f is StoredFile => f !== undefined),
    documents: documents.filter((d) => d.owner_id === r.id).map(documentFile),
  }));
}

/** The campaign's own documents (as uploaded, by name) and pictures, in upload order, dated the day attached. */
export async function campaignFiles(
  db: Db,
  campaignId: number,
): Promise<Array<StoredFile & { date: string }>> {
  const [photos, documents] = await Promise.all([
    db
      .selectFrom("file")
      .select(["id", "attached_at", "created_at"])
      .where("owner_type", "=", "campaign_document")
      .where("owner_id", "=", campaignId)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("document")
      .select(["id", "storage_key", "byte_size", "name", "mime", "attached_at", "created_at"])
      .where("owner_type", "=", "campaign_document")
      .where("owner_id", "=", campaignId)
      .orderBy("id")
      .execute(),
  ]);
  const stored = await storedFiles(
    db,
    photos.map((p) => p.id),
  );
  const day = (r: { attached_at: string | null; created_at: string }) =>
    chinaToday(new Date(r.attached_at ?? r.created_at));
  return [
    ...documents.map((d) => ({ ...documentFile(d), date: day(d) })),
    ...photos.flatMap((p) => {
      const file = stored.get(p.id);
      return file ? [{ ...file, date: day(p) }] : [];
    }),
  ];
}

/** The records confirmed as evidence of the items, oldest first, with their titles and dates. */
export async function confirmedRecords(db: Db, itemIds: readonly number[]) {
  if (itemIds.length === 0) return [];
  const links = await db
    .selectFrom("campaign_link")
    .select(["item_id", "record_type", "record_id"])
    .where("item_id", "in", [...itemIds])
    .where("state", "=", "confirmed")
    .execute();
  const byType = await Promise.all(
    LINK_RECORD_TYPES.map(async (type) => {
      const ids = [...new Set(links.filter((l) => l.record_type === type).map((l) => l.record_id))];
      return [type, new Map((await recordsById(db, type, ids)).map((r) => [r.recordId, r]))] as const;
    }),
  );
  const records = new Map<LinkRecordType, Map<number, RecordRef>>(byType);
  return links
    .flatMap((l) => {
      const r = records.get(l.record_type)?.get(l.record_id);
      return r ? [{ ...r, itemId: l.item_id }] : [];
    })
    .sort((a, b) => (a.date === b.date ? a.recordId - b.recordId : a.date < b.date ? -1 : 1));
}
