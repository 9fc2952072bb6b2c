import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import type { Db } from "../db/open-database.js";
import { recordAudit, redactAuditOf } from "../audit/audit-service.js";
import { detachFiles } from "../files/files-service.js";
import { chinaToday } from "../time.js";
import {
  BOARD_CATEGORY_LABELS,
  DEFAULT_BOARD_SETTINGS,
  ERASED_TEXT,
  addDays,
  erasedTitle,
  retentionOver,
  type BoardCategory,
  type BoardState,
} from "./rules.js";

// The retention period of the 黑榜 (issue 9): once a 黑榜 entry has been off the board for longer than
// its 社区's retention_days, what it says of the person goes: the name, the linked account, the
// volunteer record, the consent, the title and description staff wrote (which may name them), the
// reasons given (rejection, appeal and decision, in the entry and in its audit rows), its photos and
// the appeal's photos. What stays is anonymous: kind, category, 楼院/楼栋, dates and state, so the counts
// per category and month stay right. The server runs it every few hours (board-retention-schedule.ts).

/** Entries erased per transaction: a crash leaves each batch done or not done, never half. */
const BATCH = 200;

/** The keys of a board entry's audit rows that may hold what someone wrote about the person. */
const AUDIT_TEXT_FIELDS = ["reason", "title", "description", "name", "user", "mobile"];

/** States a 黑榜 entry may be erased in: off the board for good, or never on it (retentionFrom). */
const FINISHED: BoardState[] = ["published", "rectified", "withdrawn", "rejected"];

export interface ErasureCounts {
  /** 黑榜 entries erased */
  entries: number;
  /** their appeals whose reasons went */
  appeals: number;
  /** photos taken off them (the files cleanup removes them with their bytes) */
  photos: number;
  /** audit rows whose reasons went */
  auditRows: number;
}

interface Candidate {
  id: number;
  kind: "black" | "white";
  state: BoardState;
  category: BoardCategory;
  category_label: string | null;
  version: number;
  end_date: string | null;
  withdrawn_at: string | null;
  updated_at: string;
  reject_reason: string | null;
}

/**
 * Erases the personal data of every 黑榜 entry past its 社区's retention period (rules.ts
 * retentionOver), one transaction per batch of at most 200 entries of a 社区, each entry with one
 * `board.erase` audit row that holds nothing of the person. Takes the database itself, not a
 * transaction (it opens its own). Running it again, or on two servers at once, erases nothing twice:
 * each entry is taken only where it is still unerased at the version read.
 */
export async function eraseExpiredBoardEntries(
  db: Kysely<Database>,
  now = new Date(),
  opts: { batch?: number } = {},
): Promise<ErasureCounts> {
  const batch = opts.batch ?? BATCH;
  const today = chinaToday(now);
  const counts: ErasureCounts = { entries: 0, appeals: 0, photos: 0, auditRows: 0 };
  const communities = await db
    .selectFrom("org_unit")
    .leftJoin("board_setting", "board_setting.community_id", "org_unit.id")
    .select(["org_unit.id", "board_setting.retention_days"])
    .where("org_unit.kind", "=", "community")
    .orderBy("org_unit.id")
    .execute();
  for (const community of communities) {
    const days = community.retention_days ?? DEFAULT_BOARD_SETTINGS.retentionDays;
    // A superset of what retentionOver takes (a stored time compared with the UTC midnight of the
    // China date, 8 hours late); the rule itself decides below.
    const cutoff = addDays(today, -days);
    const cutoffTime = `${cutoff}T00:00:00.000Z`;
    let after = 0;
    for (;;) {
      const rows: Candidate[] = await db
        .selectFrom("board_entry")
        // The 社区's own label of a category it renamed: the erased title names it as the 社区 does.
        .leftJoin("board_category", (join) =>
          join
            .onRef("board_category.community_id", "=", "board_entry.community_id")
            .onRef("board_category.code", "=", "board_entry.category"),
        )
        .select([
          "board_entry.id",
          "board_entry.kind",
          "board_entry.state",
          "board_entry.category",
          "board_category.label as category_label",
          "board_entry.version",
          "board_entry.end_date",
          "board_entry.withdrawn_at",
          "board_entry.updated_at",
          "board_entry.reject_reason",
        ])
        .where("board_entry.community_id", "=", community.id)
        .where("board_entry.state", "in", FINISHED)
        .where("board_entry.kind", "=", "black")
        .where("board_entry.erased_at", "is", null)
        .where("board_entry.id", ">", after)
        .where((eb) =>
          eb.or([
            eb("board_entry.end_date", "<", cutoff),
            eb.and([
              eb("board_entry.state", "in", ["withdrawn", "rejected"]),
              eb(eb.fn.coalesce("board_entry.withdrawn_at", "board_entry.updated_at"), "<", cutoffTime),
            ]),
          ]),
        )
        .orderBy("board_entry.id")
        .limit(batch)
        .execute();
      const due = rows.filter((r) =>
        retentionOver(
          {
            kind: r.kind,
            state: r.state,
            endDate: r.end_date,
            withdrawnAt: r.withdrawn_at,
            updatedAt: r.updated_at,
          },
          days,
          today,
        ),
      );
      if (due.length > 0) {
        const done = await db.transaction().execute(async (trx) => {
          const batchCounts = { entries: 0, appeals: 0, photos: 0, auditRows: 0 };
          const erased: number[] = [];
          for (const row of due) {
            const entry = await eraseEntry(trx, row, now);
            if (entry === null) continue;
            erased.push(row.id);
            batchCounts.entries++;
            batchCounts.appeals += entry.appeals;
            batchCounts.photos += entry.photos;
          }
          batchCounts.auditRows = await redactAuditOf(
            trx,
            { type: "board_entry", ids: erased, orgUnitId: community.id },
            AUDIT_TEXT_FIELDS,
            ERASED_TEXT,
          );
          for (const id of erased) {
            await recordAudit(
              trx,
              null,
              { action: "board.erase", targetType: "board_entry", targetId: id, orgUnitId: community.id },
              now,
            );
          }
          return batchCounts;
        });
        counts.entries += done.entries;
        counts.appeals += done.appeals;
        counts.photos += done.photos;
        counts.auditRows += done.auditRows;
      }
      const last = rows.at(-1);
      if (!last || rows.length < batch) break;
      after = last.id;
    }
  }
  return counts;
}

/**
 * One entry's erasure, in the batch's transaction; null when it is no longer as read (erased by
 * another run, or moved since: it is looked at again on the next run).
 */
async function eraseEntry(
  db: Db,
  row: Candidate,
  now: Date,
): Promise<{ appeals: number; photos: number } | null> {
  const at = now.toISOString();
  const updated = await db
    .updateTable("board_entry")
    .set({
      title: erasedTitle(row.category_label ?? BOARD_CATEGORY_LABELS[row.category]),
      description: ERASED_TEXT,
      subject_name: null,
      subject_user_id: null,
      subject_volunteer_id: null,
      consent_by: null,
      consent_at: null,
      reject_reason: row.reject_reason === null ? null : ERASED_TEXT,
      erased_at: at,
      version: row.version + 1,
      updated_at: at,
    })
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .where("erased_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return null;

  const appeals = await db.selectFrom("board_appeal").select("id").where("entry_id", "=", row.id).execute();
  if (appeals.length > 0) {
    // The appellant is the person the entry was about; the admin who decided stays on record.
    await db
      .updateTable("board_appeal")
      .set({ reason: ERASED_TEXT, appellant_user_id: null })
      .where("entry_id", "=", row.id)
      .execute();
    await db
      .updateTable("board_appeal")
      .set({ decision_reason: ERASED_TEXT })
      .where("entry_id", "=", row.id)
      .where("decision_reason", "is not", null)
      .execute();
  }
  let photos = 0;
  photos += await detachFiles(db, { ownerType: "board_entry", ownerId: row.id });
  photos += await detachFiles(db, { ownerType: "board_entry_original", ownerId: row.id });
  photos += await detachFiles(db, { ownerType: "board_entry_after", ownerId: row.id });
  for (const appeal of appeals)
    photos += await detachFiles(db, { ownerType: "board_appeal", ownerId: appeal.id });
  return { appeals: appeals.length, photos };
}
