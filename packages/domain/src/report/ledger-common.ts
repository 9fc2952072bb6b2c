import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import type { OrgKind } from "../db/database.js";
import { can, descendantIds } from "../auth/authorize.js";
import type { Permission } from "../auth/rules.js";
import { ForbiddenError, ValidationError } from "../errors.js";
import { chinaToday } from "../time.js";
import { LEDGER_MAX_YEARS, type LedgerInfo } from "./ledger-catalog.js";

// What every 台账 shares: the period and the unit it is asked for (checked before anything is read),
// the rows it yields page by page, and the photos a ledger's rows link to.

/** Rows read per query: each page is one keyset query (plus one per joined detail), then written out. */
export const LEDGER_PAGE = 500;

export interface LedgerInput {
  unitId: number;
  /** China dates, YYYY-MM-DD, both days included */
  from: string;
  to: string;
}

/** A cell: a value, or a link to a file beside the sheet (a photo in the zip's 照片 folder). */
export type LedgerCell = string | number | null | { text: string; hyperlink: string };

/** A stored photo written into the download at `path` (the sheet's cells link to it). */
export interface LedgerPhoto {
  path: string;
  storageKey: string;
}

/** What a ledger reads with: the caller, the unit and everything below it, and the period as times. */
export interface LedgerScope {
  db: Db;
  session: AuthSession;
  unit: { id: number; name: string; kind: OrgKind };
  /** the unit and all units below it */
  unitIds: number[];
  from: string;
  to: string;
  /** the period as stored times: [startIso, endIso) */
  startIso: string;
  endIso: string;
  today: string;
}

/** One ledger's reading: who may export it, how many rows, the rows in order, and the photos if any. */
export interface LedgerSource {
  info: LedgerInfo;
  permission: Permission;
  /** the unit kinds it can be asked for (activities are a 社区's, so not for a 网格) */
  unitKinds: readonly OrgKind[];
  count(s: LedgerScope): Promise<number>;
  rows(s: LedgerScope): AsyncGenerator<LedgerCell[]>;
  photos?(s: LedgerScope): AsyncGenerator<LedgerPhoto>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The start of a China date as a stored time (00:00 +08:00). */
export const chinaDayStartIso = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
export const nextDate = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The period, checked: real dates, from not after to, at most LEDGER_MAX_YEARS years. */
export function checkPeriod(from: unknown, to: unknown): { from: string; to: string } {
  if (typeof from !== "string" || from === "") throw new ValidationError("from", "请选择开始日期");
  if (!validDate(from)) throw new ValidationError("from", "开始日期格式应为 年-月-日，如 2026-01-01");
  if (typeof to !== "string" || to === "") throw new ValidationError("to", "请选择结束日期");
  if (!validDate(to)) throw new ValidationError("to", "结束日期格式应为 年-月-日，如 2026-12-31");
  if (from > to) throw new ValidationError("from", "开始日期不能晚于结束日期");
  const [y, m, d] = from.split("-");
  const limit = `${String(Number(y) + LEDGER_MAX_YEARS).padStart(4, "0")}-${m}-${d}`;
  if (to >= limit) throw new ValidationError("to", `导出期间不能超过${LEDGER_MAX_YEARS}年，请缩短期间`);
  return { from, to };
}

/**
 * The scope of one export, after the checks: the period (ValidationError naming the field), the unit
 * (ValidationError on `unitId` when there is none such, or it is of a kind the ledger is not kept for),
 * and the caller's right there (ForbiddenError).
 */
export async function ledgerScope(
  db: Db,
  session: AuthSession,
  source: Pick<LedgerSource, "info" | "permission" | "unitKinds">,
  input: { unitId: unknown; from: unknown; to: unknown },
  now = new Date(),
): Promise<LedgerScope> {
  const unitId = input.unitId;
  if (typeof unitId !== "number" || !Number.isSafeInteger(unitId) || unitId <= 0)
    throw new ValidationError("unitId", "请选择要导出台账的单位");
  const { from, to } = checkPeriod(input.from, input.to);
  const unit = await db
    .selectFrom("org_unit")
    .select(["id", "name", "kind"])
    .where("id", "=", unitId)
    .executeTakeFirst();
  if (!unit) throw new ValidationError("unitId", "所选单位不存在，请重新选择");
  if (!(await can(db, session, source.permission, unit.id)))
    throw new ForbiddenError(`没有权限导出${unit.name}的${source.info.title}`);
  if (!source.unitKinds.includes(unit.kind))
    throw new ValidationError("unitId", `${source.info.title}按社区或街道导出，请选择社区或街道`);
  return {
    db,
    session,
    unit,
    unitIds: await descendantIds(db, [unit.id]),
    from,
    to,
    startIso: chinaDayStartIso(from),
    endIso: chinaDayStartIso(nextDate(to)),
    today: chinaToday(now),
  };
}

/** "2026-12-05" of a stored time, in China. */
export function chinaDateText(iso: string | null): string {
  return iso ? chinaToday(new Date(iso)) : "";
}

const hhmm = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Shanghai",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** "09:00-11:30" of two stored times, in China. */
export function chinaTimeRange(startIso: string, endIso: string): string {
  return `${hhmm.format(new Date(startIso))}-${hhmm.format(new Date(endIso))}`;
}
