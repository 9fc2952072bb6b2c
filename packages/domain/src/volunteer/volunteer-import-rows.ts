import { ValidationError } from "../errors.js";
import { MOBILE_MESSAGE, MOBILE_PATTERN } from "../auth/rules.js";
import { readSheet } from "../excel/workbook.js";
import {
  POLITICAL_STATUS_LABELS,
  SERVICE_TIME_LABELS,
  SKILL_LABELS,
  type PoliticalStatus,
  type ServiceTime,
  type Skill,
} from "./rules.js";
import { checkPerson, idNumberIndex } from "./volunteer-service.js";
import { IMPORT_COLUMNS } from "./volunteer-excel.js";

// The 志愿者 import's first half: the file read and each row checked on its own, with no database. It
// is a pure function of plain data so that the server runs it on an offload thread (offload.ts): 10,000
// rows mean 10,000 身份证号 checks and keyed hashes, which would otherwise hold the event loop for a
// good part of a second. What needs the database (who is registered already) is volunteer-import.ts.

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

/** The fields an import writes; skills and times are sets (their order is no change). */
export interface ImportFields {
  name: string;
  mobile: string;
  courtyardId: number | null;
  politicalStatus: PoliticalStatus | null;
  skills: Skill[];
  serviceTimes: ServiceTime[];
  guardianConsent: boolean;
}

export interface SheetRow {
  line: number;
  fields: ImportFields;
  normalizedId: string;
  /** the 身份证号's blind index, as volunteer.id_number_index holds it */
  index: string;
  gender: "male" | "female";
  birthDate: string;
}

/** What the rows are checked against: the 社区's 楼院 by name, the day, the blind-index key. */
export interface ImportRowsContext {
  courtyards: Array<[name: string, id: number]>;
  today: string;
  /** the blind-index key alone (DataKeys.index) */
  keys: { index: Uint8Array };
}

/** The file unreadable, a column missing, no rows; or the rows that passed and every row's errors. */
export type ImportRows =
  | { kind: "unreadable" }
  | { kind: "missing"; columns: string[] }
  | { kind: "empty" }
  | { kind: "rows"; rows: SheetRow[]; errors: ImportRowError[] };

const reverse = <K extends string>(map: Record<K, string>) =>
  new Map(Object.entries(map).map(([k, v]) => [v as string, k as K]));
const POLITICAL_BY_LABEL = reverse(POLITICAL_STATUS_LABELS);
const SKILL_BY_LABEL = reverse(SKILL_LABELS);
const TIME_BY_LABEL = reverse(SERVICE_TIME_LABELS);

export const unique = <T extends string>(values: readonly T[]) => [...new Set(values)];

function splitLabels<K extends string>(
  text: string,
  map: Map<string, K>,
  field: string,
  errors: string[],
): K[] {
  const out: K[] = [];
  for (const part of text.split(/[、,，;；\s]+/).filter(Boolean)) {
    const key = map.get(part);
    if (key) out.push(key);
    else errors.push(`${field}“${part}”不在可选范围内`);
  }
  return out;
}

/** Reads an uploaded import file and checks each row on its own (a 身份证号 twice in the file too). */
export async function readImportRows(fileBase64: string, context: ImportRowsContext): Promise<ImportRows> {
  let sheet: Awaited<ReturnType<typeof readSheet>>;
  try {
    sheet = await readSheet(fileBase64);
  } catch {
    return { kind: "unreadable" };
  }
  const missing = IMPORT_COLUMNS.filter((c) => c !== "监护人同意" && !sheet.header.includes(c));
  if (missing.length > 0) return { kind: "missing", columns: missing };
  if (sheet.rows.length === 0) return { kind: "empty" };

  const courtyardByName = new Map(context.courtyards);
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  const rows: SheetRow[] = [];
  for (const { line, cells } of sheet.rows) {
    const rowErrors: ImportRowError[] = [];
    const fail = (field: string, message: string) => rowErrors.push({ line, field, message });
    const name = cells["姓名"] ?? "";
    if (!name || name.length > 20) fail("姓名", name ? "姓名最多20个字" : "姓名不能为空");
    const mobile = cells["手机号"] ?? "";
    if (!MOBILE_PATTERN.test(mobile)) fail("手机号", MOBILE_MESSAGE);
    const courtyardId = courtyardByName.get(cells["楼院"] ?? "");
    if (!courtyardId) fail("楼院", `本社区没有楼院“${cells["楼院"] ?? ""}”`);
    const political = POLITICAL_BY_LABEL.get(cells["政治面貌"] ?? "");
    if (!political) fail("政治面貌", `政治面貌应为：${Object.values(POLITICAL_STATUS_LABELS).join("、")}`);
    const labelErrors: string[] = [];
    const skills = splitLabels<Skill>(cells["服务技能"] ?? "", SKILL_BY_LABEL, "服务技能", labelErrors);
    const times = splitLabels<ServiceTime>(cells["服务时间"] ?? "", TIME_BY_LABEL, "服务时间", labelErrors);
    labelErrors.forEach((m) => fail(m.startsWith("服务技能") ? "服务技能" : "服务时间", m));
    const guardian = (cells["监护人同意"] ?? "") === "是";
    let info: ReturnType<typeof checkPerson> | null = null;
    try {
      info = checkPerson(cells["身份证号"] ?? "", guardian, context.today);
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
    if (rowErrors.length > 0 || !info || !courtyardId || !political) continue;
    rows.push({
      line,
      fields: {
        name,
        mobile,
        courtyardId,
        politicalStatus: political,
        skills: unique(skills),
        serviceTimes: unique(times),
        guardianConsent: guardian,
      },
      normalizedId: info.normalized,
      index: idNumberIndex(context.keys, info.normalized),
      gender: info.gender,
      birthDate: info.birthDate,
    });
  }
  return { kind: "rows", rows, errors };
}
