import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { can } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { attachFiles } from "../files/files-service.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import {
  BOARD_CATEGORY_LABELS,
  MAX_PHOTOS,
  SUBJECT_KINDS_OF,
  kindOfCategory,
  type BoardCategory,
  type BoardKind,
  type BoardSource,
  type SubjectKind,
} from "./rules.js";
import { placeOf } from "./board-scope.js";
import { assertCategoryEnabled } from "./board-categories.js";
import { assertLinkable } from "./board-residents.js";

// Making an entry: staff propose (a grid worker in their 网格, admins in their 社区), residents
// nominate 好人好事 of their own 社区 from the portal (推荐身边好人). Nothing here publishes: see
// board-moderation.ts.

export interface EntryFields {
  category: BoardCategory;
  courtyardId: number;
  buildingId?: number | null | undefined;
  title: string;
  description: string;
  subjectKind: SubjectKind;
  /** a person's name or a household's label (3号楼2单元 张家) */
  subjectName?: string | null | undefined;
  photos: number[];
}

export interface StaffEntryFields extends EntryFields {
  /** 黑榜: the resident account the entry is about (told before it shows, may 申诉) */
  subjectUserId?: number | null | undefined;
  /** 白榜 优秀志愿者 from the roster: the name comes from the record */
  subjectVolunteerId?: number | null | undefined;
  /** 黑榜 from a problem of the same 楼院: the entry follows it to 已整改 */
  problemId?: number | null | undefined;
  /** straight to 待审核 (default) or kept as 草稿 */
  submit?: boolean | undefined;
}

const trimmedOrNull = (text: string | null | undefined) => {
  const t = text?.trim() ?? "";
  return t === "" ? null : t;
};

/** The subject rules of each kind, by field; `named` when the name comes from a record (the roster). */
function checkSubject(kind: BoardKind, input: EntryFields, named = false) {
  if (!SUBJECT_KINDS_OF[kind].includes(input.subjectKind)) {
    throw new ValidationError(
      "subjectKind",
      kind === "black" ? "黑榜条目的对象应为地点（楼院/楼栋）" : "白榜条目的对象应为个人、家庭或楼院",
    );
  }
  if (
    !named &&
    (input.subjectKind === "person" || input.subjectKind === "household") &&
    !trimmedOrNull(input.subjectName)
  ) {
    throw new ValidationError(
      "subjectName",
      input.subjectKind === "person" ? "请填写被表扬人的姓名" : "请填写家庭，如 3号楼2单元 张家",
    );
  }
}

async function insertEntry(
  db: Db,
  session: AuthSession,
  input: StaffEntryFields,
  extra: {
    communityId: number;
    source: BoardSource;
    state: "draft" | "pending";
    subjectName: string | null;
    subjectUserId: number | null;
    subjectVolunteerId: number | null;
    problemId?: number | null;
  },
  now: Date,
) {
  const at = now.toISOString();
  const kind = kindOfCategory(input.category);
  const row = await db
    .insertInto("board_entry")
    .values({
      community_id: extra.communityId,
      courtyard_id: input.courtyardId,
      building_id: input.buildingId ?? null,
      kind,
      category: input.category,
      title: input.title.trim(),
      description: input.description.trim(),
      subject_kind: input.subjectKind,
      subject_name: extra.subjectName,
      subject_user_id: extra.subjectUserId,
      subject_volunteer_id: extra.subjectVolunteerId,
      consent_by: null,
      consent_at: null,
      source: extra.source,
      proposer_user_id: session.user.id,
      problem_id: extra.problemId ?? null,
      state: extra.state,
      reject_reason: null,
      edition_id: null,
      start_date: null,
      end_date: null,
      notice_until: null,
      photos_confirmed_by: null,
      photos_confirmed_at: null,
      approved_by: null,
      approved_at: null,
      rectified_at: null,
      withdrawn_at: null,
      erased_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.photos.length > 0) {
    await attachFiles(db, {
      fileIds: input.photos,
      ownerType: "board_entry",
      ownerId: row.id,
      actorUserId: session.user.id,
      max: MAX_PHOTOS,
      now,
    });
  }
  return row.id;
}

/** A resident account of `communityId`, to link to a 黑榜 entry; refused on subjectUserId otherwise. */
async function linkedResident(db: Db, communityId: number, userId: number) {
  const user = await db
    .selectFrom("user")
    .select(["id", "name", "community_id", "courtyard_id", "deleted_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.deleted_at !== null || user.community_id !== communityId)
    throw new ValidationError("subjectUserId", "关联的居民不在本社区");
  return user;
}

/** An approved volunteer of `communityId` (优秀志愿者 from the roster); refused on subjectVolunteerId otherwise. */
async function rosterVolunteer(db: Db, communityId: number, volunteerId: number) {
  const v = await db
    .selectFrom("volunteer")
    .select(["id", "name", "community_id", "status"])
    .where("id", "=", volunteerId)
    .executeTakeFirst();
  if (!v || v.community_id !== communityId || v.status !== "registered" || v.name === null)
    throw new ValidationError("subjectVolunteerId", "所选志愿者不在本社区的志愿者名册中");
  return { id: v.id, name: v.name };
}

/** Staff propose an entry where they may: a grid worker in a 楼院 of their 网格, an admin in their 社区. */
export async function proposeEntry(db: Db, session: AuthSession, input: StaffEntryFields, now = new Date()) {
  const kind = kindOfCategory(input.category);
  const place = await placeOf(db, input.courtyardId, input.buildingId);
  if (!(await can(db, session, "board.propose", place.courtyardId)))
    throw new ForbiddenError("只能在您负责的楼院提名");
  await assertCategoryEnabled(db, place.communityId, input.category);
  checkSubject(kind, input, Boolean(input.subjectVolunteerId));
  let subjectName = trimmedOrNull(input.subjectName);
  let subjectUserId: number | null = null;
  let subjectVolunteerId: number | null = null;
  if (input.subjectUserId) {
    if (kind !== "black") throw new ValidationError("subjectUserId", "只有黑榜条目可以关联居民账号");
    const user = await linkedResident(db, place.communityId, input.subjectUserId);
    await assertLinkable(db, session, place, user);
    subjectUserId = user.id;
    subjectName ??= user.name;
  }
  if (input.subjectVolunteerId) {
    if (input.category !== "volunteer" || input.subjectKind !== "person")
      throw new ValidationError("subjectVolunteerId", "只有优秀志愿者条目可以从志愿者名册选择");
    const volunteer = await rosterVolunteer(db, place.communityId, input.subjectVolunteerId);
    subjectVolunteerId = volunteer.id;
    subjectName = volunteer.name;
  }
  let problemId: number | null = null;
  if (input.problemId) {
    if (kind !== "black") throw new ValidationError("problemId", "只有黑榜条目可以关联问题");
    const problem = await db
      .selectFrom("problem")
      .select(["id", "courtyard_id", "state"])
      .where("id", "=", input.problemId)
      .executeTakeFirst();
    if (!problem || problem.courtyard_id !== place.courtyardId)
      throw new ValidationError("problemId", "关联的问题不在该楼院");
    problemId = problem.id;
  }
  const state: "draft" | "pending" = input.submit === false ? "draft" : "pending";
  const id = await insertEntry(
    db,
    session,
    input,
    {
      communityId: place.communityId,
      source: problemId === null ? "staff" : "problem",
      state,
      subjectName,
      subjectUserId,
      subjectVolunteerId,
      problemId,
    },
    now,
  );
  await recordAudit(
    db,
    session,
    {
      action: "board.propose",
      targetType: "board_entry",
      targetId: id,
      orgUnitId: place.communityId,
      after: {
        category: BOARD_CATEGORY_LABELS[input.category],
        courtyardId: place.courtyardId,
        status: state,
      },
    },
    now,
  );
  return { id, state };
}

/** 推荐身边好人: a resident nominates a 白榜 entry in a 楼院 of their own 社区; it waits for review. */
export async function nominateEntry(db: Db, session: AuthSession, input: EntryFields, now = new Date()) {
  const own = session.user.communityId;
  if (own === null) throw new ForbiddenError("请先登记您所在的社区，再推荐身边好人");
  if (kindOfCategory(input.category) !== "white") throw new ValidationError("category", "请选择白榜类别");
  const place = await placeOf(db, input.courtyardId, input.buildingId);
  if (place.communityId !== own) throw new ValidationError("courtyardId", "只能推荐本社区的好人好事");
  await assertCategoryEnabled(db, place.communityId, input.category);
  checkSubject("white", input);
  const id = await insertEntry(
    db,
    session,
    input,
    {
      communityId: place.communityId,
      source: "nomination",
      state: "pending",
      subjectName: trimmedOrNull(input.subjectName),
      subjectUserId: null,
      subjectVolunteerId: null,
    },
    now,
  );
  return { id };
}
