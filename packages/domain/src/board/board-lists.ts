import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { filesOf } from "../files/files-service.js";
import { chinaToday } from "../time.js";
import { staffEntry } from "./board-scope.js";
import { boardSettingsOf } from "./board-settings.js";
import { boardOriginalsVisibleTo } from "./board-public.js";
import { unitReach } from "../problem/problem-scope.js";
import { canAppealOn, offBoardReason, type BoardKind, type BoardState } from "./rules.js";

// The console's lists (the moderation queue and every entry of the caller's units), one entry as staff
// see it, and the resident's own: 我的推荐 and the 黑榜 notices about them.

export interface StaffFilter {
  communityId?: number | undefined;
  state?: BoardState | undefined;
  kind?: BoardKind | undefined;
  page: number;
  pageSize: number;
}

/** Entries within the caller's reach (a grid worker's 楼院, an admin's 社区), newest first. */
export async function listEntries(db: Db, session: AuthSession, f: StaffFilter, now = new Date()) {
  // Reach as the problem lists compute it: whole 社区, or single 楼院 for a grid worker.
  const scope = await unitReach(db, session, "board.propose");
  let q = db
    .selectFrom("board_entry")
    .innerJoin("org_unit as courtyard", "courtyard.id", "board_entry.courtyard_id")
    .leftJoin("user as proposer", "proposer.id", "board_entry.proposer_user_id");
  if (scope !== "all") {
    q = q.where((eb) =>
      eb.or([
        ...(scope.communities.length > 0 ? [eb("board_entry.community_id", "in", scope.communities)] : []),
        ...(scope.courtyards.length > 0 ? [eb("board_entry.courtyard_id", "in", scope.courtyards)] : []),
        eb("board_entry.proposer_user_id", "=", session.user.id),
      ]),
    );
  }
  if (f.communityId) q = q.where("board_entry.community_id", "=", f.communityId);
  if (f.state) q = q.where("board_entry.state", "=", f.state);
  if (f.kind) q = q.where("board_entry.kind", "=", f.kind);
  const total = await q.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      "board_entry.id",
      "board_entry.version",
      "board_entry.community_id",
      "board_entry.kind",
      "board_entry.category",
      "board_entry.title",
      "board_entry.subject_kind",
      "board_entry.subject_name",
      "board_entry.source",
      "board_entry.state",
      "board_entry.start_date",
      "board_entry.end_date",
      "board_entry.notice_until",
      "board_entry.created_at",
      "board_entry.proposer_user_id",
      "board_entry.photos_confirmed_at",
      "courtyard.name as courtyard_name",
      "proposer.name as proposer_name",
    ])
    .orderBy("board_entry.created_at", "desc")
    .orderBy("board_entry.id", "desc")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const today = chinaToday(now);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      version: r.version,
      communityId: r.community_id,
      kind: r.kind,
      category: r.category,
      title: r.title,
      subjectKind: r.subject_kind,
      subjectName: r.subject_name,
      source: r.source,
      state: r.state,
      startDate: r.start_date,
      endDate: r.end_date,
      noticeUntil: r.notice_until,
      inNotice: canAppealOn(r.notice_until, today),
      createdAt: r.created_at,
      courtyardName: r.courtyard_name,
      proposerId: r.proposer_user_id,
      proposerName: r.proposer_name,
      photosConfirmed: r.photos_confirmed_at !== null,
    })),
  };
}

/** One entry as staff see it: its subject in full, photos, appeals and whether it is up today. */
export async function entryDetail(db: Db, session: AuthSession, id: number, now = new Date()) {
  const entry = await staffEntry(db, session, id);
  const settings = await boardSettingsOf(db, entry.community_id);
  const edition =
    entry.edition_id === null
      ? null
      : await db
          .selectFrom("board_edition")
          .select(["id", "month", "title", "published_at"])
          .where("id", "=", entry.edition_id)
          .executeTakeFirst();
  const appeals = await db
    .selectFrom("board_appeal")
    .select(["id", "reason", "created_at", "decision", "decision_reason", "decided_at"])
    .where("entry_id", "=", entry.id)
    .orderBy("id")
    .execute();
  // The originals under the rule GET /files serves them by: a proposer outside the 楼院 sees none.
  const seesOriginals = (await boardOriginalsVisibleTo(db, session, [entry.id])).has(entry.id);
  const [photos, appealPhotos, originals] = await Promise.all([
    filesOf(db, "board_entry", [entry.id]),
    filesOf(
      db,
      "board_appeal",
      appeals.map((a) => a.id),
    ),
    seesOriginals ? filesOf(db, "board_entry_original", [entry.id]) : null,
  ]);
  // The photos after, unconfirmed, under the same rule as the originals (board-after-photos.ts).
  const afterPhotos =
    seesOriginals || entry.photos_confirmed_at !== null
      ? await filesOf(db, "board_entry_after", [entry.id])
      : null;
  const offBoard = offBoardReason(
    {
      kind: entry.kind,
      state: entry.state,
      startDate: entry.start_date,
      endDate: entry.end_date,
      noticeUntil: entry.notice_until,
      editionPublished: edition?.published_at != null,
    },
    chinaToday(now),
    settings,
  );
  return {
    id: entry.id,
    version: entry.version,
    communityId: entry.community_id,
    courtyardId: entry.courtyard_id,
    kind: entry.kind,
    category: entry.category,
    title: entry.title,
    description: entry.description,
    subjectKind: entry.subject_kind,
    subjectName: entry.erased_at === null ? entry.subject_name : null,
    linkedResident: entry.subject_user_id !== null,
    consented: entry.consent_at !== null,
    source: entry.source,
    state: entry.state,
    rejectReason: entry.reject_reason,
    startDate: entry.start_date,
    endDate: entry.end_date,
    noticeUntil: entry.notice_until,
    photosConfirmed: entry.photos_confirmed_at !== null,
    proposerId: entry.proposer_user_id,
    edition: edition
      ? { id: edition.id, title: edition.title, published: edition.published_at !== null }
      : null,
    onBoard: offBoard === null,
    offBoardReason: offBoard,
    photos: photos.get(entry.id) ?? [],
    originals: originals?.get(entry.id) ?? [],
    afterPhotos: afterPhotos?.get(entry.id) ?? [],
    appeals: appeals.map((a) => ({
      id: a.id,
      reason: a.reason,
      createdAt: a.created_at,
      decision: a.decision,
      decisionReason: a.decision_reason,
      decidedAt: a.decided_at,
      photos: appealPhotos.get(a.id) ?? [],
    })),
  };
}

/** The resident's own: what they nominated, and the 黑榜 entries linked to them (with 申诉 open or not). */
export async function myBoard(db: Db, session: AuthSession, now = new Date()) {
  const today = chinaToday(now);
  const nominations = await db
    .selectFrom("board_entry")
    .select(["id", "title", "category", "state", "reject_reason", "start_date", "end_date", "created_at"])
    .where("proposer_user_id", "=", session.user.id)
    .where("source", "=", "nomination")
    .orderBy("id", "desc")
    .execute();
  const linked = await db
    .selectFrom("board_entry")
    .innerJoin("org_unit as courtyard", "courtyard.id", "board_entry.courtyard_id")
    .select([
      "board_entry.id",
      "board_entry.title",
      "board_entry.description",
      "board_entry.category",
      "board_entry.state",
      "board_entry.start_date",
      "board_entry.end_date",
      "board_entry.notice_until",
      "courtyard.name as courtyard_name",
    ])
    .where("board_entry.subject_user_id", "=", session.user.id)
    .where("board_entry.kind", "=", "black")
    .where("board_entry.state", "in", ["published", "appealing", "rectified", "withdrawn"])
    .orderBy("board_entry.id", "desc")
    .execute();
  const appeals = await db
    .selectFrom("board_appeal")
    .select(["entry_id", "reason", "decision", "decision_reason", "created_at", "decided_at"])
    .where("appellant_user_id", "=", session.user.id)
    .orderBy("id")
    .execute();
  return {
    nominations: nominations.map((n) => ({
      id: n.id,
      title: n.title,
      category: n.category,
      state: n.state,
      rejectReason: n.reject_reason,
      startDate: n.start_date,
      endDate: n.end_date,
      createdAt: n.created_at,
    })),
    notices: linked.map((e) => ({
      id: e.id,
      title: e.title,
      description: e.description,
      category: e.category,
      state: e.state,
      place: e.courtyard_name,
      startDate: e.start_date,
      endDate: e.end_date,
      noticeUntil: e.notice_until,
      canAppeal:
        e.state === "published" &&
        canAppealOn(e.notice_until, today) &&
        !appeals.some((a) => a.entry_id === e.id),
      appeals: appeals
        .filter((a) => a.entry_id === e.id)
        .map((a) => ({
          reason: a.reason,
          decision: a.decision,
          decisionReason: a.decision_reason,
          createdAt: a.created_at,
          decidedAt: a.decided_at,
        })),
    })),
  };
}
