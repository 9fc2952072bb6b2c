import ExcelJS from "exceljs";
import type { Offload } from "../offload.js";

// Small helpers over exceljs so each feature writes its sheets as plain rows.

/** One sheet of a workbook as plain data (structured-cloneable: it may go to a worker thread). */
export type Sheet = {
  name: string;
  header: string[];
  rows: Array<Array<string | number | null>>;
  widths?: number[];
  /**
   * Lines above the table, each across its full width: the first is the heading (large, bold), the
   * rest say what the table is about (活动名称：…). A blank line separates them from the header.
   */
  title?: string[];
  /**
   * Pictures placed over cells (a ledger's photos before and after): `row` indexes `rows`, `col` the
   * header (both from 0). Rows holding a picture are made tall enough for the tallest.
   */
  images?: Array<{
    row: number;
    col: number;
    data: Buffer;
    extension: "jpeg" | "png";
    width: number;
    height: number;
  }>;
};

/**
 * The workbook of `sheets`, as base64. With `offload` (a request's context: the server's worker
 * threads) it is built there, so a 50,000-row roster does not hold the event loop.
 */
export async function workbookBase64(sheets: Sheet[], offload?: Offload): Promise<string> {
  if (offload) return offload.run("workbook", sheets);
  return buildWorkbook(sheets);
}

/** Builds the workbook here, in this thread. */
export async function buildWorkbook(sheets: Sheet[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "创城通";
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    const title = s.title ?? [];
    title.forEach((line, i) => {
      const row = ws.addRow([line]);
      ws.mergeCells(row.number, 1, row.number, s.header.length);
      row.font = i === 0 ? { bold: true, size: 16 } : { size: 12 };
      row.alignment = i === 0 ? { horizontal: "center", vertical: "middle" } : { vertical: "middle" };
      if (i === 0) row.height = 28;
    });
    if (title.length > 0) ws.addRow([]);
    const header = ws.addRow(s.header);
    header.font = { bold: true };
    for (const row of s.rows) ws.addRow(row);
    s.header.forEach((_, i) => (ws.getColumn(i + 1).width = s.widths?.[i] ?? 14));
    for (const image of s.images ?? []) {
      const sheetRow = ws.getRow(header.number + 1 + image.row);
      // Row heights are in points (3/4 of a pixel); a little margin keeps the picture inside its cell.
      sheetRow.height = Math.max(sheetRow.height ?? 15, image.height * 0.75 + 6);
      const id = wb.addImage({ buffer: image.data as unknown as ExcelJS.Buffer, extension: image.extension });
      ws.addImage(id, {
        tl: { col: image.col + 0.05, row: sheetRow.number - 1 + 0.05 },
        ext: { width: image.width, height: image.height },
        editAs: "oneCell",
      });
    }
    ws.views = [{ state: "frozen", ySplit: title.length > 0 ? title.length + 2 : 1 }];
  }
  const buffer = await wb.xlsx.writeBuffer();
  return Buffer.from(buffer).toString("base64");
}

/** The first sheet as rows of trimmed text, keyed by the header row's cell texts. */
export async function readSheet(
  base64: string,
): Promise<{ header: string[]; rows: Array<{ line: number; cells: Record<string, string> }> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, "base64") as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { header: [], rows: [] };
  const header: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (header[col - 1] = cell.text.trim()));
  const rows: Array<{ line: number; cells: Record<string, string> }> = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const cells: Record<string, string> = {};
    header.forEach((name, i) => (cells[name] = row.getCell(i + 1).text.trim()));
    if (Object.values(cells).some((v) => v !== "")) rows.push({ line, cells });
  });
  return { header, rows };
}
