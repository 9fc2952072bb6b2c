import type { Kysely } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { decryptField } from "../secrets/data-keys.js";
import { chinaToday } from "../time.js";
import { IMPORT_COLUMNS } from "./volunteer-excel.js";
import { ageOn } from "./id-number.js";
import {
  TEST_KEYS,
  auditRows,
  callerFor,
  createTestDb,
  errorShapeOf,
  makeOrgTree,
  makeUnit,
  makeUser,
  makeVolunteer,
  sheetsOf,
  trpcErrorOf,
  validIdNumber,
  workbookOf,
} from "../testing/index.js";

let db: Kysely<Database>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let adminA: number;
let workerA: number;

beforeEach(async () => {
  db = await createTestDb();
  tree = await makeOrgTree(db);
  adminA = (await makeUser(db, { role: "community_admin", unitId: tree.a.community })).id;
  workerA = (await makeUser(db, { role: "grid_worker", unitId: tree.a.grid })).id;
});

const as = (userId: number) => callerFor(db, userId);
const YEAR = Number(chinaToday().slice(0, 4));
const ID = { sun: validIdNumber("1962-08-15", true), qian: "11010519491231002X", teen: validIdNumber(`${YEAR - 16}-01-01`, false) };
const row = (name: string, idNumber: string, mobile: string, extra: Partial<Record<"courtyard" | "guardian", string>> = {}) => [
  name,
  idNumber,
  mobile,
  extra.courtyard ?? "甲社区一号院",
  "中共党员",
  "医疗、为老服务",
  "周末上午，工作日晚上",
  extra.guardian ?? "否",
];
const goodRows = () => [
  row("孙大夫", ID.sun, "13700000001"),
  row("钱奶奶", ID.qian.toLowerCase(), "13700000002"),
  row("周同学", ID.teen, "13700000003", { guardian: "是" }),
];
const fileA = (fileBase64: string) => ({ communityId: tree.a.community, fileBase64 });
const previewA = async (fileBase64: string) => (await as(adminA)).volunteer.importPreview(fileA(fileBase64));
/** Both steps, as the console does them: preview, then confirm with the preview's token. */
const importA = async (fileBase64: string) => {
  const { previewToken } = await previewA(fileBase64);
  return (await as(adminA)).volunteer.importConfirm({ ...fileA(fileBase64), previewToken });
};
const confirmA = async (fileBase64: string, previewToken: string) =>
  (await as(adminA)).volunteer.importConfirm({ ...fileA(fileBase64), previewToken });
const volunteers = () => db.selectFrom("volunteer").selectAll().orderBy("id").execute();

describe("volunteer.importTemplate", () => {
  it("offers a workbook whose header is the import columns, with the example kept off the import sheet", async () => {
    const { fileName, base64 } = await (await as(adminA)).volunteer.importTemplate();
    expect(fileName).toBe("志愿者导入模板.xlsx");
    const sheets = await sheetsOf(base64);
    expect(Object.keys(sheets)).toEqual(["志愿者导入", "填写说明"]);
    expect(sheets["志愿者导入"]).toEqual([[...IMPORT_COLUMNS]]);
    expect(sheets["填写说明"]?.some((row) => row[0] === "张三")).toBe(true);

    // Imported untouched, the template adds nobody: a forgotten example never becomes a volunteer.
    const empty = await trpcErrorOf(importA(base64));
    expect(empty.message).toBe("文件中没有数据行");
    expect((await (await as(adminA)).volunteer.roster({})).total).toBe(0);
  });
});

describe("volunteer.importPreview and importConfirm", () => {
  it("previews new people without writing anything, then imports them as 已注册 volunteers, encrypted, and audits it", async () => {
    const file = await workbookOf(IMPORT_COLUMNS, goodRows());
    const preview = await previewA(file);
    expect(preview).toMatchObject({ new: 3, updated: 0, unchanged: 0, skippedCount: 0, updates: [], skipped: [], errorCount: 0, errors: [], errorReportBase64: null });
    expect(preview.previewToken).toMatch(/^[0-9a-f]{64}$/);
    expect(await volunteers()).toEqual([]);
    expect(await auditRows(db)).toEqual([]);

    expect(await confirmA(file, preview.previewToken)).toEqual({ imported: 3, updated: 0, unchanged: 0, skipped: 0 });
    const rows = await volunteers();
    expect(rows.map((r) => [r.name, r.status, r.user_id, r.community_id, r.courtyard_id, r.political_status, r.guardian_consent])).toEqual([
      ["孙大夫", "registered", null, tree.a.community, tree.a.courtyard, "party_member", 0],
      ["钱奶奶", "registered", null, tree.a.community, tree.a.courtyard, "party_member", 0],
      ["周同学", "registered", null, tree.a.community, tree.a.courtyard, "party_member", 1],
    ]);
    expect(rows.map((r) => decryptField(TEST_KEYS, r.id_number_enc!))).toEqual([ID.sun, ID.qian, ID.teen]);
    expect(rows[0]).toMatchObject({ gender: "male", birth_date: "1962-08-15", service_times: '["weekend_morning","weekday_evening"]' });
    expect(JSON.stringify(rows)).not.toContain(ID.sun);
    const skills = await db.selectFrom("volunteer_skill").select("skill").where("volunteer_id", "=", rows[0]!.id).orderBy("skill").execute();
    expect(skills.map((s) => s.skill)).toEqual(["elderly_care", "medical"]);
    expect((await auditRows(db)).map((r) => [r.action, r.org_unit_id, r.after])).toEqual([
      ["volunteer.import", tree.a.community, { imported: 3, updated: 0, unchanged: 0, skipped: 0, rows: 3 }],
    ]);
  });

  it("reports every problem by line, with a report workbook, and refuses to confirm such a file", async () => {
    const wrong = ID.sun.slice(0, 17) + (ID.sun[17] === "1" ? "2" : "1");
    const file = await workbookOf(IMPORT_COLUMNS, [
      ...goodRows(),
      row("错号码", wrong, "1370000000"),
      row("重复人", ID.sun, "13700000005", { courtyard: "不存在院" }),
      row("少年", validIdNumber(`${YEAR - 16}-01-01`, true), "13700000006"),
    ]);
    const preview = await previewA(file);
    expect(preview).toMatchObject({ new: 3, errorCount: 5 });
    expect(preview.errors).toEqual([
      { line: 5, field: "手机号", message: "手机号应为11位数字，以13-19开头" },
      { line: 5, field: "身份证号", message: "身份证号校验位不正确，请核对" },
      { line: 6, field: "楼院", message: "本社区没有楼院“不存在院”" },
      { line: 6, field: "身份证号", message: "与第2行的身份证号重复" },
      { line: 7, field: "监护人同意", message: "未满18周岁，需勾选监护人同意" },
    ]);
    const report = await sheetsOf(preview.errorReportBase64!);
    expect(report["导入错误"]).toEqual([
      ["行号", "列", "问题"],
      ...preview.errors.map((e) => [String(e.line), e.field, e.message]),
    ]);
    // All or nothing: the good rows of a file with errors are not imported either.
    const refused = await trpcErrorOf(confirmA(file, preview.previewToken));
    expect(errorShapeOf(refused, "volunteer.importConfirm").data.fieldErrors).toEqual({ file: ["文件中有5处错误，请修改后重新预览"] });
    expect(await volunteers()).toEqual([]);
    expect(await auditRows(db)).toEqual([]);
  });

  it("is idempotent by 身份证号: the same file again is all 未变, and changes nothing", async () => {
    const file = await workbookOf(IMPORT_COLUMNS, goodRows());
    await importA(file);
    const first = await volunteers();
    const again = await previewA(file);
    expect(again).toMatchObject({ new: 0, updated: 0, unchanged: 3, skippedCount: 0, updates: [] });
    expect(await confirmA(file, again.previewToken)).toEqual({ imported: 0, updated: 0, unchanged: 3, skipped: 0 });
    expect(await volunteers()).toEqual(first);
    // The order of the skills and times written is no change either.
    const reordered = goodRows().map((r) => [...r.slice(0, 5), "为老服务、医疗", "工作日晚上、周末上午", r[7]!]);
    expect(await previewA(await workbookOf(IMPORT_COLUMNS, reordered))).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    expect((await auditRows(db)).filter((r) => r.action === "volunteer.import_update")).toEqual([]);
  });

  it("updates only the changed fields of imported records, shows them field by field, and audits each with its before and after", async () => {
    await importA(await workbookOf(IMPORT_COLUMNS, goodRows()));
    const first = await volunteers();
    const changed = goodRows();
    changed[0]![2] = "13700000099";
    changed[1]![0] = "钱奶奶改";
    changed[1]![3] = "甲社区二号院";
    changed[1]![5] = "医疗、理发";
    changed[1]![6] = "周末上午";
    await makeUnit(db, "courtyard", tree.a.grid, { name: "甲社区二号院" });
    const file = await workbookOf(IMPORT_COLUMNS, changed);
    const preview = await previewA(file);
    expect(preview).toMatchObject({ new: 0, updated: 2, unchanged: 1, skippedCount: 0 });
    expect(preview.updates).toEqual([
      { line: 2, name: "孙大夫", changes: [{ field: "手机号", before: "13700000001", after: "13700000099" }] },
      {
        line: 3,
        name: "钱奶奶改",
        changes: [
          { field: "姓名", before: "钱奶奶", after: "钱奶奶改" },
          { field: "楼院", before: "甲社区一号院", after: "甲社区二号院" },
          { field: "服务技能", before: "医疗、为老服务", after: "医疗、理发" },
          { field: "服务时间", before: "周末上午、工作日晚上", after: "周末上午" },
        ],
      },
    ]);
    expect(await confirmA(file, preview.previewToken)).toEqual({ imported: 0, updated: 2, unchanged: 1, skipped: 0 });
    const after = await volunteers();
    expect(after.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(after[0]?.mobile).toBe("13700000099");
    expect(after[1]).toMatchObject({ name: "钱奶奶改", service_times: '["weekend_morning"]' });
    expect(after[2]).toEqual(first[2]);
    const skills = await db.selectFrom("volunteer_skill").select("skill").where("volunteer_id", "=", after[1]!.id).orderBy("skill").execute();
    expect(skills.map((s) => s.skill)).toEqual(["haircut", "medical"]);

    const audit = (await auditRows(db)).filter((r) => r.action === "volunteer.import_update");
    expect(audit.map((r) => [r.target_type, r.target_id, r.org_unit_id, r.before, r.after])).toEqual([
      ["volunteer", String(after[0]!.id), tree.a.community, { mobile: "137****0001" }, { mobile: "137****0099" }],
      [
        "volunteer",
        String(after[1]!.id),
        tree.a.community,
        { name: "钱奶奶", courtyardId: tree.a.courtyard, skills: ["medical", "elderly_care"], serviceTimes: ["weekend_morning", "weekday_evening"] },
        { name: "钱奶奶改", courtyardId: expect.any(Number), skills: ["medical", "haircut"], serviceTimes: ["weekend_morning"] },
      ],
    ]);
    const stored = JSON.stringify(await auditRows(db));
    expect(stored).not.toMatch(/1[3-9]\d{9}/);
    for (const id of Object.values(ID)) expect(stored).not.toContain(id.slice(6, 14));
    // The 操作日志 shows it in Chinese, ids by name.
    const { items } = await (await as(adminA)).audit.list({ action: "volunteer.import_update" });
    expect(items.map((r) => r.changes.map((c) => [c.label, c.before, c.after]))).toEqual([
      [
        ["楼院", "甲社区一号院", "甲社区二号院"],
        ["服务技能", "医疗、为老服务", "医疗、理发"],
        ["服务时间", "周末上午、工作日晚上", "周末上午"],
      ],
      [["手机号", "137****0001", "137****0099"]],
    ]);
  });

  it("never overwrites a record the resident registered on the portal, and says so on its row", async () => {
    const resident = (await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })).id;
    const own = await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: resident, idNumber: ID.qian, name: "钱秀兰", mobile: "13900000001" });
    const before = await volunteers();
    const file = await workbookOf(IMPORT_COLUMNS, goodRows());
    const preview = await previewA(file);
    expect(preview).toMatchObject({ new: 2, updated: 0, unchanged: 0, skippedCount: 1 });
    expect(preview.skipped).toEqual([
      { line: 3, name: "钱奶奶", note: "该志愿者由本人在居民端登记，导入不会覆盖；如需修改请在志愿者名册中编辑" },
    ]);
    expect(await confirmA(file, preview.previewToken)).toEqual({ imported: 2, updated: 0, unchanged: 0, skipped: 1 });
    expect((await volunteers()).find((r) => r.id === own.id)).toEqual(before[0]);
    expect((await auditRows(db)).map((r) => r.action)).toEqual(["volunteer.import"]);
  });

  it("answers CONFLICT when the records changed between the preview and the confirmation", async () => {
    await importA(await workbookOf(IMPORT_COLUMNS, goodRows()));
    const changed = goodRows();
    changed[0]![2] = "13700000099";
    const file = await workbookOf(IMPORT_COLUMNS, changed);
    const preview = await previewA(file);
    expect(preview.updates.map((u) => u.changes)).toEqual([[{ field: "手机号", before: "13700000001", after: "13700000099" }]]);
    // Someone edits 孙大夫's record after the preview: the admin has not seen what would be overwritten.
    await db.updateTable("volunteer").set({ mobile: "13700000077" }).where("name", "=", "孙大夫").execute();
    const conflict = await trpcErrorOf(confirmA(file, preview.previewToken));
    expect([conflict.code, conflict.message]).toEqual(["CONFLICT", "预览之后志愿者资料已有变化，请重新预览后再确认导入"]);
    expect((await volunteers()).find((r) => r.name === "孙大夫")?.mobile).toBe("13700000077");

    // A token that is not the file's own is refused the same way, and a fresh preview goes through.
    const stale = await trpcErrorOf(confirmA(file, "0".repeat(64)));
    expect(stale.code).toBe("CONFLICT");
    const fresh = await previewA(file);
    expect(fresh.updates.map((u) => u.changes)).toEqual([[{ field: "手机号", before: "13700000077", after: "13700000099" }]]);
    expect(await confirmA(file, fresh.previewToken)).toMatchObject({ updated: 1 });
  });

  it("answers CONFLICT when a resident registered one of the file's people in between", async () => {
    const file = await workbookOf(IMPORT_COLUMNS, goodRows());
    const preview = await previewA(file);
    expect(preview.new).toBe(3);
    const resident = (await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })).id;
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: resident, idNumber: ID.sun, status: "pending" });
    expect((await trpcErrorOf(confirmA(file, preview.previewToken))).code).toBe("CONFLICT");
    expect(await volunteers()).toHaveLength(1);
  });

  it("refuses a 身份证号 registered in another 社区", async () => {
    await makeVolunteer(db, { courtyardId: tree.b.courtyard, idNumber: ID.qian, name: "乙社区的人" });
    const preview = await previewA(await workbookOf(IMPORT_COLUMNS, goodRows()));
    expect(preview).toMatchObject({ new: 2, errorCount: 1 });
    expect(preview.errors).toEqual([{ line: 3, field: "身份证号", message: "该身份证号已在其他社区登记" }]);
    expect(JSON.stringify(preview)).not.toContain("乙社区的人");
    expect((await volunteers()).map((r) => r.name)).toEqual(["乙社区的人"]);
  });

  it("refuses a file without the template's columns, or no Excel at all", async () => {
    const noMobile = await workbookOf(["姓名", "身份证号", "楼院", "政治面貌", "服务技能", "服务时间"], [["孙大夫", ID.sun, "甲社区一号院", "群众", "医疗", "周末上午"]]);
    const missing = await trpcErrorOf(previewA(noMobile));
    expect(errorShapeOf(missing, "volunteer.importPreview").data.fieldErrors).toEqual({ file: ["缺少列：手机号，请使用导入模板"] });
    const garbage = await trpcErrorOf(previewA(Buffer.from("不是Excel").toString("base64")));
    expect(errorShapeOf(garbage, "volunteer.importPreview").data.fieldErrors).toEqual({ file: ["无法读取该文件，请上传 .xlsx 格式的 Excel 文件"] });
    const empty = await trpcErrorOf(previewA(await workbookOf(IMPORT_COLUMNS, [])));
    expect(empty.message).toBe("文件中没有数据行");
  });

  it("is for the admins of the 社区: a grid worker may neither preview nor confirm", async () => {
    const file = await workbookOf(IMPORT_COLUMNS, goodRows());
    const { previewToken } = await previewA(file);
    expect((await trpcErrorOf((await as(workerA)).volunteer.importPreview(fileA(file)))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf((await as(workerA)).volunteer.importConfirm({ ...fileA(file), previewToken }))).code).toBe("FORBIDDEN");
    expect(await volunteers()).toEqual([]);
  });

  it("lets the person named by an imported record (same mobile) claim it from the portal", async () => {
    await importA(await workbookOf(IMPORT_COLUMNS, goodRows()));
    const registration = {
      name: "孙大夫",
      idNumber: ID.sun,
      mobile: "13700000001",
      courtyardId: tree.a.courtyard,
      politicalStatus: "party_member" as const,
      skills: ["medical" as const],
      serviceTimes: ["weekend_morning" as const],
      dataConsent: true as const,
    };
    // Knowing the 身份证号 is not enough: an account with another mobile is refused.
    const stranger = (await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community })).id;
    const refused = await trpcErrorOf((await as(stranger)).volunteer.register(registration));
    expect(refused.message).toBe("该身份证号已登记为志愿者，如有疑问请联系社区");

    const resident = (
      await makeUser(db, { role: "resident", unitId: tree.a.community, communityId: tree.a.community, mobile: "13700000001" })
    ).id;
    // A rejected registration of their own is replaced by the claimed record: one per person.
    await makeVolunteer(db, { courtyardId: tree.a.courtyard, userId: resident, status: "rejected" });
    const result = await (await as(resident)).volunteer.register(registration);
    expect(result.status).toBe("registered");
    const mine = await db.selectFrom("volunteer").select(["id", "status", "name"]).where("user_id", "=", resident).execute();
    expect(mine).toEqual([{ id: (await volunteers())[0]!.id, status: "registered", name: "孙大夫" }]);
  });
});

describe("volunteer.exportRoster", () => {
  it("writes the 注册资料 columns with masked 身份证号, never the full number", async () => {
    await importA(await workbookOf(IMPORT_COLUMNS, goodRows()));
    await db.updateTable("volunteer").set({ confirmed_minutes: 150 }).where("name", "=", "孙大夫").execute();
    await makeVolunteer(db, { courtyardId: tree.b.courtyard, name: "乙社区的人" });
    const { fileName, base64 } = await (await as(adminA)).volunteer.exportRoster({ sort: "name", order: "asc" });
    expect(fileName).toBe("志愿者注册资料.xlsx");
    const sheet = (await sheetsOf(base64))["志愿者注册资料"]!;
    expect(sheet[0]).toEqual(["姓名", "性别", "年龄", "身份证号", "手机号", "政治面貌", "服务技能", "服务时间", "网格", "楼院", "状态", "注册时间", "累计时长（小时）"]);
    // Pinyin order (qián, sūn, zhōu), on SQLite and PostgreSQL alike: db/ordering.ts.
    expect(sheet.slice(1).map((r) => r[0])).toEqual(["钱奶奶", "孙大夫", "周同学"]);
    const sun = sheet.find((r) => r[0] === "孙大夫")!;
    expect(sun.slice(0, 11)).toEqual([
      "孙大夫",
      "男",
      String(ageOn("1962-08-15", chinaToday())),
      `${ID.sun.slice(0, 6)}********${ID.sun.slice(14)}`,
      "13700000001",
      "中共党员",
      "为老服务、医疗",
      "周末上午、工作日晚上",
      "甲社区第一网格",
      "甲社区一号院",
      "已注册",
    ]);
    expect(sun[12]).toBe("2.5");
    const text = JSON.stringify(sheet);
    for (const id of Object.values(ID)) expect(text).not.toContain(id.slice(6, 14));

    const worker = (await sheetsOf((await (await as(workerA)).volunteer.exportRoster({ sort: "name", order: "asc" })).base64))["志愿者注册资料"]!;
    expect(worker.slice(1).map((r) => r[4])).toEqual(["137****0002", "137****0001", "137****0003"]);
  });
});
