import { createHash } from "node:crypto";
import type { Db } from "../db/open-database.js";
import type { AuthSession } from "../context.js";
import { ConflictError, ValidationError } from "../errors.js";
import { assertCan, descendantIds, getUnitOrThrow } from "../auth/authorize.js";
import { MOBILE_PATTERN, maskMobile } from "../auth/rules.js";
import { recordAudit } from "../audit/audit-service.js";
import { encryptField, type DataKeys } from "../secrets/data-keys.js";
import { chinaToday } from "../time.js";
import { workbookBase64 } from "../excel/workbook.js";
import { inlineOffload, type Offload } from "../offload.js";
import { fromJson, toJson } from "../db/json.js";
import { maskIdNumber } from "./id-number.js";
import { POLITICAL_STATUS_LABELS, SERVICE_TIME_LABELS, SKILL_LABELS, SKILLS, type Skill } from "./rules.js";
import { replaceSkills } from "./volunteer-service.js";
import { unique, type ImportFields, type ImportRowError, type SheetRow } from "./volunteer-import-rows.js";

export type { ImportRowError } from "./volunteer-import-rows.js";

// The Excel import in two steps. The preview reads the file and says what it would do, row by row
// and field by field; the confirmation reads the same file again, works out the same plan against
// the database as it is now, and applies it only if it is still the plan the admin saw (its token).
// A record a resident registered on the portal is theirs: an import never overwrites it.

export const RESIDENT_RECORD_NOTE = "该志愿者由本人在居民端登记，导入不会覆盖；如需修改请在志愿者名册中编辑";
export const PREVIEW_CHANGED_MESSAGE = "预览之后志愿者资料已有变化，请重新预览后再确认导入";
/** How many updates and skipped rows a preview lists (the counts are always whole). */
const LISTED = 500;

const FIELD_LABELS: Record<keyof ImportFields, string> = {
  name: "姓名",
  mobile: "手机号",
  courtyardId: "楼院",
  politicalStatus: "政治面貌",
  skills: "服务技能",
  serviceTimes: "服务时间",
  guardianConsent: "监护人同意",
};
const FIELDS = Object.keys(FIELD_LABELS) as Array<keyof ImportFields>;

interface ExistingRecord {
  id: number;
  communityId: number;
  userId: number | null;
  fields: ImportFields;
}

type Changed = Array<keyof ImportFields>;

interface ImportPlan {
  communityId: number;
  creates: SheetRow[];
  updates: Array<{ row: SheetRow; record: ExistingRecord; changed: Changed }>;
  unchanged: Array<{ row: SheetRow; record: ExistingRecord }>;
  skipped: Array<{ row: SheetRow; record: ExistingRecord }>;
  errors: ImportRowError[];
  courtyardNames: Map<number, string>;
  token: string;
}

/** Compared as sets: the same skills in another order are the same. */
const sameValue = (a: ImportFields[keyof ImportFields], b: ImportFields[keyof ImportFields]) =>
  Array.isArray(a) && Array.isArray(b)
    ? JSON.stringify([...a].sort()) === JSON.stringify([...b].sort())
    : a === b;

/** Reads the file and works out, against the database as it is, what importing it would do. */
async function planImport(
  db: Db,
  keys: DataKeys,
  session: AuthSession,
  input: { communityId: number; fileBase64: string },
  now: Date,
  offload: Offload,
): Promise<ImportPlan> {
  const community = await getUnitOrThrow(db, input.communityId);
  if (community.kind !== "community") throw new ValidationError("communityId", "请选择社区");
  await assertCan(db, session, "volunteer.manage", community.id);
  const units = await db
    .selectFrom("org_unit")
    .select(["id", "name"])
    .where("id", "in", await descendantIds(db, [community.id]))
    .where("kind", "=", "courtyard")
    .execute();
  const courtyardNames = new Map(units.map((u) => [u.id, u.name]));
  // The file read and its rows checked on an offload thread (volunteer-import-rows.ts).
  const read = await offload.run("volunteerImportRows", input.fileBase64, {
    courtyards: units.map((u) => [u.name, u.id]),
    today: chinaToday(now),
    // A copy of just this key: a pooled Buffer would carry its whole slab to the thread.
    keys: { index: new Uint8Array(keys.index) },
  });
  if (read.kind === "unreadable")
    throw new ValidationError("file", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件");
  if (read.kind === "missing")
    throw new ValidationError("file", `缺少列：${read.columns.join("、")}，请使用导入模板`);
  if (read.kind === "empty") throw new ValidationError("file", "文件中没有数据行");
  const { rows, errors } = read;

  const existing = await existingRecords(
    db,
    rows.map((r) => r.index),
  );
  const plan: Omit<ImportPlan, "token"> = {
    communityId: community.id,
    creates: [],
    updates: [],
    unchanged: [],
    skipped: [],
    errors,
    courtyardNames,
  };
  for (const row of rows) {
    const record = existing.get(row.index);
    if (!record) plan.creates.push(row);
    else if (record.communityId !== community.id) {
      errors.push({ line: row.line, field: "身份证号", message: "该身份证号已在其他社区登记" });
    } else if (record.userId !== null) plan.skipped.push({ row, record });
    else {
      const changed = FIELDS.filter((f) => !sameValue(row.fields[f], record.fields[f]));
      if (changed.length > 0) plan.updates.push({ row, record, changed });
      else plan.unchanged.push({ row, record });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  // Records outside this 社区's 楼院 (moved since) are named too, for the preview's 修改前.
  const otherCourtyards = plan.updates
    .map((u) => u.record.fields.courtyardId)
    .filter((id): id is number => id !== null && !courtyardNames.has(id));
  if (otherCourtyards.length > 0) {
    const named = await db
      .selectFrom("org_unit")
      .select(["id", "name"])
      .where("id", "in", otherCourtyards)
      .execute();
    named.forEach((u) => courtyardNames.set(u.id, u.name));
  }
  return { ...plan, token: planToken(input.fileBase64, plan) };
}

/**
 * What the preview showed, as a digest: the file, and every record it touches as it is now. The
 * confirmation recomputes it; any difference (a record edited, a resident registered) means the
 * admin has not seen what would happen.
 */
function planToken(fileBase64: string, plan: Omit<ImportPlan, "token">): string {
  const hash = createHash("sha256").update(fileBase64);
  hash.update(
    JSON.stringify({
      community: plan.communityId,
      creates: plan.creates.map((r) => r.index),
      updates: plan.updates.map((u) => [u.record.id, u.record.fields]),
      unchanged: plan.unchanged.map((u) => u.record.id),
      skipped: plan.skipped.map((u) => u.record.id),
      errors: plan.errors.length,
    }),
  );
  return hash.digest("hex");
}

async function existingRecords(db: Db, indexes: string[]): Promise<Map<string, ExistingRecord>> {
  const found = new Map<string, ExistingRecord>();
  for (let i = 0; i < indexes.length; i += 500) {
    const rows = await db
      .selectFrom("volunteer")
      .select([
        "id",
        "community_id",
        "user_id",
        "id_number_index",
        "name",
        "mobile",
        "courtyard_id",
        "political_status",
        "service_times",
        "guardian_consent",
      ])
      .where("id_number_index", "in", indexes.slice(i, i + 500))
      .execute();
    const skills = new Map<number, Skill[]>();
    if (rows.length > 0) {
      const skillRows = await db
        .selectFrom("volunteer_skill")
        .select(["volunteer_id", "skill"])
        .where(
          "volunteer_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("volunteer_id")
        .orderBy("skill")
        .execute();
      skillRows.forEach((s) => skills.set(s.volunteer_id, [...(skills.get(s.volunteer_id) ?? []), s.skill]));
    }
    for (const r of rows) {
      found.set(r.id_number_index!, {
        id: r.id,
        communityId: r.community_id,
        userId: r.user_id,
        fields: {
          name: r.name ?? "",
          mobile: r.mobile ?? "",
          courtyardId: r.courtyard_id,
          politicalStatus: r.political_status,
          // in the vocabulary's order, as the portal lists them
          skills: SKILLS.filter((k) => skills.get(r.id)?.includes(k)),
          serviceTimes: unique(fromJson(r.service_times)),
          guardianConsent: r.guardian_consent === 1,
        },
      });
    }
  }
  return found;
}

/** A field's value as the preview shows it. */
function shown(field: keyof ImportFields, fields: ImportFields, courtyardNames: Map<number, string>): string {
  switch (field) {
    case "courtyardId":
      return fields.courtyardId === null ? "—" : (courtyardNames.get(fields.courtyardId) ?? "（已删除）");
    case "politicalStatus":
      return fields.politicalStatus ? POLITICAL_STATUS_LABELS[fields.politicalStatus] : "—";
    case "skills":
      return fields.skills.map((s) => SKILL_LABELS[s]).join("、") || "—";
    case "serviceTimes":
      return fields.serviceTimes.map((t) => SERVICE_TIME_LABELS[t]).join("、") || "—";
    case "guardianConsent":
      return fields.guardianConsent ? "是" : "否";
    default:
      return fields[field] || "—";
  }
}

/** A snapshot for the 操作日志: codes and ids (named when read), the mobile masked, no 身份证号. */
function auditSnapshot(fields: ImportFields, changed: Changed): Record<string, unknown> {
  return Object.fromEntries(
    changed.map((f) => [
      f,
      f === "mobile" && MOBILE_PATTERN.test(fields.mobile) ? maskMobile(fields.mobile) : fields[f],
    ]),
  );
}

async function errorReport(errors: ImportRowError[]) {
  return workbookBase64([
    {
      name: "导入错误",
      header: ["行号", "列", "问题"],
      widths: [8, 14, 60],
      rows: errors.map((e) => [e.line, e.field, e.message]),
    },
  ]);
}

/** Step one: what importing the file would do (新增, 更新 field by field, 未变, 跳过, 错误); changes nothing. */
export async function previewImport(
  db: Db,
  keys: DataKeys,
  session: AuthSession,
  input: { communityId: number; fileBase64: string },
  now = new Date(),
  offload: Offload = inlineOffload,
) {
  const plan = await planImport(db, keys, session, input, now, offload);
  return {
    new: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged.length,
    skippedCount: plan.skipped.length,
    updates: plan.updates.slice(0, LISTED).map(({ row, record, changed }) => ({
      line: row.line,
      name: row.fields.name,
      changes: changed.map((f) => ({
        field: FIELD_LABELS[f],
        before: shown(f, record.fields, plan.courtyardNames),
        after: shown(f, row.fields, plan.courtyardNames),
      })),
    })),
    skipped: plan.skipped.slice(0, LISTED).map(({ row }) => ({
      line: row.line,
      name: row.fields.name,
      note: RESIDENT_RECORD_NOTE,
    })),
    errorCount: plan.errors.length,
    errors: plan.errors.slice(0, 200),
    errorReportBase64: plan.errors.length > 0 ? await errorReport(plan.errors) : null,
    previewToken: plan.token,
  };
}

/**
 * Step two: imports the file the preview showed, exactly as it showed it, all or nothing. New people
 * become 已注册 volunteers of the 社区; imported records (no portal account) get the changed fields,
 * each update audited with its before and after; records residents registered are left alone.
 */
export async function confirmImport(
  db: Db,
  keys: DataKeys,
  session: AuthSession,
  input: { communityId: number; fileBase64: string; previewToken: string },
  now = new Date(),
  offload: Offload = inlineOffload,
) {
  const plan = await planImport(db, keys, session, input, now, offload);
  if (plan.errors.length > 0) {
    throw new ValidationError("file", `文件中有${plan.errors.length}处错误，请修改后重新预览`);
  }
  if (plan.token !== input.previewToken) throw new ConflictError(PREVIEW_CHANGED_MESSAGE);

  for (const row of plan.creates) {
    const f = row.fields;
    const { id } = await db
      .insertInto("volunteer")
      .values({
        name: f.name,
        gender: row.gender,
        birth_date: row.birthDate,
        id_number_enc: encryptField(keys, row.normalizedId),
        id_number_index: row.index,
        id_number_masked: maskIdNumber(row.normalizedId),
        mobile: f.mobile,
        political_status: f.politicalStatus,
        service_times: toJson(f.serviceTimes),
        guardian_consent: f.guardianConsent ? 1 : 0,
        courtyard_id: f.courtyardId,
        user_id: null,
        community_id: plan.communityId,
        status: "registered",
        consent_at: now.toISOString(),
        submitted_at: now.toISOString(),
        reviewed_at: now.toISOString(),
        reviewed_by: session.user.id,
        registered_at: now.toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await replaceSkills(db, id, f.skills);
  }

  for (const { row, record, changed } of plan.updates) {
    const f = row.fields;
    const set = {
      ...(changed.includes("name") && { name: f.name }),
      ...(changed.includes("mobile") && { mobile: f.mobile }),
      ...(changed.includes("courtyardId") && { courtyard_id: f.courtyardId }),
      ...(changed.includes("politicalStatus") && { political_status: f.politicalStatus }),
      ...(changed.includes("serviceTimes") && { service_times: toJson(f.serviceTimes) }),
      ...(changed.includes("guardianConsent") && { guardian_consent: f.guardianConsent ? 1 : 0 }),
    };
    if (Object.keys(set).length > 0) {
      // user_id is null: the plan only updates imported records, and the token says none was claimed since.
      await db
        .updateTable("volunteer")
        .set(set)
        .where("id", "=", record.id)
        .where("user_id", "is", null)
        .execute();
    }
    if (changed.includes("skills")) await replaceSkills(db, record.id, f.skills);
    await recordAudit(
      db,
      session,
      {
        action: "volunteer.import_update",
        targetType: "volunteer",
        targetId: record.id,
        orgUnitId: plan.communityId,
        before: auditSnapshot(record.fields, changed),
        after: auditSnapshot(f, changed),
      },
      now,
    );
  }

  const summary = {
    imported: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged.length,
    skipped: plan.skipped.length,
  };
  await recordAudit(
    db,
    session,
    {
      action: "volunteer.import",
      targetType: "org_unit",
      targetId: plan.communityId,
      orgUnitId: plan.communityId,
      after: {
        ...summary,
        rows: plan.creates.length + plan.updates.length + plan.unchanged.length + plan.skipped.length,
      },
    },
    now,
  );
  return summary;
}
