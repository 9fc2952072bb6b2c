import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { recordAudit } from "../audit/audit-service.js";
import { attachFiles } from "../files/files-service.js";
import { notify } from "../notification/notification-service.js";
import { ConflictError, ForbiddenError } from "../errors.js";
import { chinaToday } from "../time.js";
import { assertNotProposer, loadEntry, moderatedEntry, moveEntry } from "./board-scope.js";
import { MAX_PHOTOS, canAppealOn } from "./rules.js";

// Due process for the 黑榜: the person an entry is linked to is told before it shows and may 申诉
// within the notice period, with a reason and photos. While the appeal stands the entry is off the
// board; an admin other than the proposer decides 维持 or 撤销, with a reason, and the appellant is told.

/** 申诉 by the linked person, within the notice period. */
export async function appealEntry(
  db: Db,
  session: AuthSession,
  input: { id: number; reason: string; photos: number[] },
  now = new Date(),
) {
  const entry = await loadEntry(db, input.id);
  // Anyone else reads it as missing: that an entry names someone is not theirs to learn.
  if (entry.kind !== "black" || entry.subject_user_id !== session.user.id)
    throw new ForbiddenError("只有被关联的居民本人可以申诉");
  if (entry.state !== "published") throw new ConflictError("该条目当前不能申诉");
  // One appeal per entry: once decided (维持), the decision stands; the 社区 can still be asked directly.
  const earlier = await db
    .selectFrom("board_appeal")
    .select("id")
    .where("entry_id", "=", entry.id)
    .executeTakeFirst();
  if (earlier) throw new ConflictError("该条目已申诉并处理，如仍有异议请联系社区");
  if (!canAppealOn(entry.notice_until, chinaToday(now)))
    throw new ConflictError(`申诉期已过（截止${entry.notice_until ?? ""}），如有异议请联系社区`);
  const moved = await moveEntry(db, entry, "appeal", {}, now);
  const appeal = await db
    .insertInto("board_appeal")
    .values({
      entry_id: entry.id,
      appellant_user_id: session.user.id,
      reason: input.reason.trim(),
      created_at: now.toISOString(),
      decision: null,
      decision_reason: null,
      decided_by: null,
      decided_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.photos.length > 0) {
    await attachFiles(db, {
      fileIds: input.photos,
      ownerType: "board_appeal",
      ownerId: appeal.id,
      actorUserId: session.user.id,
      max: MAX_PHOTOS,
      now,
    });
  }
  return { appealId: appeal.id, state: moved.state };
}

/** An admin other than the proposer decides: 维持 (the entry shows again) or 撤销 (it comes off). */
export async function decideAppeal(
  db: Db,
  session: AuthSession,
  input: { id: number; decision: "upheld" | "revoked"; reason: string },
  now = new Date(),
) {
  const entry = await moderatedEntry(db, session, input.id);
  assertNotProposer(entry, session, "申诉处理");
  const appeal = await db
    .selectFrom("board_appeal")
    .selectAll()
    .where("entry_id", "=", entry.id)
    .where("decision", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!appeal || entry.state !== "appealing") throw new ConflictError("该条目没有待处理的申诉");
  const reason = input.reason.trim();
  const moved = await moveEntry(
    db,
    entry,
    input.decision === "upheld" ? "uphold" : "revoke",
    input.decision === "revoked" ? { withdrawn_at: now.toISOString() } : {},
    now,
  );
  await db
    .updateTable("board_appeal")
    .set({
      decision: input.decision,
      decision_reason: reason,
      decided_by: session.user.id,
      decided_at: now.toISOString(),
    })
    .where("id", "=", appeal.id)
    .execute();
  if (appeal.appellant_user_id !== null) {
    await notify(
      db,
      {
        userIds: [appeal.appellant_user_id],
        kind: "board_appeal_decided",
        title: input.decision === "upheld" ? "申诉未被采纳" : "申诉已被采纳",
        body:
          input.decision === "upheld"
            ? `您对“${entry.title}”的申诉经复核未被采纳：${reason}`
            : `您对“${entry.title}”的申诉已被采纳，该条目已撤销：${reason}`,
        link: `/board/notices/${entry.id}`,
        eventKey: `board:${entry.id}:appeal:${appeal.id}`,
      },
      now,
    );
  }
  await recordAudit(
    db,
    session,
    {
      action: "board.decide_appeal",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
      after: { decision: input.decision === "upheld" ? "维持" : "撤销", reason },
    },
    now,
  );
  return moved;
}
