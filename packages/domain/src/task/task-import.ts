import { sql } from "kysely";
import { recordAudit } from "../audit/audit-service.js";
import { ancestorIds, descendantIds, staffReaching } from "../auth/authorize.js";
import { MOBILE_PATTERN } from "../auth/rules.js";
import { assertSees, campaignOrThrow } from "../campaign/campaign-access.js";
import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { type readSheet } from "../excel/workbook.js";
import { inlineOffload, type Offload } from "../offload.js";
import {
  COLUMN_OF_FIELD,
  type ParsedRow,
  type UnitRow,
  parentsFirst,
  parseRows,
  resolveParents,
  resolveUnit,
} from "./task-import-rows.js";
import { createTask } from "./task-service.js";
import {
  MAX_TASK_IMPORT_ROWS,
  REQUIRED_COLUMNS,
  TASK_IMPORT_COLUMNS,
  type TaskImportColumn,
  type TaskImportError,
  assertManagesSome,
  staffNamed,
} from "./task-sheet.js";

// A 任务分解表 imported. An import reads every row, names each task's 上级任务 by its title (a row of
// the same sheet, before or after, or a task the campaign has), its 责任单位 by name and its 责任人
// by name or mobile (task-import-rows.ts), then makes the tasks parents first through createTask, so
// that the same rules hold as for a task made by hand (permission, unit scope, 责任人 of the unit, 4
// levels, 时限). All or nothing: any error, and everything this import wrote is rolled back; every
// error is said with its line and column. The export (task-export.ts) writes the same columns.

export type TaskImportResult =
  { imported: true; created: number } | { imported: false; errors: TaskImportError[] };

class UndoImport extends Error {}

/**
 * Runs `work` so that what it wrote stays only when it says so: inside the caller's transaction a
 * savepoint (the same SQL on both databases), otherwise a transaction of its own.
 */
async function allOrNothing<T>(db: Db, work: (db: Db) => Promise<{ keep: boolean; value: T }>): Promise<T> {
  if (db.isTransaction) {
    await sql.raw("savepoint task_import").execute(db);
    try {
      const { keep, value } = await work(db);
      if (!keep) await sql.raw("rollback to savepoint task_import").execute(db);
      await sql.raw("release savepoint task_import").execute(db);
      return value;
    } catch (error) {
      await sql.raw("rollback to savepoint task_import").execute(db);
      await sql.raw("release savepoint task_import").execute(db);
      throw error;
    }
  }
  let out: { value: T } | null = null;
  try {
    await db.transaction().execute(async (trx) => {
      const { keep, value } = await work(trx);
      out = { value };
      if (!keep) throw new UndoImport();
    });
  } catch (error) {
    if (!(error instanceof UndoImport)) throw error;
  }
  return out!.value;
}

/**
 * Imports a 任务分解表 into a campaign: every row checked; nothing written unless every row is right
 * (`imported: false` with each error's line, column and message). One row of the 操作日志.
 */
export async function importTasks(
  db: Db,
  session: AuthSession,
  input: { campaignId: number; fileBase64: string },
  now = new Date(),
  offload: Offload = inlineOffload,
): Promise<TaskImportResult> {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertSees(db, session, campaign);
  await assertManagesSome(db, session);
  const refused = (errors: TaskImportError[]): TaskImportResult => ({
    imported: false as const,
    errors: [...errors].sort((a, b) => a.line - b.line || columnOrder(a.column) - columnOrder(b.column)),
  });
  let sheet: Awaited<ReturnType<typeof readSheet>>;
  try {
    sheet = await offload.run("readSheet", input.fileBase64);
  } catch {
    return refused([{ line: 0, column: "文件", message: "无法读取，请上传 .xlsx 格式的 Excel 文件" }]);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !sheet.header.includes(c));
  if (missing.length > 0)
    return refused([{ line: 1, column: "表头", message: `缺少列：${missing.join("、")}（请使用导入模板）` }]);
  if (sheet.rows.length === 0) return refused([{ line: 2, column: "文件", message: "表格中没有任务" }]);
  if (sheet.rows.length > MAX_TASK_IMPORT_ROWS)
    return refused([
      {
        line: 0,
        column: "文件",
        message: `最多导入 ${MAX_TASK_IMPORT_ROWS} 行，本表有 ${sheet.rows.length} 行`,
      },
    ]);

  const { parsed, errors } = parseRows(sheet.rows);
  // Titles of every row, also of rows with errors: a child names its parent row whatever its state.
  const allTitles = new Map<string, number[]>();
  for (const { line, cells } of sheet.rows) {
    const title = (cells["任务"] ?? "").trim();
    if (title) allTitles.set(title, [...(allTitles.get(title) ?? []), line]);
  }
  const existingRows = await db
    .selectFrom("task")
    .select(["id", "title"])
    .where("campaign_id", "=", campaign.id)
    .execute();
  const existing = new Map<string, number[]>();
  existingRows.forEach((t) => existing.set(t.title, [...(existing.get(t.title) ?? []), t.id]));
  const parents = resolveParents(parsed, allTitles, existing);
  errors.push(...parents.errors);

  // Units, people and checklist items the sheet names, read once.
  const unitNamesWanted = [...new Set(parsed.flatMap((r) => r.unitCell.split(/[/／]/).map((s) => s.trim())))];
  const units: UnitRow[] = [];
  for (let i = 0; i < unitNamesWanted.length; i += 500) {
    units.push(
      ...(await db
        .selectFrom("org_unit as u")
        .leftJoin("org_unit as p", "p.id", "u.parent_id")
        .select(["u.id", "u.name", "p.name as parent_name"])
        .where("u.name", "in", unitNamesWanted.slice(i, i + 500))
        .orderBy("u.id")
        .execute()),
    );
  }
  const scope = new Set(await descendantIds(db, [campaign.scope_unit_id]));
  const people = await staffNamed(db, [...new Set(parsed.map((r) => r.personCell).filter(Boolean))]);
  const itemTexts = [...new Set(parsed.flatMap((r) => r.items))];
  const items =
    itemTexts.length === 0
      ? []
      : await db
          .selectFrom("campaign_item")
          .select(["id", "content", "community_id"])
          .where("campaign_id", "=", campaign.id)
          .where("archived_at", "is", null)
          .where("content", "in", itemTexts)
          .execute();
  const around = new Map<number, Set<number>>();
  /** The unit, the units above it and those below it: the 社区 copies a task of the unit may link. */
  const unitsAround = async (unitId: number) => {
    if (!around.has(unitId))
      around.set(
        unitId,
        new Set([...(await ancestorIds(db, unitId)), ...(await descendantIds(db, [unitId]))]),
      );
    return around.get(unitId)!;
  };

  const fields = new Map<number, { unitId: number; assigneeUserId: number | null; itemIds: number[] }>();
  for (const r of parsed) {
    const rowErrors: TaskImportError[] = [];
    const fail = (column: TaskImportColumn, message: string) =>
      rowErrors.push({ line: r.line, column, message });
    const unit = resolveUnit(r.unitCell, units, scope);
    if ("error" in unit) fail("责任单位", unit.error);
    let assigneeUserId: number | null = null;
    if (r.personCell !== "") {
      if (MOBILE_PATTERN.test(r.personCell)) {
        const id = people.byMobile.get(r.personCell);
        if (id === undefined) fail("责任人", `找不到手机号为 ${r.personCell} 的工作人员`);
        else assigneeUserId = id;
      } else {
        const ids = people.byName.get(r.personCell) ?? [];
        if (ids.length === 0) fail("责任人", `找不到“${r.personCell}”`);
        else if (ids.length === 1) assigneeUserId = ids[0]!;
        else {
          // Two people of one name: the one whose role reaches the unit, if only one does.
          const reaching: number[] = [];
          if ("id" in unit)
            for (const id of ids) {
              const s = await staffReaching(db, id, "task.handle", unit.id);
              if (s.found && s.reaches) reaching.push(id);
            }
          if (reaching.length === 1) assigneeUserId = reaching[0]!;
          else fail("责任人", `有${ids.length}人名为“${r.personCell}”，请填写其手机号`);
        }
      }
    }
    const itemIds: number[] = [];
    if (r.items.length > 0 && "id" in unit) {
      const near = await unitsAround(unit.id);
      for (const text of r.items) {
        const matches = items.filter((i) => i.content === text);
        const mine = matches.filter((i) => near.has(i.community_id));
        if (matches.length === 0) fail("关联测评内容", `找不到测评内容“${text}”`);
        else if (mine.length === 0) fail("关联测评内容", `测评内容“${text}”不在责任单位所在社区的测评体系中`);
        else itemIds.push(...mine.map((i) => i.id));
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else fields.set(r.line, { unitId: (unit as { id: number }).id, assigneeUserId, itemIds });
  }

  const ordered = parentsFirst(parsed, parents.parentOf);
  return allOrNothing<TaskImportResult>(db, async (tx) => {
    const made = new Map<number, number>();
    for (const r of ordered) {
      const f = fields.get(r.line);
      const parent = parents.parentOf.get(r.line);
      if (!f || parent === undefined) continue;
      // A row under a row with errors is checked once its parent row is right.
      if (parent && "line" in parent && !made.has(parent.line)) continue;
      const parentId = parent === null ? null : "line" in parent ? made.get(parent.line)! : parent.taskId;
      try {
        const { id } = await createTask(
          tx,
          session,
          {
            campaignId: campaign.id,
            parentId,
            title: r.title,
            description: r.description || null,
            unitId: f.unitId,
            assigneeUserId: f.assigneeUserId,
            startOn: r.startOn,
            dueOn: r.dueOn,
            priority: r.priority,
            weight: r.weight,
            itemIds: f.itemIds,
          },
          now,
        );
        made.set(r.line, id);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors.push(refusal(error, r));
      }
    }
    if (errors.length > 0) return { keep: false, value: refused(errors) };
    await recordAudit(
      tx,
      session,
      {
        action: "task.import",
        targetType: "campaign",
        targetId: campaign.id,
        orgUnitId: campaign.scope_unit_id,
        after: { rows: made.size },
      },
      now,
    );
    return { keep: true, value: { imported: true as const, created: made.size } };
  });
}

/** createTask's refusal of a row, put in its column. */
function refusal(error: DomainError, r: ParsedRow): TaskImportError {
  if (error instanceof ValidationError)
    return { line: r.line, column: COLUMN_OF_FIELD[error.field] ?? "任务", message: error.message };
  if (error instanceof ForbiddenError)
    return { line: r.line, column: "责任单位", message: `您无权给“${r.unitCell}”分派任务` };
  if (error instanceof NotFoundError) return { line: r.line, column: "上级任务", message: error.message };
  return { line: r.line, column: "任务", message: error.message };
}

const columnOrder = (c: string) => {
  const i = (TASK_IMPORT_COLUMNS as readonly string[]).indexOf(c);
  return i < 0 ? -1 : i;
};
