import ExcelJS from "exceljs";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { chinaDateTimeText } from "../time.js";
import type { Offload } from "../offload.js";
import { workbookBase64 } from "../excel/workbook.js";
import {
  POLITICAL_STATUS_LABELS,
  SERVICE_TIME_LABELS,
  SKILL_LABELS,
  VOLUNTEER_STATUS_LABELS,
} from "./rules.js";
import { searchRoster } from "./volunteer-roster.js";
import type { RosterQuery } from "./volunteer-roster-match.js";

const labels = <K extends string>(map: Record<K, string>, keys: readonly K[]) =>
  keys.map((k) => map[k]).join("、");

/** The roster in the columns of the 测评 注册资料. */
export async function exportRoster(
  db: Db,
  session: AuthSession,
  q: Omit<RosterQuery, "page" | "pageSize">,
  offload?: Offload,
) {
  const { items } = await searchRoster(db, session, { ...q, page: 1, pageSize: 100_000 });
  return workbookBase64(
    [
      {
        name: "志愿者注册资料",
        header: [
          "姓名",
          "性别",
          "年龄",
          "身份证号",
          "手机号",
          "政治面貌",
          "服务技能",
          "服务时间",
          "网格",
          "楼院",
          "状态",
          "注册时间",
          "累计时长（小时）",
        ],
        widths: [10, 6, 6, 22, 14, 12, 20, 28, 16, 16, 8, 18, 14],
        rows: items.map((v) => [
          v.name ?? "（已注销）",
          v.gender === "male" ? "男" : v.gender === "female" ? "女" : "",
          v.age,
          v.idNumber,
          v.mobile,
          v.politicalStatus ? POLITICAL_STATUS_LABELS[v.politicalStatus] : "",
          labels(SKILL_LABELS, v.skills),
          labels(SERVICE_TIME_LABELS, v.serviceTimes),
          v.gridName,
          v.courtyardName,
          VOLUNTEER_STATUS_LABELS[v.status],
          chinaDateTimeText(v.registeredAt),
          v.hours,
        ]),
      },
    ],
    offload,
  );
}

export const IMPORT_COLUMNS = [
  "姓名",
  "身份证号",
  "手机号",
  "楼院",
  "政治面貌",
  "服务技能",
  "服务时间",
  "监护人同意",
] as const;

/** The import template: the header row, and the allowed values with an example on a second sheet. */
export async function importTemplate(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("志愿者导入");
  ws.addRow([...IMPORT_COLUMNS]).font = { bold: true };
  ws.getColumn(2).numFmt = "@"; // text: Excel would round an 18-digit number
  ws.getColumn(3).numFmt = "@";
  IMPORT_COLUMNS.forEach((_, i) => (ws.getColumn(i + 1).width = i === 1 ? 22 : 16));
  const help = wb.addWorksheet("填写说明");
  help.addRow(["列", "可填的值"]).font = { bold: true };
  help.addRow(["政治面貌", Object.values(POLITICAL_STATUS_LABELS).join("、")]);
  help.addRow(["服务技能（可多个，用、分隔）", Object.values(SKILL_LABELS).join("、")]);
  help.addRow(["服务时间（可多个，用、分隔）", Object.values(SERVICE_TIME_LABELS).join("、")]);
  help.addRow(["楼院", "本社区楼院的名称，与组织架构一致"]);
  help.addRow(["监护人同意", "是 / 否（14至17周岁必须为“是”）"]);
  // The example lives here, not on the import sheet, so that a forgotten example is never imported.
  help.addRow([]);
  help.addRow(["示例（请在“志愿者导入”表中按此格式填写）"]).font = { bold: true };
  help.addRow([...IMPORT_COLUMNS]);
  help.addRow([
    "张三",
    "（18位身份证号）",
    "13800001234",
    "邮政局家属院",
    "群众",
    "文艺、为老服务",
    "周末上午、工作日晚上",
    "否",
  ]);
  help.getColumn(1).width = 28;
  help.getColumn(2).width = 70;
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}
