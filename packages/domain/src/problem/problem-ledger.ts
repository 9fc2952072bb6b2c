import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ValidationError } from "../errors.js";
import { recordAudit } from "../audit/audit-service.js";
import { assertCan } from "../auth/authorize.js";
import type { Offload } from "../offload.js";
import { workbookBase64 } from "../excel/workbook.js";
import type { FileStorage } from "../files/storage.js";
import { thumbnailBytes } from "../files/thumbnail-bytes.js";
import type { PhotoRef } from "../files/files-service.js";
import { chinaDateTimeText, chinaToday } from "../time.js";
import { categoriesOf } from "./problem-categories.js";
import { problemIds, problemRows, type ProblemFilter, type ProblemRow } from "./problem-list.js";
import { beforeAfterPhotos } from "./problem-photos.js";
import { auditUnitFor } from "./problem-scope.js";
import { PROBLEM_SOURCE_LABELS, PROBLEM_STATE_LABELS, REJECT_REASON_LABELS } from "./rules.js";

// The 整改台账 the inspection accepts: one row per problem of any filter, with a photo before and a
// photo after embedded beside it (thumbnails, so a thousand rows stay a file one can mail).

/** More than this in one file is refused: narrow the filter (a date range) instead. */
export const LEDGER_MAX_ROWS = 5000;
/** How wide a photo is shown in its cell, in pixels. */
const PHOTO_WIDTH = 120;

const HEADER = [
  "序号",
  "问题描述",
  "类别",
  "位置",
  "发现时间",
  "来源",
  "责任人",
  "时限",
  "整改情况",
  "办结时间",
  "整改前照片",
  "整改后照片",
];
const WIDTHS = [6, 36, 14, 24, 17, 8, 10, 12, 36, 17, 18, 18];

/** Where: 楼院 · 楼栋 · place. */
function placeText(r: ProblemRow): string {
  return [r.courtyardName, r.buildingName, r.place].filter(Boolean).join(" · ");
}

/** 整改情况: the state, overdue when it is, and what was done (the latest 整改上报) or why it was refused. */
function progressText(
  r: ProblemRow,
  detail: { submitNote: string | null; rejectReason: string | null; department: string | null },
) {
  const state = PROBLEM_STATE_LABELS[r.state] + (r.overdue ? "（逾期）" : "");
  if (r.state === "rejected") {
    const reason = detail.rejectReason
      ? REJECT_REASON_LABELS[detail.rejectReason as keyof typeof REJECT_REASON_LABELS]
      : "";
    return [state, reason, detail.department ? `已转交${detail.department}` : ""].filter(Boolean).join("：");
  }
  return detail.submitNote ? `${state}：${detail.submitNote}` : state;
}

/** Words for the filter, written under the title (and into the audit row). */
async function filterText(db: Db, f: ProblemFilter): Promise<string> {
  const parts: string[] = [];
  const unitIds = [f.communityId, f.gridId, f.courtyardId].filter((id): id is number => id !== undefined);
  const units = unitIds.length
    ? new Map(
        (await db.selectFrom("org_unit").select(["id", "name"]).where("id", "in", unitIds).execute()).map(
          (u) => [u.id, u.name],
        ),
      )
    : new Map<number, string>();
  for (const id of unitIds) if (units.has(id)) parts.push(units.get(id)!);
  if (f.state) parts.push(PROBLEM_STATE_LABELS[f.state]);
  if (f.overdue) parts.push("逾期");
  if (f.category && f.communityId) {
    const label = (await categoriesOf(db, [f.communityId]))
      .get(f.communityId)
      ?.find((c) => c.code === f.category)?.label;
    if (label) parts.push(label);
  } else if (f.category) parts.push(f.category);
  if (f.source) parts.push(PROBLEM_SOURCE_LABELS[f.source]);
  if (f.from || f.to) parts.push(`发现时间 ${f.from ?? "…"} 至 ${f.to ?? "…"}`);
  return parts.length ? parts.join("，") : "全部";
}

/**
 * The 整改台账 of every problem matching the filter within the caller's reach, as an .xlsx (base64),
 * with the first photo before and the latest photo after of each; the export is written to the 操作日志.
 */
export async function exportLedger(
  db: Db,
  storage: FileStorage | null,
  session: AuthSession,
  f: ProblemFilter,
  now = new Date(),
  offload?: Offload,
) {
  if (f.communityId !== undefined) await assertCan(db, session, "problem.manage", f.communityId);
  const ids = await problemIds(db, session, f, LEDGER_MAX_ROWS + 1, now);
  if (ids.length > LEDGER_MAX_ROWS) {
    throw new ValidationError("from", `符合条件的问题超过${LEDGER_MAX_ROWS}条，请缩小发现时间的范围后再导出`);
  }
  const rows = await problemRows(db, ids, chinaToday(now));
  const extra = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .selectFrom("problem")
            .select(["id", "reject_reason", "referred_department"])
            .where("id", "in", ids)
            .execute()
        ).map((r) => [r.id, r]),
  );
  const submitNotes = new Map<number, string | null>();
  if (ids.length > 0) {
    const steps = await db
      .selectFrom("problem_step")
      .select(["problem_id", "note"])
      .where("problem_id", "in", ids)
      .where("action", "=", "submit")
      .orderBy("id")
      .execute();
    for (const s of steps) submitNotes.set(s.problem_id, s.note);
  }
  const photos = await beforeAfterPhotos(db, ids);
  const chosen = rows.flatMap((r) => {
    const p = photos.get(r.id)!;
    return [p.before[0], p.after.at(-1)].filter((x): x is PhotoRef => x !== undefined);
  });
  const bytes = storage
    ? await thumbnailBytes(
        db,
        storage,
        chosen.map((p) => p.id),
      )
    : new Map<number, Buffer>();
  const images = rows.flatMap((r, i) => {
    const p = photos.get(r.id)!;
    return (
      [
        [10, p.before[0]],
        [11, p.after.at(-1)],
      ] as const
    ).flatMap(([col, photo]) => {
      const data = photo ? bytes.get(photo.id) : undefined;
      if (!photo || !data) return [];
      const height = Math.round((PHOTO_WIDTH * photo.height) / Math.max(1, photo.width));
      return [{ row: i, col, data, extension: "jpeg" as const, width: PHOTO_WIDTH, height }];
    });
  });
  const filter = await filterText(db, f);
  const base64 = await workbookBase64(
    [
      {
        name: "整改台账",
        title: [
          "问题整改台账",
          `筛选条件：${filter}`,
          `导出时间：${chinaDateTimeText(now.toISOString())}，共${rows.length}条`,
        ],
        header: HEADER,
        widths: WIDTHS,
        rows: rows.map((r, i) => {
          const e = extra.get(r.id);
          return [
            i + 1,
            r.description,
            r.categoryLabel,
            placeText(r),
            chinaDateTimeText(r.createdAt),
            PROBLEM_SOURCE_LABELS[r.source],
            r.assigneeName ?? "",
            r.deadline ?? "",
            progressText(r, {
              submitNote: submitNotes.get(r.id) ?? null,
              rejectReason: e?.reject_reason ?? null,
              department: e?.referred_department ?? null,
            }),
            chinaDateTimeText(r.closedAt),
            "",
            "",
          ];
        }),
        images,
      },
    ],
    offload,
  );
  await recordAudit(
    db,
    session,
    {
      action: "problem.export",
      targetType: "org_unit",
      targetId: auditUnitFor(session, f.communityId),
      orgUnitId: auditUnitFor(session, f.communityId),
      after: { filter, rows: rows.length },
    },
    now,
  );
  return { fileName: `问题整改台账-${chinaToday(now).replaceAll("-", "")}.xlsx`, base64 };
}
