import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { recordAudit } from "../audit/audit-service.js";
import { notify } from "../notification/notification-service.js";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.js";
import { chinaToday } from "../time.js";
import { ensureEdition } from "./board-editions.js";
import { assertNotProposer, loadEntry, moderatedEntry, moveEntry } from "./board-scope.js";
import { boardSettingsOf } from "./board-settings.js";
import { BOARD_STATE_LABELS, addDays } from "./rules.js";

// Moderation: 提交, 审核通过 (by someone other than the proposer) into the edition of the month it starts,
// 驳回 with a reason, 撤榜, 已整改, and the two checks a 黑榜 entry needs before it may show: its photos
// confirmed free of faces and plates, and its linked person told, with a notice period to 申诉.

const versionOf = (input: { version?: number | undefined }) => input.version;

/** 草稿 → 待审核, by its proposer. */
export async function submitEntry(
  db: Db,
  session: AuthSession,
  input: { id: number; version?: number | undefined },
  now = new Date(),
) {
  const entry = await loadEntry(db, input.id);
  if (entry.proposer_user_id !== session.user.id) throw new ForbiddenError("只有提名人可以提交该条目");
  const moved = await moveEntry(db, entry, "submit", {}, now, versionOf(input));
  await recordAudit(
    db,
    session,
    { action: "board.submit", targetType: "board_entry", targetId: entry.id, orgUnitId: entry.community_id },
    now,
  );
  return moved;
}

export interface ApproveInput {
  id: number;
  version?: number | undefined;
  /** 公示 from (default today, China date); a 黑榜 entry with a linked person not before the notice ends */
  startDate?: string | undefined;
  endDate?: string | undefined;
}

/** 审核通过: into the edition of its start month, with its window; a linked person is told first. */
export async function approveEntry(db: Db, session: AuthSession, input: ApproveInput, now = new Date()) {
  const entry = await moderatedEntry(db, session, input.id);
  assertNotProposer(entry, session, "审核");
  const settings = await boardSettingsOf(db, entry.community_id);
  const today = chinaToday(now);
  if (entry.kind === "black") {
    const photos = await db
      .selectFrom("file")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("owner_type", "=", "board_entry")
      .where("owner_id", "=", entry.id)
      .executeTakeFirstOrThrow();
    if (Number(photos.n) > 0 && entry.photos_confirmed_at === null)
      throw new ValidationError("photos", "请先确认照片中的人脸、车牌已打码，再通过审核");
  }
  let start = input.startDate ?? today;
  if (start < today) throw new ValidationError("startDate", "公示开始日期不能早于今天");
  // A linked person has the notice period to 申诉; the entry shows from the day after it ends.
  const noticeUntil =
    entry.kind === "black" && entry.subject_user_id !== null ? addDays(today, settings.noticeDays) : null;
  if (noticeUntil !== null && start <= noticeUntil) start = addDays(noticeUntil, 1);
  const days = entry.kind === "black" ? settings.blackMaxDays : settings.whiteDays;
  const end = input.endDate ?? addDays(start, days - 1);
  if (end < start) throw new ValidationError("endDate", "公示结束日期不能早于开始日期");
  if (entry.kind === "black" && end > addDays(start, settings.blackMaxDays - 1))
    throw new ValidationError("endDate", `黑榜公示期最长${settings.blackMaxDays}天`);
  const editionId = await ensureEdition(db, session, entry.community_id, start.slice(0, 7), now);
  const moved = await moveEntry(
    db,
    entry,
    "approve",
    {
      edition_id: editionId,
      start_date: start,
      end_date: end,
      notice_until: noticeUntil,
      approved_by: session.user.id,
      approved_at: now.toISOString(),
    },
    now,
    versionOf(input),
  );
  if (noticeUntil !== null && entry.subject_user_id !== null) {
    await notify(
      db,
      {
        userIds: [entry.subject_user_id],
        kind: "board_notice",
        title: "黑榜公示告知",
        body: `社区拟将“${entry.title}”列入黑榜，${start}起公示。如有异议，请在${noticeUntil}前提出申诉。`,
        link: `/board/notices/${entry.id}`,
        eventKey: `board:${entry.id}:notice:${moved.version}`,
      },
      now,
    );
  }
  if (entry.source === "nomination" && entry.proposer_user_id !== null) {
    await notify(
      db,
      {
        userIds: [entry.proposer_user_id],
        kind: "board_nomination_decided",
        title: "您的推荐已通过审核",
        body: `您推荐的“${entry.title}”已通过审核，将于${start}起在黑白榜公示。`,
        link: "/board/mine",
        eventKey: `board:${entry.id}:approved`,
      },
      now,
    );
  }
  await recordAudit(
    db,
    session,
    {
      action: "board.approve",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
      before: { status: BOARD_STATE_LABELS[entry.state] },
      after: { status: BOARD_STATE_LABELS[moved.state], startDate: start, endDate: end },
    },
    now,
  );
  return { ...moved, startDate: start, endDate: end, noticeUntil, editionId };
}

/** 驳回 with a reason; a resident who nominated it is told. */
export async function rejectEntry(
  db: Db,
  session: AuthSession,
  input: { id: number; version?: number | undefined; reason: string },
  now = new Date(),
) {
  const entry = await moderatedEntry(db, session, input.id);
  const reason = input.reason.trim();
  const moved = await moveEntry(db, entry, "reject", { reject_reason: reason }, now, versionOf(input));
  if (entry.source === "nomination" && entry.proposer_user_id !== null) {
    await notify(
      db,
      {
        userIds: [entry.proposer_user_id],
        kind: "board_nomination_decided",
        title: "您的推荐未通过审核",
        body: `您推荐的“${entry.title}”未通过审核：${reason}`,
        link: "/board/mine",
        eventKey: `board:${entry.id}:rejected:${moved.version}`,
      },
      now,
    );
  }
  await recordAudit(
    db,
    session,
    {
      action: "board.reject",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
      after: { reason },
    },
    now,
  );
  return moved;
}

/** 撤榜 by an admin, with a reason. */
export async function withdrawEntry(
  db: Db,
  session: AuthSession,
  input: { id: number; version?: number | undefined; reason: string },
  now = new Date(),
) {
  const entry = await moderatedEntry(db, session, input.id);
  const moved = await moveEntry(
    db,
    entry,
    "withdraw",
    { withdrawn_at: now.toISOString() },
    now,
    versionOf(input),
  );
  await recordAudit(
    db,
    session,
    {
      action: "board.withdraw",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
      after: { reason: input.reason.trim() },
    },
    now,
  );
  return moved;
}

/** An admin marks a 黑榜 entry 已整改 (one made from a problem follows it by itself: board-problems.ts). */
export async function rectifyEntry(
  db: Db,
  session: AuthSession,
  input: { id: number; version?: number | undefined },
  now = new Date(),
) {
  const entry = await moderatedEntry(db, session, input.id);
  const moved = await moveEntry(
    db,
    entry,
    "rectify",
    { rectified_at: now.toISOString() },
    now,
    versionOf(input),
  );
  await recordAudit(
    db,
    session,
    { action: "board.rectify", targetType: "board_entry", targetId: entry.id, orgUnitId: entry.community_id },
    now,
  );
  return moved;
}

/** The admin confirms a 黑榜 entry's photos show no face or licence plate (after the mosaic, if any). */
export async function confirmPhotos(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const entry = await moderatedEntry(db, session, input.id);
  if (entry.kind !== "black") throw new ConflictError("只有黑榜照片需要确认打码");
  await db
    .updateTable("board_entry")
    .set({ photos_confirmed_by: session.user.id, photos_confirmed_at: now.toISOString() })
    .where("id", "=", entry.id)
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "board.confirm_photos",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
    },
    now,
  );
  return { confirmedAt: now.toISOString() };
}

/** Staff record that a 白榜 person agreed to be named in full on the board. */
export async function recordConsent(db: Db, session: AuthSession, input: { id: number }, now = new Date()) {
  const entry = await moderatedEntry(db, session, input.id);
  if (entry.kind !== "white" || entry.subject_kind !== "person")
    throw new ConflictError("只有白榜个人条目需要记录实名同意");
  await db
    .updateTable("board_entry")
    .set({ consent_by: session.user.id, consent_at: now.toISOString() })
    .where("id", "=", entry.id)
    .execute();
  await recordAudit(
    db,
    session,
    {
      action: "board.record_consent",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
    },
    now,
  );
  return { consentAt: now.toISOString() };
}
