import type { PhotoRef } from "../files/files-service.js";
import { problemRows } from "../problem/problem-list.js";
import { beforeAfterPhotos } from "../problem/problem-photos.js";
import { PROBLEM_SOURCE_LABELS, PROBLEM_STATE_LABELS } from "../problem/rules.js";
import { chinaDateTimeText } from "../time.js";
import { LEDGERS } from "./ledger-catalog.js";
import {
  LEDGER_PAGE,
  type LedgerCell,
  type LedgerPhoto,
  type LedgerScope,
  type LedgerSource,
} from "./ledger-common.js";

// 问题整改台账: the problems found (登记) within the period in the unit's 楼院, oldest first, each row as
// the console's lists show it (problemRows), with its first photo before and latest photo after.
// A streamed .xlsx cannot hold pictures (exceljs's streaming writer has no addImage), so the download
// is a zip: the sheet, whose photo cells link to 照片/问题<id>-整改前.jpg, and the 照片 folder.

function problemQuery(s: LedgerScope) {
  return s.db
    .selectFrom("problem")
    .where("problem.courtyard_id", "in", s.unitIds)
    .where("problem.created_at", ">=", s.startIso)
    .where("problem.created_at", "<", s.endIso);
}

/** The ids of the problems, a page at a time (keyset on created_at, id). */
async function* idPages(s: LedgerScope) {
  let after: { createdAt: string; id: number } | null = null;
  for (;;) {
    let q = problemQuery(s).select(["problem.id", "problem.created_at"]);
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([
          eb("problem.created_at", ">", a.createdAt),
          eb.and([eb("problem.created_at", "=", a.createdAt), eb("problem.id", ">", a.id)]),
        ]),
      );
    }
    const page = await q.orderBy("problem.created_at").orderBy("problem.id").limit(LEDGER_PAGE).execute();
    if (page.length === 0) return;
    yield page.map((r) => r.id);
    const last = page.at(-1)!;
    after = { createdAt: last.created_at, id: last.id };
  }
}

const EXTENSION = { "image/jpeg": "jpg", "image/webp": "webp" } as const;

/** The chosen photos of a page's problems, with where each goes in the zip. */
async function pagePhotos(s: LedgerScope, ids: number[]) {
  const photos = await beforeAfterPhotos(s.db, ids);
  const chosen = new Map<number, { before?: PhotoRef; after?: PhotoRef }>();
  for (const id of ids) {
    const p = photos.get(id);
    chosen.set(id, { before: p?.before[0], after: p?.after.at(-1) });
  }
  const fileIds = [...chosen.values()]
    .flatMap((c) => [c.before?.id, c.after?.id])
    .filter((x) => x !== undefined);
  const files = new Map(
    fileIds.length === 0
      ? []
      : (
          await s.db
            .selectFrom("file")
            .select(["id", "storage_key", "mime"])
            .where("id", "in", fileIds)
            .execute()
        ).map((f) => [f.id, f]),
  );
  const out = new Map<number, { before?: LedgerPhoto; after?: LedgerPhoto }>();
  for (const [id, c] of chosen) {
    const place = (photo: PhotoRef | undefined, when: string): LedgerPhoto | undefined => {
      const f = photo && files.get(photo.id);
      return f
        ? { path: `照片/问题${id}-${when}.${EXTENSION[f.mime]}`, storageKey: f.storage_key }
        : undefined;
    };
    out.set(id, { before: place(c.before, "整改前"), after: place(c.after, "整改后") });
  }
  return out;
}

const link = (photo: LedgerPhoto | undefined, text: string): LedgerCell =>
  photo ? { text, hyperlink: photo.path } : "";

export const problemsLedger: LedgerSource = {
  info: LEDGERS.problems,
  permission: LEDGERS.problems.permission,
  unitKinds: LEDGERS.problems.unitKinds,
  async count(s) {
    const row = await problemQuery(s)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async *rows(s) {
    let n = 0;
    for await (const ids of idPages(s)) {
      const rows = await problemRows(s.db, ids, s.today);
      const photos = await pagePhotos(s, ids);
      for (const r of rows) {
        const p = photos.get(r.id);
        yield [
          ++n,
          r.description,
          r.categoryLabel,
          [r.courtyardName, r.buildingName, r.place].filter(Boolean).join(" · "),
          chinaDateTimeText(r.createdAt),
          PROBLEM_SOURCE_LABELS[r.source],
          r.assigneeName ?? "",
          r.deadline ?? "",
          PROBLEM_STATE_LABELS[r.state] + (r.overdue ? "（逾期）" : ""),
          chinaDateTimeText(r.closedAt),
          link(p?.before, "整改前照片"),
          link(p?.after, "整改后照片"),
        ] satisfies LedgerCell[];
      }
    }
  },
  async *photos(s) {
    for await (const ids of idPages(s)) {
      const photos = await pagePhotos(s, ids);
      for (const id of ids) {
        const p = photos.get(id);
        if (p?.before) yield p.before;
        if (p?.after) yield p.after;
      }
    }
  },
};
