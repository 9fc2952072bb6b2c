import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { can } from "../auth/authorize.js";
import { recordAudit } from "../audit/audit-service.js";
import { ConflictError, ForbiddenError, ValidationError } from "../errors.js";
import { assertCategoryEnabled } from "./board-categories.js";
import { CONFLICT_MESSAGE, loadEntry } from "./board-scope.js";
import { BOARD_CATEGORY_LABELS, kindOfCategory, type BoardCategory, type BoardState } from "./rules.js";

// Correcting an entry before it is on the board: its category (within its board), title, description
// and the name of whom it is about. Once published it is refused: what residents read, and what a
// linked person was told and may have appealed against, must stay as it was. A wrong published entry
// is 撤榜 (with a reason, kept for the record) and proposed again.

/** States in which an entry is still a proposal and may be corrected. */
const EDITABLE: readonly BoardState[] = ["draft", "pending", "rejected"];

export const PUBLISHED_EDIT_MESSAGE = "已公示的条目不能修改：如需更正，请撤榜后重新提名（原条目保留备查）";

export interface EntryEdit {
  id: number;
  version?: number | undefined;
  category: BoardCategory;
  title: string;
  description: string;
  subjectName?: string | null | undefined;
}

export async function updateEntry(db: Db, session: AuthSession, input: EntryEdit, now = new Date()) {
  const entry = await loadEntry(db, input.id);
  // The proposer, and the moderators of its 社区 (a typo fixed before approving, not a rejection).
  const mayEdit =
    entry.proposer_user_id === session.user.id ||
    (await can(db, session, "board.moderate", entry.community_id));
  if (!mayEdit) throw new ForbiddenError("只有提名人或本社区管理员可以修改该条目");
  if (!EDITABLE.includes(entry.state)) throw new ConflictError(PUBLISHED_EDIT_MESSAGE);
  if (input.version !== undefined && input.version !== entry.version)
    throw new ConflictError(CONFLICT_MESSAGE);
  if (kindOfCategory(input.category) !== entry.kind) {
    throw new ValidationError("category", entry.kind === "black" ? "请选择黑榜类别" : "请选择白榜类别");
  }
  if (input.category !== entry.category) await assertCategoryEnabled(db, entry.community_id, input.category);
  // Left out, the name stays; a name from the roster stays the roster's.
  const given = input.subjectName === undefined ? entry.subject_name : input.subjectName?.trim() || null;
  const subjectName = entry.subject_volunteer_id === null ? given : entry.subject_name;
  if ((entry.subject_kind === "person" || entry.subject_kind === "household") && subjectName === null) {
    throw new ValidationError(
      "subjectName",
      entry.subject_kind === "person" ? "请填写被表扬人的姓名" : "请填写家庭，如 3号楼2单元 张家",
    );
  }
  const result = await db
    .updateTable("board_entry")
    .set({
      category: input.category,
      title: input.title,
      description: input.description,
      subject_name: subjectName,
      version: entry.version + 1,
      updated_at: now.toISOString(),
    })
    .where("id", "=", entry.id)
    .where("version", "=", entry.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new ConflictError(CONFLICT_MESSAGE);
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  if (input.category !== entry.category) {
    before.category = BOARD_CATEGORY_LABELS[entry.category];
    after.category = BOARD_CATEGORY_LABELS[input.category];
  }
  if (input.title !== entry.title) [before.title, after.title] = [entry.title, input.title];
  if (input.description !== entry.description) {
    [before.description, after.description] = [entry.description, input.description];
  }
  await recordAudit(
    db,
    session,
    {
      action: "board.update",
      targetType: "board_entry",
      targetId: entry.id,
      orgUnitId: entry.community_id,
      before,
      after,
    },
    now,
  );
  return { state: entry.state, version: entry.version + 1 };
}
