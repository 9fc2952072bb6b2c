import { once } from "node:events";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { recordAudit } from "../audit/audit-service.js";
import { ValidationError } from "../errors.js";
import { chinaDateTimeText } from "../time.js";
import { LEDGER_KINDS, type LedgerInfo, type LedgerKind } from "./ledger-catalog.js";
import {
  ledgerScope,
  type LedgerCell,
  type LedgerPhoto,
  type LedgerScope,
  type LedgerSource,
} from "./ledger-common.js";
import { activitiesLedger, lecturesLedger } from "./ledger-activities.js";
import { boardLedger } from "./ledger-board.js";
import { problemsLedger } from "./ledger-problems.js";
import { tasksLedger } from "./ledger-tasks.js";
import { volunteersLedger } from "./ledger-volunteers.js";

// The 报表与导出 page's 台账, one export at a time: checked and counted (openLedger), written to the
// 操作日志 (recordLedgerExport), then written out row by row as it is read (writeLedgerXlsx).

const SOURCES: Record<LedgerKind, LedgerSource> = {
  volunteers: volunteersLedger,
  activities: activitiesLedger,
  lectures: lecturesLedger,
  problems: problemsLedger,
  board: boardLedger,
  tasks: tasksLedger,
};

export interface OpenedLedger {
  info: LedgerInfo;
  scope: LedgerScope;
  /** rows at the time it was opened (what the progress bar counts to) */
  count: number;
  /** the Chinese name (单位-台账-期间) and an ASCII one for old clients */
  fileName: string;
  asciiFileName: string;
  /** the sheet's name inside a zip */
  sheetName: string;
  rows(): AsyncGenerator<LedgerCell[]>;
  /** the photos the rows link to (the 问题整改台账), read again page by page after the sheet */
  photos: (() => AsyncGenerator<LedgerPhoto>) | null;
}

export function isLedgerKind(kind: unknown): kind is LedgerKind {
  return typeof kind === "string" && (LEDGER_KINDS as readonly string[]).includes(kind);
}

/**
 * One ledger for a unit and a period, after every check: the kind (ValidationError on `kind`), the
 * period and the unit (ledgerScope: ValidationError naming `from`, `to` or `unitId`; ForbiddenError
 * unless the caller holds the ledger's permission at the unit). Nothing is read before those pass.
 */
export async function openLedger(
  db: Db,
  session: AuthSession,
  kind: unknown,
  input: { unitId: unknown; from: unknown; to: unknown },
  now = new Date(),
): Promise<OpenedLedger> {
  if (!isLedgerKind(kind)) throw new ValidationError("kind", "没有这种台账，请从报表与导出页面选择");
  const source = SOURCES[kind];
  const scope = await ledgerScope(db, session, source, input, now);
  const count = await source.count(scope);
  const period = `${scope.from.replaceAll("-", "")}-${scope.to.replaceAll("-", "")}`;
  const ext = source.info.zip ? "zip" : "xlsx";
  return {
    info: source.info,
    scope,
    count,
    fileName: `${scope.unit.name}-${source.info.title}-${period}.${ext}`,
    asciiFileName: `ledger-${kind}-${period}.${ext}`,
    sheetName: `${source.info.title}.xlsx`,
    rows: () => source.rows(scope),
    photos: source.photos ? () => source.photos!(scope) : null,
  };
}

/** The 操作日志 row of an export: which ledger, unit and period, how many rows. */
export async function recordLedgerExport(
  db: Db,
  session: AuthSession,
  ledger: OpenedLedger,
  now = new Date(),
) {
  const { unit, from, to } = ledger.scope;
  await recordAudit(
    db,
    session,
    {
      action: "report.ledger_export",
      targetType: "org_unit",
      targetId: unit.id,
      orgUnitId: unit.id,
      after: { filter: `${ledger.info.title}，${unit.name}，${from} 至 ${to}`, rows: ledger.count },
    },
    now,
  );
}

/** Wait while more than this is waiting to be read from `out` (a slow client holds the writing back). */
const HIGH_WATER = 1 << 20;

/**
 * Writes the ledger as an .xlsx into `out` while reading it: exceljs's streaming writer with each row
 * committed as it comes, inline strings (no shared-string table growing with the rows), a turn of
 * the event loop every 100 rows so that what is written flows on, and the reading paused while `out`
 * has more than HIGH_WATER unread. Resolves with the rows written once the
 * workbook is complete and `out` ended; stops early (rejecting) when `signal` aborts.
 */
export async function writeLedgerXlsx(
  ledger: OpenedLedger,
  out: Writable,
  opts: { signal?: AbortSignal; now?: Date; onRows?: (rows: number) => void } = {},
): Promise<number> {
  const { info, scope } = ledger;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = "创城通";
  const width = info.columns.length;
  const ws = wb.addWorksheet(info.title, {
    views: [{ state: "frozen", ySplit: 4 }],
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  ws.columns = info.columns.map((c) => ({ width: c.width }));
  const lines = [
    info.title,
    `单位：${scope.unit.name}  期间：${scope.from} 至 ${scope.to}  导出时间：${chinaDateTimeText((opts.now ?? new Date()).toISOString())}  共${ledger.count}条`,
  ];
  lines.forEach((line, i) => {
    const row = ws.addRow([line]);
    row.font = i === 0 ? { bold: true, size: 16 } : { size: 11 };
    row.alignment = i === 0 ? { horizontal: "center", vertical: "middle" } : { vertical: "middle" };
    if (i === 0) row.height = 28;
    ws.mergeCells(row.number, 1, row.number, width);
    row.commit();
  });
  ws.addRow([]).commit();
  const header = ws.addRow(info.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  header.eachCell((cell) => {
    cell.border = {
      top: { style: "thin" },
      bottom: { style: "thin" },
      left: { style: "thin" },
      right: { style: "thin" },
    };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFEFEF" } };
  });
  header.commit();
  let written = 0;
  for await (const cells of ledger.rows()) {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("aborted");
    const row = ws.addRow(cells);
    cells.forEach((cell, i) => {
      if (cell !== null && typeof cell === "object")
        row.getCell(i + 1).font = { color: { argb: "FF1F4E9A" }, underline: true };
    });
    row.alignment = { vertical: "top", wrapText: true };
    row.commit();
    written++;
    if (written % 100 === 0) {
      opts.onRows?.(written);
      // Let the pipeline run: SQLite answers synchronously, so without a turn of the event loop the
      // rows would pile up inside exceljs and archiver until the end instead of flowing out.
      await new Promise((resolve) => setImmediate(resolve));
      while (out.writableLength > HIGH_WATER || out.writableNeedDrain) {
        if (opts.signal?.aborted) throw opts.signal.reason ?? new Error("aborted");
        await once(out, "drain", opts.signal ? { signal: opts.signal } : {});
      }
    }
  }
  ws.commit();
  await wb.commit();
  opts.onRows?.(written);
  return written;
}
