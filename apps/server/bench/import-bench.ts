import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import {
  checkCharacter,
  createCaller,
  createContext,
  createSession,
  ensureSystemAdmin,
  migrateToLatest,
  openDatabase,
  resolveSession,
  seedDemo,
} from "@chuangcheng/domain";
import { loadDataKeys } from "../src/data-key.js";

// Run as its own process so that its peak memory is the import's alone. Prints one JSON line.

const ROWS = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), "cc-import-"));
const { keys } = loadDataKeys(dir, undefined);
const db = openDatabase(join(dir, "import.db"));
await migrateToLatest(db);
await ensureSystemAdmin(db, { mobile: "13800000000", password: "bench-admin-pass" });
await seedDemo(db);

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet("志愿者导入");
ws.addRow(["姓名", "身份证号", "手机号", "楼院", "政治面貌", "服务技能", "服务时间", "监护人同意"]);
const courtyards = ["邮政局家属院", "房管所家属院", "一小家属院", "供销社家属院", "建安小区", "粮站家属院"];
for (let i = 0; i < ROWS; i++) {
  const first17 = `370302${1950 + (i % 50)}${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}${String(i % 1000).padStart(3, "0")}`;
  ws.addRow([`志愿者${i}`, first17 + checkCharacter(first17), `136${String(10_000_000 + i).slice(-8)}`, courtyards[i % courtyards.length], "群众", "文艺、环卫", "周末上午", "否"]);
}
const fileBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");

const t0 = performance.now();
const parsed = new ExcelJS.Workbook();
await parsed.xlsx.load(Buffer.from(fileBase64, "base64") as unknown as ArrayBuffer);
const parseMs = performance.now() - t0;

const admin = await db.selectFrom("user").select("id").where("mobile", "=", "13800000002").executeTakeFirstOrThrow();
const { token } = await createSession(db, admin.id);
const caller = createCaller(createContext({ db, keys, session: await resolveSession(db, token) }));
const community = await db.selectFrom("org_unit").select("id").where("name", "=", "东街社区").executeTakeFirstOrThrow();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t1 = performance.now();
// Both steps, as the console does them: the preview reads the file, the confirmation reads it again.
const input = { communityId: community.id, fileBase64 };
const preview = await caller.volunteer.importPreview(input);
const result = await caller.volunteer.importConfirm({ ...input, previewToken: preview.previewToken });
const importMs = performance.now() - t1;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await db.destroy();
console.info(
  JSON.stringify({
    rows: ROWS,
    imported: result.imported,
    errors: preview.errorCount,
    fileKb: Math.round((fileBase64.length * 3) / 4 / 1024),
    parseMs: Math.round(parseMs),
    importMs: Math.round(importMs),
    peakRssMb: Math.round(peak / 1048576),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
