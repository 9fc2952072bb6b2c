import { sql } from "kysely";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { recordAudit } from "../audit/audit-service.js";
import { ancestorIds, descendantIds, permissionScope, staffReaching } from "../auth/authorize.js";
import { MOBILE_PATTERN, ROLES, roleHas } from "../auth/rules.js";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { assertSees, campaignOrThrow } from "../campaign/campaign-access.js";
import { type readSheet, workbookBase64 } from "../excel/workbook.js";
import { inlineOffload, type Offload } from "../offload.js";
import { isCalendarDate } from "../problem/rules.js";
import { chinaToday } from "../time.js";
import { createTask } from "./task-service.js";
import { taskTree } from "./task-views.js";
import {
  SUPERVISION_COLOUR_LABELS,
  TASK_PRIORITIES,
  TASK_PRIORITY_LABELS,
  TASK_STATE_LABELS,
  TASK_TEXT_MAX,
  TASK_TITLE_MAX,
  type TaskPriority,
} from "./rules.js";
import type { TaskExportFilter } from "./task-excel-schemas.js";

// The 任务分解表 to and from Excel. An import reads every row, names each task's 上级任务 by its title
// (a row of the same sheet, before or after, or a task the campaign has), its 责任单位 by name and its
// 责任人 by name or mobile, then makes the tasks parents first through createTask, so that the same
// rules hold as for a task made by hand (permission, unit scope, 责任人 of the unit, 4 levels, 时限).
// All or nothing: any error, and everything this import wrote is rolled back; every error is said
// with its line and column. The export writes the same columns, plus state, progress and 督办.

export const TASK_IMPORT_COLUMNS = [
  "任务",
  "上级任务",
  "责任单位",
  "责任人",
  "开始日期",
  "时限",
  "优先级",
  "权重",
  "关联测评内容",
  "说明",
] as const;
export type TaskImportColumn = (typeof TASK_IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly TaskImportColumn[] = [
  "任务",
  "上级任务",
  "责任单位",
  "责任人",
  "开始日期",
  "时限",
];
export const TASK_EXPORT_COLUMNS = [...TASK_IMPORT_COLUMNS, "状态", "进度", "督办"] as const;

/** More rows than a campaign's 任务分解表 has: a sheet past it is the wrong file. */
export const MAX_TASK_IMPORT_ROWS = 500;

export interface TaskImportError {
  line: number;
  column: string;
  message: string;
}

const PRIORITY_BY_LABEL = new Map<string, TaskPriority>(
  TASK_PRIORITIES.map((p) => [TASK_PRIORITY_LABELS[p], p]),
);

/** A date as people write it in Excel (2026-12-03, 2026/12/3, 2026年12月3日, a date cell), or null. */
export function parseDateCell(text: string): string | null {
  const t = text.trim();
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (parts) {
    const date = `${parts[1]}-${parts[2]!.padStart(2, "0")}-${parts[3]!.padStart(2, "0")}`;
    return isCalendarDate(date) ? date : null;
  }
  // A number: Excel's serial day (1 = 1900-01-01) in a cell not formatted as a date.
  if (/^\d{5}$/.test(t)) {
    return new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000).toISOString().slice(0, 10);
  }
  // A date cell: exceljs keeps it as midnight UTC and shows it as the JS date text.
  if (/\b\d{4}\b/.test(t) && /[A-Za-z]/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return new Date(ms).toISOString().slice(0, 10);
  }
  return null;
}

/** Several 测评内容 in one cell, separated by 、 or ；. */
export function splitItems(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、；;\n]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

interface ParsedRow {
  line: number;
  title: string;
  parentTitle: string;
  unitCell: string;
  personCell: string;
  startOn: string;
  dueOn: string;
  priority: TaskPriority;
  weight: number | null;
  items: string[];
  description: string;
}

/** The field createTask names in a refusal → the column of the sheet it came from. */
const COLUMN_OF_FIELD: Record<string, TaskImportColumn> = {
  title: "任务",
  parentId: "上级任务",
  unitId: "责任单位",
  assigneeUserId: "责任人",
  startOn: "开始日期",
  dueOn: "时限",
  priority: "优先级",
  weight: "权重",
  itemIds: "关联测评内容",
  description: "说明",
};

/** Each row's own cells checked (text, dates, numbers), every problem of the row said at once. */
function parseRows(rows: Array<{ line: number; cells: Record<string, string> }>) {
  const parsed: ParsedRow[] = [];
  const errors: TaskImportError[] = [];
  for (const { line, cells } of rows) {
    const cell = (c: TaskImportColumn) => (cells[c] ?? "").trim();
    const rowErrors: TaskImportError[] = [];
    const fail = (column: TaskImportColumn, message: string) => rowErrors.push({ line, column, message });
    const title = cell("任务");
    if (title === "") fail("任务", "请填写任务名称");
    else if (title.length > TASK_TITLE_MAX) fail("任务", `任务名称最多${TASK_TITLE_MAX}个字`);
    if (cell("责任单位") === "") fail("责任单位", "请填写责任单位");
    const startOn = parseDateCell(cell("开始日期"));
    if (cell("开始日期") === "") fail("开始日期", "请填写开始日期");
    else if (!startOn) fail("开始日期", `“${cell("开始日期")}”不是有效日期，应为 年-月-日，如 2027-03-01`);
    const dueOn = parseDateCell(cell("时限"));
    if (cell("时限") === "") fail("时限", "请填写时限");
    else if (!dueOn) fail("时限", `“${cell("时限")}”不是有效日期，应为 年-月-日，如 2027-03-31`);
    const priorityText = cell("优先级");
    const priority = priorityText === "" ? "normal" : PRIORITY_BY_LABEL.get(priorityText);
    if (!priority) fail("优先级", `应为 ${Object.values(TASK_PRIORITY_LABELS).join("、")}，或不填`);
    const weightText = cell("权重");
    let weight: number | null = null;
    if (weightText !== "") {
      weight = Number(weightText);
      if (!Number.isFinite(weight)) fail("权重", `“${weightText}”不是数字`);
      else if (weight < 0) fail("权重", "权重不能小于0");
      else if (weight > 1000) fail("权重", "权重最大1000");
    }
    if (cell("说明").length > TASK_TEXT_MAX) fail("说明", `说明最多${TASK_TEXT_MAX}字`);
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    parsed.push({
      line,
      title,
      parentTitle: cell("上级任务"),
      unitCell: cell("责任单位"),
      personCell: cell("责任人"),
      startOn: startOn!,
      dueOn: dueOn!,
      priority: priority!,
      weight,
      items: splitItems(cell("关联测评内容")),
      description: cell("说明"),
    });
  }
  return { parsed, errors };
}

/** Where a row's parent is: a row of the sheet (by line), a task the campaign has, or none. */
type ParentRef = { line: number } | { taskId: number } | null;

/**
 * Each row's 上级任务 by title: a row of the sheet first (before or after it), else a task of the
 * campaign. Titles shared by two candidates and rows that are their own ancestors are errors.
 */
function resolveParents(
  rows: readonly ParsedRow[],
  allTitles: ReadonlyMap<string, number[]>,
  existing: ReadonlyMap<string, number[]>,
) {
  const parentOf = new Map<number, ParentRef>();
  const errors: TaskImportError[] = [];
  for (const r of rows) {
    if (r.parentTitle === "") {
      parentOf.set(r.line, null);
      continue;
    }
    const fail = (message: string) => errors.push({ line: r.line, column: "上级任务", message });
    const inSheet = (allTitles.get(r.parentTitle) ?? []).filter((l) => l !== r.line);
    if (inSheet.length === 0 && r.parentTitle === r.title && !existing.has(r.title)) {
      fail("上级任务不能是本任务");
    } else if (inSheet.length > 1) {
      fail(
        `表中有${inSheet.length}行任务名为“${r.parentTitle}”（第${inSheet.join("、")}行），无法确定上级任务`,
      );
    } else if (inSheet.length === 1) {
      parentOf.set(r.line, { line: inSheet[0]! });
    } else {
      const ids = existing.get(r.parentTitle) ?? [];
      if (ids.length === 1) parentOf.set(r.line, { taskId: ids[0]! });
      else if (ids.length > 1)
        fail(`该活动中已有${ids.length}个任务名为“${r.parentTitle}”，无法确定上级任务`);
      else fail(`找不到“${r.parentTitle}”：上级任务须是本表中的任务或该活动已有的任务`);
    }
  }
  // A chain of rows leading back to itself: each row of the loop is refused.
  const looping = rows.filter((r) => {
    const seen = new Set<number>();
    let at: ParentRef | undefined = parentOf.get(r.line);
    while (at && "line" in at && !seen.has(at.line)) {
      seen.add(at.line);
      at = parentOf.get(at.line);
    }
    return seen.has(r.line);
  });
  for (const r of looping) {
    errors.push({
      line: r.line,
      column: "上级任务",
      message: "上级任务形成循环（如 A 的上级是 B，B 的上级又是 A）",
    });
    parentOf.delete(r.line);
  }
  return { parentOf, errors };
}

/** Rows in the order they are made: each after its parent row, otherwise as in the sheet. */
function parentsFirst(rows: readonly ParsedRow[], parentOf: ReadonlyMap<number, ParentRef>): ParsedRow[] {
  const byLine = new Map(rows.map((r) => [r.line, r]));
  const out: ParsedRow[] = [];
  const placed = new Set<number>();
  const place = (r: ParsedRow, depth: number) => {
    if (placed.has(r.line) || depth > rows.length) return;
    const parent = parentOf.get(r.line);
    if (parent && "line" in parent) {
      const p = byLine.get(parent.line);
      if (p) place(p, depth + 1);
    }
    placed.add(r.line);
    out.push(r);
  };
  for (const r of rows) place(r, 0);
  return out;
}

interface UnitRow {
  id: number;
  name: string;
  parent_name: string | null;
}

/** 责任单位 by name, or "上级单位/名称" when two units of the campaign share the name. */
function resolveUnit(
  cell: string,
  units: readonly UnitRow[],
  scope: ReadonlySet<number>,
): { id: number } | { error: string } {
  const parts = cell.split(/[/／]/).map((s) => s.trim());
  const name = parts[parts.length - 1]!;
  const parentName = parts.length > 1 ? parts[parts.length - 2]! : null;
  const candidates = units.filter(
    (u) => u.name === name && (parentName === null || u.parent_name === parentName),
  );
  if (candidates.length === 0) return { error: `找不到单位“${cell}”` };
  const inScope = candidates.filter((u) => scope.has(u.id));
  if (inScope.length === 1) return { id: inScope[0]!.id };
  if (inScope.length > 1)
    return {
      error: `有${inScope.length}个单位名为“${name}”，请写成“上级单位/${name}”，如“${inScope[0]!.parent_name ?? ""}/${name}”`,
    };
  // Only outside the campaign: createTask says why (范围 or 权限).
  return { id: candidates[0]!.id };
}

const STAFF_ROLES = ROLES.filter((r) => roleHas(r, "task.handle"));

/**
 * The people the sheet names (by mobile or by name) who hold a staff role: by mobile → the one, by
 * name → every person of that name (the row's unit picks among them).
 */
async function staffNamed(db: Db, cells: readonly string[]) {
  const mobiles = cells.filter((c) => MOBILE_PATTERN.test(c));
  const names = cells.filter((c) => !MOBILE_PATTERN.test(c));
  const byMobile = new Map<string, number>();
  const byName = new Map<string, number[]>();
  const staff = (q: ReturnType<typeof base>) =>
    q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("role_grant")
          .select("role_grant.id")
          .whereRef("role_grant.user_id", "=", "user.id")
          .where("role_grant.role", "in", STAFF_ROLES),
      ),
    );
  const base = () =>
    db
      .selectFrom("user")
      .select(["user.id", "user.name", "user.mobile"])
      .where("user.deleted_at", "is", null);
  for (let i = 0; i < mobiles.length; i += 500) {
    const rows = await staff(base())
      .where("user.mobile", "in", mobiles.slice(i, i + 500))
      .execute();
    rows.forEach((u) => byMobile.set(u.mobile, u.id));
  }
  for (let i = 0; i < names.length; i += 500) {
    const rows = await staff(base())
      .where("user.name", "in", names.slice(i, i + 500))
      .orderBy("user.id")
      .execute();
    rows.forEach((u) => byName.set(u.name, [...(byName.get(u.name) ?? []), u.id]));
  }
  return { byMobile, byName };
}

/**
 * The 责任人 column of an export as the import reads it back: the name, or the mobile where another
 * member of staff has the same name (the import would ask which of them is meant).
 */
async function assigneeCells(db: Db, userIds: readonly number[]): Promise<Map<number, string>> {
  const cells = new Map<number, string>();
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const people = await db
      .selectFrom("user")
      .select(["id", "name", "mobile"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
    const { byName } = await staffNamed(
      db,
      people.map((p) => p.name),
    );
    for (const p of people) cells.set(p.id, (byName.get(p.name)?.length ?? 0) > 1 ? p.mobile : p.name);
  }
  return cells;
}

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

async function assertManagesSome(db: Db, session: AuthSession) {
  const scope = await permissionScope(db, session, "task.manage");
  if (scope !== "all" && scope.length === 0) throw new ForbiddenError();
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

/** The import template: the columns (dates as text), the allowed values and an example on a second sheet. */
export async function taskTemplate(db: Db, session: AuthSession, input: { campaignId: number }) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertSees(db, session, campaign);
  await assertManagesSome(db, session);
  const scopeName =
    (
      await db
        .selectFrom("org_unit")
        .select("name")
        .where("id", "=", campaign.scope_unit_id)
        .executeTakeFirst()
    )?.name ?? "";
  const start = campaign.period_start > chinaToday() ? campaign.period_start : chinaToday();
  const due = new Date(Date.parse(start) + 30 * 86_400_000).toISOString().slice(0, 10);
  const base64 = await workbookBase64([
    { name: "任务分解表", header: [...TASK_IMPORT_COLUMNS], widths: WIDTHS, rows: [] },
    {
      name: "填写说明",
      header: ["列", "填写说明"],
      widths: [16, 90],
      rows: [
        ["任务", `必填，最多${TASK_TITLE_MAX}个字`],
        [
          "上级任务",
          "不填为顶层任务；填写本表中另一行的任务名称（可在其后面的行），或该活动已有任务的名称；最多分解到4级",
        ],
        ["责任单位", `必填，${scopeName}或其下级单位的名称；重名时写成“上级单位/单位名称”`],
        ["责任人", "可不填；该单位工作人员的姓名，重名时填写手机号"],
        ["开始日期、时限", "必填，年-月-日，如 2027-03-01；时限不能早于开始日期"],
        ["优先级", `可不填（一般）：${Object.values(TASK_PRIORITY_LABELS).join("、")}`],
        ["权重", "可不填；不小于0的数字，在同一上级任务的子任务中所占的比重"],
        ["关联测评内容", "可不填；测评体系中“测评内容”的原文，多个用、或；分隔"],
        ["说明", `可不填，最多${TASK_TEXT_MAX}字`],
        [],
        ["示例（请在“任务分解表”中按此格式填写，本页不会导入）"],
        [...TASK_IMPORT_COLUMNS],
        ["环境卫生整治", "", scopeName, "", start, due, "重要", "", "", "背街小巷、楼道堆物集中清理"],
      ],
    },
  ]);
  return { fileName: `${campaign.name}-任务分解表导入模板.xlsx`, base64 };
}

const WIDTHS = [24, 20, 16, 12, 12, 12, 8, 8, 30, 30, 10, 8, 16];

/** The tasks of a campaign the caller sees, narrowed by the filter, in tree order, as a 任务分解表. */
export async function exportTasks(
  db: Db,
  session: AuthSession,
  filter: TaskExportFilter,
  now = new Date(),
  offload?: Offload,
) {
  await assertManagesSome(db, session);
  const campaign = await campaignOrThrow(db, filter.campaignId);
  const { tasks } = await taskTree(db, session, { campaignId: campaign.id }, now);
  const titleOf = new Map(tasks.map((t) => [t.id, t.title]));
  const withItem =
    filter.itemId === undefined
      ? null
      : new Set(
          (
            await db.selectFrom("task_item").select("task_id").where("item_id", "=", filter.itemId).execute()
          ).map((r) => r.task_id),
        );
  const chosen = tasks.filter(
    (t) =>
      (filter.unitId === undefined || t.unit.id === filter.unitId) &&
      (filter.assigneeUserId === undefined || t.assignee?.id === filter.assigneeUserId) &&
      (!filter.states?.length || filter.states.includes(t.state)) &&
      (!filter.colours?.length || filter.colours.includes(t.colour ?? "none")) &&
      (filter.dueFrom === undefined || t.dueOn >= filter.dueFrom) &&
      (filter.dueTo === undefined || t.dueOn <= filter.dueTo) &&
      (withItem === null || withItem.has(t.id)),
  );
  const ids = chosen.map((t) => t.id);
  const descriptions = new Map<number, string>();
  const itemsOf = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    (await db.selectFrom("task").select(["id", "description"]).where("id", "in", chunk).execute()).forEach(
      (r) => descriptions.set(r.id, r.description),
    );
    const links = await db
      .selectFrom("task_item")
      .innerJoin("campaign_item", "campaign_item.id", "task_item.item_id")
      .select(["task_item.task_id", "campaign_item.content"])
      .where("task_item.task_id", "in", chunk)
      .orderBy("campaign_item.sort")
      .execute();
    for (const l of links) {
      const list = itemsOf.get(l.task_id) ?? [];
      // A 街道 task linked to the same 测评内容 in each 社区's copy names it once.
      if (!list.includes(l.content)) list.push(l.content);
      itemsOf.set(l.task_id, list);
    }
  }
  const personCell = await assigneeCells(
    db,
    chosen.flatMap((t) => (t.assignee ? [t.assignee.id] : [])),
  );
  const base64 = await workbookBase64(
    [
      {
        name: "任务分解表",
        header: [...TASK_EXPORT_COLUMNS],
        widths: WIDTHS,
        rows: chosen.map((t) => [
          t.title,
          t.parentId === null ? "" : (titleOf.get(t.parentId) ?? ""),
          t.unit.name,
          t.assignee ? (personCell.get(t.assignee.id) ?? t.assignee.name) : "",
          t.startOn,
          t.dueOn,
          TASK_PRIORITY_LABELS[t.priority],
          t.weight,
          (itemsOf.get(t.id) ?? []).join("、"),
          descriptions.get(t.id) ?? "",
          TASK_STATE_LABELS[t.state],
          `${t.rolledUp}%`,
          t.colour === null ? "" : SUPERVISION_COLOUR_LABELS[t.colour],
        ]),
      },
    ],
    offload,
  );
  return { fileName: `${campaign.name}-任务分解表-${chinaToday(now)}.xlsx`, base64 };
}
