import ExcelJS from "exceljs";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ValidationError } from "../errors.js";
import { assertCan, descendantIds, getUnitOrThrow } from "../auth/authorize.js";
import { MOBILE_PATTERN } from "../auth/rules.js";
import { recordAudit } from "../audit/audit-service.js";
import { encryptField, type DataKeys } from "../secrets/data-keys.js";
import { chinaDateTimeText, chinaToday } from "../time.js";
import { readSheet, workbookBase64 } from "../excel/workbook.js";
import { toJson } from "../db/json.js";
import { maskIdNumber } from "./id-number.js";
import {
  POLITICAL_STATUS_LABELS,
  SERVICE_TIME_LABELS,
  SKILL_LABELS,
  VOLUNTEER_STATUS_LABELS,
  type ServiceTime,
  type Skill,
} from "./rules.js";
import { checkPerson, idNumberIndex, replaceSkills } from "./volunteer-service.js";
import { searchRoster, type RosterQuery } from "./volunteer-roster.js";

const labels = <K extends string>(map: Record<K, string>, keys: readonly K[]) => keys.map((k) => map[k]).join("、");

/** The roster in the columns of the 测评 注册资料. */
export async function exportRoster(db: Db, session: AuthSession, q: Omit<RosterQuery, "page" | "pageSize">) {
  const { items } = await searchRoster(db, session, { ...q, page: 1, pageSize: 100_000 });
  return workbookBase64([
    {
      name: "志愿者注册资料",
      header: ["姓名", "性别", "年龄", "身份证号", "手机号", "政治面貌", "服务技能", "服务时间", "网格", "楼院", "状态", "注册时间", "累计时长（小时）"],
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
  ]);
}

export const IMPORT_COLUMNS = ["姓名", "身份证号", "手机号", "楼院", "政治面貌", "服务技能", "服务时间", "监护人同意"] as const;

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
  help.addRow(["张三", "（18位身份证号）", "13800001234", "邮政局家属院", "群众", "文艺、为老服务", "周末上午、工作日晚上", "否"]);
  help.getColumn(1).width = 28;
  help.getColumn(2).width = 70;
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}

const reverse = <K extends string>(map: Record<K, string>) =>
  new Map(Object.entries(map).map(([k, v]) => [v as string, k as K]));
const POLITICAL_BY_LABEL = reverse(POLITICAL_STATUS_LABELS);
const SKILL_BY_LABEL = reverse(SKILL_LABELS);
const TIME_BY_LABEL = reverse(SERVICE_TIME_LABELS);

function splitLabels<K extends string>(text: string, map: Map<string, K>, field: string, errors: string[]): K[] {
  const out: K[] = [];
  for (const part of text.split(/[、,，;；\s]+/).filter(Boolean)) {
    const key = map.get(part);
    if (key) out.push(key);
    else errors.push(`${field}“${part}”不在可选范围内`);
  }
  return out;
}

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

/**
 * Imports paper registrations as 已注册 volunteers of one 社区. Every row is checked by the same rules
 * as the portal; one bad row imports nothing. Re-importing a file updates the same people (by 身份证号).
 */
export async function importRoster(
  db: Db,
  keys: DataKeys,
  session: AuthSession,
  input: { communityId: number; fileBase64: string },
  now = new Date(),
) {
  const community = await getUnitOrThrow(db, input.communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  await assertCan(db, session, "volunteer.manage", community.id);
  let sheet: Awaited<ReturnType<typeof readSheet>>;
  try {
    sheet = await readSheet(input.fileBase64);
  } catch {
    throw new ValidationError("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件");
  }
  const missing = IMPORT_COLUMNS.filter((c) => c !== "监护人同意" && !sheet.header.includes(c));
  if (missing.length > 0) throw new ValidationError("file", `缺少列：${missing.join("、")}，请使用导入模板`);
  if (sheet.rows.length === 0) throw new ValidationError("file", "文件中没有数据行");

  const units = await db
    .selectFrom("org_unit")
    .select(["id", "name", "kind"])
    .where("id", "in", await descendantIds(db, [community.id]))
    .where("kind", "=", "courtyard")
    .execute();
  const courtyardByName = new Map(units.map((u) => [u.name, u.id]));
  const today = chinaToday(now);
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  const parsed = sheet.rows.flatMap(({ line, cells }) => {
    const rowErrors: ImportRowError[] = [];
    const fail = (field: string, message: string) => rowErrors.push({ line, field, message });
    const name = cells["姓名"] ?? "";
    if (!name || name.length > 20) fail("姓名", name ? "姓名最多20个字" : "姓名不能为空");
    const mobile = cells["手机号"] ?? "";
    if (!MOBILE_PATTERN.test(mobile)) fail("手机号", "手机号应为11位数字，以13-19开头");
    const courtyardId = courtyardByName.get(cells["楼院"] ?? "");
    if (!courtyardId) fail("楼院", `本社区没有楼院“${cells["楼院"] ?? ""}”`);
    const political = POLITICAL_BY_LABEL.get(cells["政治面貌"] ?? "");
    if (!political) fail("政治面貌", `政治面貌应为：${Object.values(POLITICAL_STATUS_LABELS).join("、")}`);
    const labelErrors: string[] = [];
    const skills = splitLabels<Skill>(cells["服务技能"] ?? "", SKILL_BY_LABEL, "服务技能", labelErrors);
    const times = splitLabels<ServiceTime>(cells["服务时间"] ?? "", TIME_BY_LABEL, "服务时间", labelErrors);
    labelErrors.forEach((m) => fail(m.startsWith("服务技能") ? "服务技能" : "服务时间", m));
    let info: ReturnType<typeof checkPerson> | null = null;
    try {
      info = checkPerson(cells["身份证号"] ?? "", (cells["监护人同意"] ?? "") === "是", today);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      fail(e.field === "guardianConsent" ? "监护人同意" : "身份证号", e.message);
    }
    if (info) {
      const first = seen.get(info.normalized);
      if (first !== undefined) fail("身份证号", `与第${first}行的身份证号重复`);
      else seen.set(info.normalized, line);
    }
    errors.push(...rowErrors);
    return rowErrors.length === 0 && info && courtyardId && political
      ? [{ line, name, mobile, courtyardId, political, skills, times, info, guardian: (cells["监护人同意"] ?? "") === "是" }]
      : [];
  });

  const indexes = parsed.map((p) => idNumberIndex(keys, p.info.normalized));
  const existing = new Map<string, { id: number; community_id: number }>();
  for (let i = 0; i < indexes.length; i += 500) {
    const rows = await db
      .selectFrom("volunteer")
      .select(["id", "community_id", "id_number_index"])
      .where("id_number_index", "in", indexes.slice(i, i + 500))
      .execute();
    rows.forEach((r) => existing.set(r.id_number_index!, r));
  }
  parsed.forEach((p, i) => {
    const found = existing.get(indexes[i]!);
    if (found && found.community_id !== community.id) {
      errors.push({ line: p.line, field: "身份证号", message: "该身份证号已在其他社区登记" });
    }
  });

  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    const report = await workbookBase64([
      {
        name: "导入错误",
        header: ["行号", "列", "问题"],
        widths: [8, 14, 60],
        rows: errors.map((e) => [e.line, e.field, e.message]),
      },
    ]);
    return { imported: 0, updated: 0, errors: errors.slice(0, 200), errorCount: errors.length, errorReportBase64: report };
  }

  let imported = 0;
  let updated = 0;
  for (const [i, p] of parsed.entries()) {
    const index = indexes[i]!;
    const person = {
      name: p.name,
      gender: p.info.gender,
      birth_date: p.info.birthDate,
      id_number_enc: encryptField(keys, p.info.normalized),
      id_number_index: index,
      id_number_masked: maskIdNumber(p.info.normalized),
      mobile: p.mobile,
      political_status: p.political,
      service_times: toJson([...new Set(p.times)]),
      guardian_consent: p.guardian ? 1 : 0,
      courtyard_id: p.courtyardId,
    };
    const found = existing.get(index);
    let id: number;
    if (found) {
      await db.updateTable("volunteer").set(person).where("id", "=", found.id).execute();
      id = found.id;
      updated++;
    } else {
      const row = await db
        .insertInto("volunteer")
        .values({
          ...person,
          user_id: null,
          community_id: community.id,
          status: "registered",
          consent_at: now.toISOString(),
          submitted_at: now.toISOString(),
          reviewed_at: now.toISOString(),
          reviewed_by: session.user.id,
          registered_at: now.toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      id = row.id;
      imported++;
    }
    await replaceSkills(db, id, p.skills);
  }
  await recordAudit(db, session, {
    action: "volunteer.import",
    targetType: "org_unit",
    targetId: community.id,
    orgUnitId: community.id,
    after: { imported, updated, rows: parsed.length },
  }, now);
  return { imported, updated, errors: [], errorCount: 0, errorReportBase64: null };
}
