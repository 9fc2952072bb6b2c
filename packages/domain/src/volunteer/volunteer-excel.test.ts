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
const importA = async (fileBase64: string) => (await as(adminA)).volunteer.import({ communityId: tree.a.community, fileBase64 });
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

describe("volunteer.import", () => {
  it("imports every row as an 已注册 volunteer, encrypted, and audits it", async () => {
    const result = await importA(await workbookOf(IMPORT_COLUMNS, goodRows()));
    expect(result).toEqual({ imported: 3, updated: 0, errorCount: 0, errors: [], errorReportBase64: null });
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
      ["volunteer.import", tree.a.community, { imported: 3, updated: 0, rows: 3 }],
    ]);
  });

  it("imports nothing from a file with a bad row, and reports every problem by line", async () => {
    const wrong = ID.sun.slice(0, 17) + (ID.sun[17] === "1" ? "2" : "1");
    const file = await workbookOf(IMPORT_COLUMNS, [
      ...goodRows(),
      row("错号码", wrong, "1370000000"),
      row("重复人", ID.sun, "13700000005", { courtyard: "不存在院" }),
      row("少年", validIdNumber(`${YEAR - 16}-01-01`, true), "13700000006"),
    ]);
    const result = await importA(file);
    expect(result).toMatchObject({ imported: 0, updated: 0, errorCount: 5 });
    expect(result.errors).toEqual([
      { line: 5, field: "手机号", message: "手机号应为11位数字，以13-19开头" },
      { line: 5, field: "身份证号", message: "身份证号校验位不正确，请核对" },
      { line: 6, field: "楼院", message: "本社区没有楼院“不存在院”" },
      { line: 6, field: "身份证号", message: "与第2行的身份证号重复" },
      { line: 7, field: "监护人同意", message: "未满18周岁，需勾选监护人同意" },
    ]);
    const report = await sheetsOf(result.errorReportBase64!);
    expect(report["导入错误"]).toEqual([
      ["行号", "列", "问题"],
      ...result.errors.map((e) => [String(e.line), e.field, e.message]),
    ]);
    expect(await volunteers()).toEqual([]);
    expect(await auditRows(db)).toEqual([]);
  });

  it("is idempotent by 身份证号: the same file again updates the same people", async () => {
    const file = await workbookOf(IMPORT_COLUMNS, goodRows());
    await importA(file);
    const first = await volunteers();
    expect(await importA(file)).toMatchObject({ imported: 0, updated: 3, errorCount: 0 });
    const changed = goodRows();
    changed[0]![2] = "13700000099";
    expect(await importA(await workbookOf(IMPORT_COLUMNS, changed))).toMatchObject({ imported: 0, updated: 3 });
    const after = await volunteers();
    expect(after.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(after[0]?.mobile).toBe("13700000099");
    expect(await db.selectFrom("volunteer_skill").select("volunteer_id").execute()).toHaveLength(6);
  });

  it("refuses a 身份证号 registered in another 社区", async () => {
    await makeVolunteer(db, { courtyardId: tree.b.courtyard, idNumber: ID.qian, name: "乙社区的人" });
    const result = await importA(await workbookOf(IMPORT_COLUMNS, goodRows()));
    expect(result).toMatchObject({ imported: 0, errorCount: 1 });
    expect(result.errors).toEqual([{ line: 3, field: "身份证号", message: "该身份证号已在其他社区登记" }]);
    expect(JSON.stringify(result)).not.toContain("乙社区的人");
    expect((await volunteers()).map((r) => r.name)).toEqual(["乙社区的人"]);
  });

  it("refuses a file without the template's columns, or no Excel at all", async () => {
    const noMobile = await workbookOf(["姓名", "身份证号", "楼院", "政治面貌", "服务技能", "服务时间"], [["孙大夫", ID.sun, "甲社区一号院", "群众", "医疗", "周末上午"]]);
    const missing = await trpcErrorOf(importA(noMobile));
    expect(errorShapeOf(missing, "volunteer.import").data.fieldErrors).toEqual({ file: ["缺少列：手机号，请使用导入模板"] });
    const garbage = await trpcErrorOf(importA(Buffer.from("不是Excel").toString("base64")));
    expect(errorShapeOf(garbage, "volunteer.import").data.fieldErrors).toEqual({ file: ["无法读取该文件，请上传 .xlsx 格式的 Excel 文件"] });
    const empty = await trpcErrorOf(importA(await workbookOf(IMPORT_COLUMNS, [])));
    expect(empty.message).toBe("文件中没有数据行");
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
    expect(sheet.slice(1).map((r) => r[0])).toEqual(["周同学", "孙大夫", "钱奶奶"]);
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
    expect(worker.slice(1).map((r) => r[4])).toEqual(["137****0003", "137****0001", "137****0002"]);
  });
});
