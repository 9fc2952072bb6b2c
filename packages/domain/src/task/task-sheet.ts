import { permissionScope } from "../auth/authorize.js";
import { MOBILE_PATTERN, ROLES, roleHas } from "../auth/rules.js";
import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { ForbiddenError } from "../errors.js";
import { isCalendarDate } from "../problem/rules.js";
import { TASK_PRIORITIES, TASK_PRIORITY_LABELS, type TaskPriority } from "./rules.js";

// The 任务分解表's columns and cells, shared by its import (task-import.ts) and its export and
// template (task-export.ts): the columns, dates and 测评内容 as people write them, and the staff a
// sheet names.

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
export const REQUIRED_COLUMNS: readonly TaskImportColumn[] = [
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

export const PRIORITY_BY_LABEL = new Map<string, TaskPriority>(
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

export const STAFF_ROLES = ROLES.filter((r) => roleHas(r, "task.handle"));

/**
 * The people the sheet names (by mobile or by name) who hold a staff role: by mobile → the one, by
 * name → every person of that name (the row's unit picks among them).
 */
export async function staffNamed(db: Db, cells: readonly string[]) {
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

export async function assertManagesSome(db: Db, session: AuthSession) {
  const scope = await permissionScope(db, session, "task.manage");
  if (scope !== "all" && scope.length === 0) throw new ForbiddenError();
}
