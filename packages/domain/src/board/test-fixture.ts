import type { Kysely } from "kysely";
import type { Database } from "../db/database.js";
import { communityOf } from "../auth/authorize.js";
import { chinaToday } from "../time.js";
import {
  addDays,
  editionTitle,
  kindOfCategory,
  type BoardCategory,
  type BoardState,
  type SubjectKind,
} from "./rules.js";

// For the board's tests and the permission table: entries, editions and appeals written as if they had
// come that far, without going through the moves (the moves have their own tests in board-flow.test.ts).

/** The edition of `month` (YYYY-MM, default this month) of `communityId`, published if `publishedBy` is given. */
export async function makeBoardEdition(
  db: Kysely<Database>,
  opts: { communityId: number; month?: string; createdBy?: number | null; publishedBy?: number | null },
): Promise<number> {
  const month = opts.month ?? chinaToday().slice(0, 7);
  const community = await db
    .selectFrom("org_unit")
    .select("name")
    .where("id", "=", opts.communityId)
    .executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const row = await db
    .insertInto("board_edition")
    .values({
      community_id: opts.communityId,
      month,
      title: editionTitle(month, community.name),
      created_by: opts.createdBy ?? null,
      created_at: at,
      published_by: opts.publishedBy ?? null,
      published_at: opts.publishedBy ? at : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface BoardEntryOptions {
  courtyardId: number;
  category: BoardCategory;
  proposerId: number | null;
  /** 待审核 unless told */
  state?: BoardState;
  title?: string;
  description?: string;
  /** default: a place for a 黑榜 entry, a person for a 白榜 one */
  subjectKind?: SubjectKind;
  subjectName?: string | null;
  subjectUserId?: number | null;
  consented?: boolean;
  editionId?: number | null;
  /** 公示 from (default today for a published entry) and to (default 30 days on) */
  startDate?: string | null;
  endDate?: string | null;
  noticeUntil?: string | null;
  photosConfirmed?: boolean;
  problemId?: number | null;
}

/** A board entry in the state given; a published one is up today unless its dates say otherwise. */
export async function makeBoardEntry(db: Kysely<Database>, opts: BoardEntryOptions): Promise<number> {
  const communityId = await communityOf(db, opts.courtyardId);
  if (communityId === null) throw new Error("makeBoardEntry: the courtyard is in no 社区");
  const kind = kindOfCategory(opts.category);
  const state = opts.state ?? "pending";
  const placed =
    state === "published" || state === "appealing" || state === "rectified" || state === "withdrawn";
  const today = chinaToday();
  const at = new Date().toISOString();
  const row = await db
    .insertInto("board_entry")
    .values({
      community_id: communityId,
      courtyard_id: opts.courtyardId,
      building_id: null,
      kind,
      category: opts.category,
      title: opts.title ?? (kind === "black" ? "楼道堆放杂物" : "帮助邻居"),
      description: opts.description ?? (kind === "black" ? "楼道长期堆放纸箱。" : "每周帮邻居买菜。"),
      subject_kind: opts.subjectKind ?? (kind === "black" ? "place" : "person"),
      subject_name: opts.subjectName ?? null,
      subject_user_id: opts.subjectUserId ?? null,
      subject_volunteer_id: null,
      consent_by: opts.consented ? opts.proposerId : null,
      consent_at: opts.consented ? at : null,
      source: opts.problemId ? "problem" : "staff",
      proposer_user_id: opts.proposerId,
      problem_id: opts.problemId ?? null,
      state,
      reject_reason: state === "rejected" ? "不符合条件" : null,
      edition_id: opts.editionId ?? null,
      start_date: opts.startDate !== undefined ? opts.startDate : placed ? today : null,
      end_date: opts.endDate !== undefined ? opts.endDate : placed ? addDays(today, 29) : null,
      notice_until: opts.noticeUntil ?? null,
      photos_confirmed_by: opts.photosConfirmed ? opts.proposerId : null,
      photos_confirmed_at: opts.photosConfirmed ? at : null,
      approved_by: null,
      approved_at: placed ? at : null,
      rectified_at: state === "rectified" ? at : null,
      withdrawn_at: state === "withdrawn" ? at : null,
      erased_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An open 申诉 by `appellantId` against `entryId` (which should be 申诉中). */
export async function makeBoardAppeal(
  db: Kysely<Database>,
  opts: { entryId: number; appellantId: number; reason?: string },
): Promise<number> {
  const row = await db
    .insertInto("board_appeal")
    .values({
      entry_id: opts.entryId,
      appellant_user_id: opts.appellantId,
      reason: opts.reason ?? "不是我家的东西",
      created_at: new Date().toISOString(),
      decision: null,
      decision_reason: null,
      decided_by: null,
      decided_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
