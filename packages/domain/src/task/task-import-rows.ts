import { TASK_PRIORITY_LABELS, TASK_TEXT_MAX, TASK_TITLE_MAX, type TaskPriority } from "./rules.js";
import {
  PRIORITY_BY_LABEL,
  type TaskImportColumn,
  type TaskImportError,
  parseDateCell,
  splitItems,
} from "./task-sheet.js";

// A 任务分解表's rows read (task-import.ts): each row's own cells checked, then its 上级任务 and
// 责任单位 found, and the order the rows are made in.

export interface ParsedRow {
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
export const COLUMN_OF_FIELD: Record<string, TaskImportColumn> = {
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
export function parseRows(rows: Array<{ line: number; cells: Record<string, string> }>) {
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
export type ParentRef = { line: number } | { taskId: number } | null;

/**
 * Each row's 上级任务 by title: a row of the sheet first (before or after it), else a task of the
 * campaign. Titles shared by two candidates and rows that are their own ancestors are errors.
 */
export function resolveParents(
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
export function parentsFirst(
  rows: readonly ParsedRow[],
  parentOf: ReadonlyMap<number, ParentRef>,
): ParsedRow[] {
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

export interface UnitRow {
  id: number;
  name: string;
  parent_name: string | null;
}

/** 责任单位 by name, or "上级单位/名称" when two units of the campaign share the name. */
export function resolveUnit(
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
