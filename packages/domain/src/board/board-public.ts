import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { BoardEntry } from "../db/database.js";
import { can } from "../auth/authorize.js";
import { maskMobile } from "../auth/rules.js";
import { filesOf, type PhotoRef } from "../files/files-service.js";
import { chinaToday } from "../time.js";
import { boardSettingsOf, communityUnit } from "./board-settings.js";
import type { BoardCache } from "./board-cache.js";
import { publishedAfterPhotos } from "./board-after-photos.js";
import {
  BOARD_CATEGORY_LABELS,
  offBoardReason,
  previousMonth,
  publicSubject,
  redactSubject,
  type BoardCategory,
  type BoardKind,
  type BoardSettings,
} from "./rules.js";

// The board as residents and visitors read it: an edition of one 社区, 白榜 first, each entry with its
// photos, its subject only as the rules allow (publicSubject), and the 黑榜 only for whom the 社区's
// setting allows. Nothing of a 黑榜 subject's name, mobile or account leaves the server from here.

/** Whether `session` may read the 黑榜 of `communityId`: anyone if public, else its residents and its staff. */
export async function readsBlack(
  db: Db,
  session: AuthSession | null,
  communityId: number,
  settings: Pick<BoardSettings, "blackVisibility">,
): Promise<boolean> {
  if (settings.blackVisibility === "public") return true;
  if (session === null) return false;
  if (session.user.communityId === communityId) return true;
  return can(db, session, "board.propose", communityId);
}

interface EntryPlace {
  courtyard_name: string;
  building_name: string | null;
  edition_published_at: string | null;
  /** the linked account's name (a 黑榜 entry), which staff may have written beside another one */
  subject_user_name: string | null;
}

/** Whether an entry (with its edition) is on the board today, by the rules; archived 白榜 stay readable. */
function showing(
  e: BoardEntry & EntryPlace,
  today: string,
  settings: BoardSettings,
  archived: boolean,
): boolean {
  const facts = {
    kind: e.kind,
    state: e.state,
    startDate: e.start_date,
    endDate: e.end_date,
    noticeUntil: e.notice_until,
    editionPublished: e.edition_published_at !== null,
  };
  const why = offBoardReason(facts, today, settings);
  if (why === null) return true;
  // A past month's 白榜 praise stays in its edition; a 黑榜 entry comes off at its end, archive or not.
  return archived && e.kind === "white" && why === "已到期撤榜";
}

function entryRows(db: Db) {
  return db
    .selectFrom("board_entry")
    .innerJoin("org_unit as courtyard", "courtyard.id", "board_entry.courtyard_id")
    .leftJoin("org_unit as building", "building.id", "board_entry.building_id")
    .leftJoin("board_edition", "board_edition.id", "board_entry.edition_id")
    .leftJoin("user as subject_user", "subject_user.id", "board_entry.subject_user_id")
    .selectAll("board_entry")
    .select([
      "courtyard.name as courtyard_name",
      "building.name as building_name",
      "board_edition.published_at as edition_published_at",
      "subject_user.name as subject_user_name",
    ]);
}

/** A mobile or 身份证号 someone typed into a title or description: the board never carries one. */
function hideNumbers(text: string): string {
  return text
    .replace(/\d{17}[\dXx]/g, "（证件号已隐去）")
    .replace(/1[3-9]\d{9}/g, (mobile) => maskMobile(mobile));
}

export interface PublicEntry {
  id: number;
  kind: BoardKind;
  category: BoardCategory;
  categoryLabel: string;
  title: string;
  description: string;
  subject: string;
  courtyardId: number;
  place: string;
  startDate: string | null;
  endDate: string | null;
  rectified: boolean;
  photos: PhotoRef[];
  /** a 已整改 entry's photos of the place put right (from its problem), once confirmed */
  afterPhotos: PhotoRef[];
}

function publicEntry(
  e: BoardEntry & EntryPlace,
  settings: BoardSettings,
  photos: Map<number, PhotoRef[]>,
  labels: Map<string, string>,
  afterPhotos: Map<number, PhotoRef[]>,
): PublicEntry {
  const place = e.building_name ? `${e.courtyard_name} ${e.building_name}` : e.courtyard_name;
  const facts = {
    kind: e.kind,
    subjectKind: e.subject_kind,
    subjectName: e.erased_at === null ? e.subject_name : null,
    consented: e.consent_at !== null,
    placeName: place,
  };
  // The linked account's name goes too where staff wrote another name for the person (刘女士 for 刘芳).
  const linkedName = e.erased_at === null ? e.subject_user_name : null;
  const said = (text: string) => {
    const redacted = redactSubject(text, facts, settings.blackNameDisplay);
    const unlinked = linkedName
      ? redactSubject(redacted, { ...facts, subjectName: linkedName }, settings.blackNameDisplay)
      : redacted;
    return hideNumbers(unlinked);
  };
  return {
    id: e.id,
    kind: e.kind,
    category: e.category,
    categoryLabel: labels.get(e.category) ?? BOARD_CATEGORY_LABELS[e.category],
    title: said(e.title),
    description: said(e.description),
    subject: publicSubject(facts, settings.blackNameDisplay),
    courtyardId: e.courtyard_id,
    place,
    startDate: e.start_date,
    endDate: e.end_date,
    rectified: e.state === "rectified",
    photos: photos.get(e.id) ?? [],
    afterPhotos: afterPhotos.get(e.id) ?? [],
  };
}

/** A 社区's labels of the categories it renamed. */
async function categoryLabels(db: Db, communityId: number): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("board_category")
    .select(["code", "label"])
    .where("community_id", "=", communityId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.label]));
}

export type PublicBoardInput = {
  communityId: number;
  month?: string | undefined;
  courtyardId?: number | undefined;
};
type PublicBoard = Awaited<ReturnType<typeof buildBoard>>;

/** What a board answer rests on, and its answers for a reader who may and who may not read the 黑榜. */
export interface BoardBasis {
  community: { id: number; name: string };
  settings: BoardSettings;
  answers: Map<boolean, PublicBoard>;
}

/**
 * The board of a 社区: the edition of `month` (default: the newest published one up to this month),
 * its entries on the board today (白榜 first), the previous month's 黑榜 entries put right, and counts
 * per category (public even when the 黑榜 itself is not). With a `cache`, an answer built earlier is
 * reused while the 社区's board revision and the day are the same (board-cache.ts).
 */
export async function publicBoard(
  db: Db,
  session: AuthSession | null,
  input: PublicBoardInput,
  now = new Date(),
  cache: BoardCache<BoardBasis> | null = null,
): Promise<PublicBoard> {
  const today = chinaToday(now);
  const key = `${input.communityId}|${input.month ?? ""}|${input.courtyardId ?? ""}|${today}`;
  const revision = cache ? await cache.revision(db, input.communityId) : 0;
  let basis = cache?.get(key, revision);
  if (basis === undefined) {
    const community = await communityUnit(db, input.communityId);
    basis = {
      community: { id: community.id, name: community.name },
      settings: await boardSettingsOf(db, community.id),
      answers: new Map(),
    };
    cache?.set(key, revision, basis);
  }
  const black = await readsBlack(db, session, basis.community.id, basis.settings);
  let answer = basis.answers.get(black);
  if (answer === undefined) {
    answer = await buildBoard(db, basis, black, input, today);
    basis.answers.set(black, answer);
  }
  return answer;
}

async function buildBoard(
  db: Db,
  basis: Pick<BoardBasis, "community" | "settings">,
  black: boolean,
  input: PublicBoardInput,
  today: string,
) {
  const { community, settings } = basis;
  const thisMonth = today.slice(0, 7);
  let editionQuery = db
    .selectFrom("board_edition")
    .select(["id", "month", "title", "published_at"])
    .where("community_id", "=", community.id)
    .where("published_at", "is not", null);
  editionQuery = input.month
    ? editionQuery.where("month", "=", input.month)
    : editionQuery.where("month", "<=", thisMonth).orderBy("month", "desc").limit(1);
  const edition = await editionQuery.executeTakeFirst();
  const empty = {
    white: [] as PublicEntry[],
    black: [] as PublicEntry[],
    rectifiedLastMonth: [] as PublicEntry[],
  };
  if (!edition) {
    return {
      community,
      edition: null,
      blackVisible: black,
      ...empty,
      counts: [] as Array<{ kind: BoardKind; category: BoardCategory; count: number; label: string }>,
    };
  }
  const archived = edition.month < thisMonth;
  let rows = await entryRows(db)
    .where("board_entry.edition_id", "=", edition.id)
    .orderBy("board_entry.id")
    .execute();
  rows = rows.filter((e) => showing(e, today, settings, archived));
  const counts = countByCategory(rows);
  if (input.courtyardId) rows = rows.filter((e) => e.courtyard_id === input.courtyardId);
  // 上期已整改: the previous month's 黑榜 entries that were put right, as communities post them.
  const rectified = black
    ? await entryRows(db)
        .innerJoin("board_edition as previous", "previous.id", "board_entry.edition_id")
        .where("previous.community_id", "=", community.id)
        .where("previous.month", "=", previousMonth(edition.month))
        .where("board_entry.kind", "=", "black")
        .where("board_entry.state", "=", "rectified")
        .where("board_entry.erased_at", "is", null)
        .$if(input.courtyardId !== undefined, (q) =>
          q.where("board_entry.courtyard_id", "=", input.courtyardId!),
        )
        .orderBy("board_entry.id")
        .execute()
    : [];
  const shown = rows.filter((e) => e.kind === "white" || black);
  const photos = await filesOf(
    db,
    "board_entry",
    [...shown, ...rectified].map((e) => e.id),
  );
  const afterPhotos = await publishedAfterPhotos(db, [...shown, ...rectified]);
  const labels = await categoryLabels(db, community.id);
  const toPublic = (e: BoardEntry & EntryPlace) => publicEntry(e, settings, photos, labels, afterPhotos);
  return {
    community,
    edition: {
      id: edition.id,
      month: edition.month,
      title: edition.title,
      publishedAt: edition.published_at!,
    },
    blackVisible: black,
    white: shown.filter((e) => e.kind === "white").map(toPublic),
    black: shown.filter((e) => e.kind === "black").map(toPublic),
    rectifiedLastMonth: rectified.map(toPublic),
    counts: counts.map((c) => ({ ...c, label: labels.get(c.category) ?? BOARD_CATEGORY_LABELS[c.category] })),
  };
}

function countByCategory(rows: ReadonlyArray<{ kind: BoardKind; category: BoardCategory }>) {
  const counts = new Map<BoardCategory, { kind: BoardKind; category: BoardCategory; count: number }>();
  for (const r of rows) {
    const c = counts.get(r.category) ?? { kind: r.kind, category: r.category, count: 0 };
    c.count++;
    counts.set(r.category, c);
  }
  return [...counts.values()];
}

/** The published editions of a 社区, newest first: the archive. */
export async function publicEditions(db: Db, input: { communityId: number }) {
  await communityUnit(db, input.communityId);
  return db
    .selectFrom("board_edition")
    .select(["id", "month", "title", "published_at as publishedAt"])
    .where("community_id", "=", input.communityId)
    .where("published_at", "is not", null)
    .orderBy("month", "desc")
    .execute() as Promise<Array<{ id: number; month: string; title: string; publishedAt: string }>>;
}

/**
 * Which of `ids` (board entries) `session` may see the photos of: staff of the entry's units, its
 * proposer, its linked person, and anyone who may read it on the board today.
 */
export async function boardEntriesVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
  now = new Date(),
): Promise<Set<number>> {
  const today = chinaToday(now);
  const rows = await entryRows(db).where("board_entry.id", "in", ids).execute();
  const visible = new Set<number>();
  for (const e of rows) {
    if (session !== null) {
      if (e.proposer_user_id === session.user.id || e.subject_user_id === session.user.id) {
        visible.add(e.id);
        continue;
      }
      if (await can(db, session, "board.propose", e.courtyard_id)) {
        visible.add(e.id);
        continue;
      }
    }
    const settings = await boardSettingsOf(db, e.community_id);
    const archived = (e.start_date ?? today).slice(0, 7) < today.slice(0, 7);
    // 上期已整改 lists last month's 黑榜 entries put right, past their end: their photos go with them.
    const rectifiedNotice =
      e.kind === "black" &&
      e.state === "rectified" &&
      e.edition_published_at !== null &&
      e.erased_at === null;
    if (!showing(e, today, settings, archived) && !rectifiedNotice) continue;
    if (e.kind === "black" && !(await readsBlack(db, session, e.community_id, settings))) continue;
    visible.add(e.id);
  }
  return visible;
}

/** Which of `ids` (appeals) `session` may see the photos of: the appellant and the entry's moderators. */
export async function boardAppealsVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
): Promise<Set<number>> {
  const visible = new Set<number>();
  if (session === null) return visible;
  const rows = await db
    .selectFrom("board_appeal")
    .innerJoin("board_entry", "board_entry.id", "board_appeal.entry_id")
    .select(["board_appeal.id", "board_appeal.appellant_user_id", "board_entry.community_id"])
    .where("board_appeal.id", "in", ids)
    .execute();
  for (const r of rows) {
    if (r.appellant_user_id === session.user.id || (await can(db, session, "board.moderate", r.community_id)))
      visible.add(r.id);
  }
  return visible;
}

/** Which of `ids` (entries) `session` may see the original photos of: the entry's staff only. */
export async function boardOriginalsVisibleTo(
  db: Db,
  session: AuthSession | null,
  ids: number[],
): Promise<Set<number>> {
  const visible = new Set<number>();
  if (session === null) return visible;
  const rows = await db
    .selectFrom("board_entry")
    .select(["id", "courtyard_id"])
    .where("id", "in", ids)
    .execute();
  for (const r of rows) if (await can(db, session, "board.propose", r.courtyard_id)) visible.add(r.id);
  return visible;
}
