import ExcelJS from "exceljs";
import type { AuthSession } from "../context.js";
import type { Db } from "../db/open-database.js";
import { type readSheet, workbookBase64 } from "../excel/workbook.js";
import { inlineOffload, type Offload } from "../offload.js";
import { unitNames } from "../org/unit-names.js";
import { assertEditsCopy, assertReadsCopy, campaignOrThrow } from "./campaign-access.js";
import { addItem, copyItems, itemOut, removeItem, type ItemFields } from "./campaign-items.js";
import { itemFieldsSchema } from "./campaign-schemas.js";
import {
  CHECKLIST_COLUMNS,
  evidenceCell,
  MEASURE_FORMS,
  measureCell,
  methodCell,
  parseEvidenceCell,
  parseMeasureCell,
  parseMethodCell,
  type ChecklistColumn,
} from "./checklist-columns.js";
import { ASSESS_METHOD_LABELS, EVIDENCE_KIND_LABELS } from "./rules.js";

// A 社区's copy of the checklist to and from Excel, in the columns of checklist-columns.ts. An import
// checks every row first and writes nothing while any row is wrong (each error with its line and
// column); then it adds the rows after the items there are, or instead of them (items with evidence
// are archived, as removeItem does by hand).

/** More rows than any 测评体系 has: a sheet past it is the wrong file. */
export const MAX_IMPORT_ROWS = 300;

export async function exportChecklist(
  db: Db,
  session: AuthSession,
  input: { campaignId: number; communityId: number },
): Promise<{ fileName: string; base64: string }> {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertReadsCopy(db, session, campaign, input.communityId);
  const items = (await copyItems(db, campaign.id, input.communityId)).map(itemOut);
  const community = (await unitNames(db, [input.communityId])).get(input.communityId)?.name ?? "";
  const base64 = await workbookBase64([
    {
      name: "测评体系",
      header: [...CHECKLIST_COLUMNS],
      widths: [6, 16, 20, 60, 10, 6, 18, 22],
      rows: items.map((item, i) => [
        i + 1,
        item.project,
        item.content,
        item.standard,
        methodCell(item.method),
        item.points,
        evidenceCell(item.evidence),
        measureCell(item.measure),
      ]),
    },
    {
      name: "填写说明",
      header: ["列", "可填的值"],
      widths: [12, 90],
      rows: [
        ["测评方式", Object.values(ASSESS_METHOD_LABELS).join("、")],
        ["分值", "0.5 到 100 之间的数字"],
        ["所需材料", `一种或多种，用、分隔：${Object.values(EVIDENCE_KIND_LABELS).join("、")}`],
        ["测量指标", `可不填；系统按数据计算的目标：${MEASURE_FORMS.join("；")}`],
        ["序号", "导入时不使用，按行的顺序排列"],
      ],
    },
  ]);
  return { fileName: `${community}-${campaign.name}-测评体系.xlsx`, base64 };
}

/** The import template: the columns and the help sheet, no rows. */
export async function checklistTemplate(): Promise<{ fileName: string; base64: string }> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("测评体系").addRow([...CHECKLIST_COLUMNS]).font = { bold: true };
  return {
    fileName: "测评体系导入模板.xlsx",
    base64: Buffer.from(await wb.xlsx.writeBuffer()).toString("base64"),
  };
}

interface RowError {
  line: number;
  column: string;
  message: string;
}

/** The schema's field → the sheet's column, to say where a refused value is. */
const COLUMN_OF: Record<keyof ItemFields, ChecklistColumn> = {
  project: "测评项目",
  content: "测评内容",
  standard: "测评标准",
  method: "测评方式",
  points: "分值",
  evidence: "所需材料",
  measure: "测量指标",
};

/** Every row as item fields, or every error: one row's problems all said at once. */
export function checklistRows(rows: Array<{ line: number; cells: Record<string, string> }>): {
  items: ItemFields[];
  errors: RowError[];
} {
  const items: ItemFields[] = [];
  const errors: RowError[] = [];
  for (const { line, cells } of rows) {
    const cell = (c: ChecklistColumn) => cells[c] ?? "";
    const rowErrors: RowError[] = [];
    const fail = (column: ChecklistColumn, message: string) => rowErrors.push({ line, column, message });
    const method = parseMethodCell(cell("测评方式"));
    if (!method) fail("测评方式", `应为 ${Object.values(ASSESS_METHOD_LABELS).join("、")}`);
    const points = Number(cell("分值"));
    if (cell("分值") === "" || !Number.isFinite(points)) fail("分值", "请填写数字");
    const evidence = parseEvidenceCell(cell("所需材料"));
    if ("unknown" in evidence)
      fail(
        "所需材料",
        `“${evidence.unknown}”不是材料类型，应为 ${Object.values(EVIDENCE_KIND_LABELS).join("、")}`,
      );
    const measure = parseMeasureCell(cell("测量指标"));
    if ("error" in measure) fail("测量指标", measure.error);
    const parsed = itemFieldsSchema.safeParse({
      project: cell("测评项目"),
      content: cell("测评内容"),
      standard: cell("测评标准"),
      method: method ?? "field",
      points: Number.isFinite(points) ? points : 1,
      evidence: "kinds" in evidence ? evidence.kinds : ["photo"],
      measure: "measure" in measure ? measure.measure : null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = COLUMN_OF[issue.path[0] as keyof ItemFields];
        if (column && !rowErrors.some((e) => e.column === column)) fail(column, issue.message);
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (parsed.success) items.push(parsed.data);
  }
  return { items, errors };
}

export async function importChecklist(
  db: Db,
  session: AuthSession,
  input: { campaignId: number; communityId: number; fileBase64: string; mode: "append" | "replace" },
  now = new Date(),
  offload: Offload = inlineOffload,
) {
  const campaign = await campaignOrThrow(db, input.campaignId);
  await assertEditsCopy(db, session, campaign, input.communityId);
  const refused = (errors: RowError[]) => ({ imported: false as const, errors });
  let sheet: Awaited<ReturnType<typeof readSheet>>;
  try {
    sheet = await offload.run("readSheet", input.fileBase64);
  } catch {
    return refused([{ line: 0, column: "文件", message: "无法读取，请上传 .xlsx 格式的 Excel 文件" }]);
  }
  const missing = CHECKLIST_COLUMNS.filter(
    (c) => c !== "序号" && c !== "测量指标" && !sheet.header.includes(c),
  );
  if (missing.length > 0)
    return refused([
      { line: 1, column: "表头", message: `缺少列：${missing.join("、")}（请使用导出的表格或导入模板）` },
    ]);
  if (sheet.rows.length === 0) return refused([{ line: 2, column: "文件", message: "表格中没有测评项目" }]);
  if (sheet.rows.length > MAX_IMPORT_ROWS)
    return refused([
      { line: 0, column: "文件", message: `最多导入 ${MAX_IMPORT_ROWS} 行，本表有 ${sheet.rows.length} 行` },
    ]);
  const { items, errors } = checklistRows(sheet.rows);
  if (errors.length > 0) return refused(errors);

  let removed = 0;
  let archived = 0;
  if (input.mode === "replace") {
    for (const old of await copyItems(db, campaign.id, input.communityId)) {
      if ((await removeItem(db, session, { id: old.id }, now)).archived) archived++;
      else removed++;
    }
  }
  for (const item of items) {
    await addItem(db, session, { ...item, campaignId: campaign.id, communityId: input.communityId }, now);
  }
  return { imported: true as const, added: items.length, removed, archived };
}
