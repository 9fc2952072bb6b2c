import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createSession,
  localDiskStorage,
  SESSION_COOKIE,
  storeUpload,
  type Database,
  type FileStorage,
} from "@chuangcheng/domain";
import {
  auditRows,
  createTestDb,
  makeOrgTree,
  makeProblem,
  makeUser,
  phoneJpeg,
  TEST_KEYS,
} from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

// GET /api/ledgers/:kind through the real server: a 10,000-row 志愿服务活动台账 fetched over HTTP as the
// console does (the body read chunk by chunk) and opened with ExcelJS; the 问题整改台账 as a zip whose
// sheet links to the photos inside; the refusals by status and field; the 操作日志 row.

let db: Kysely<Database>;
let root: string;
let storage: FileStorage;
let app: Awaited<ReturnType<typeof buildServer>>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let people: Record<"adminA" | "workerA" | "resident", number>;
/** streams the store handed out, to see that an aborted download closes them */
let opened: Readable[];

const cookieOf = async (userId: number) => `${SESSION_COOKIE}=${(await createSession(db, userId)).token}`;
const year = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4);
const period = `from=${year}-01-01&to=${year}-12-31`;

beforeEach(async () => {
  db = await createTestDb();
  root = mkdtempSync(join(tmpdir(), "cc-ledger-export-"));
  const disk = localDiskStorage(root);
  opened = [];
  storage = {
    ...disk,
    async get(key) {
      const stream = await disk.get(key);
      if (stream) opened.push(stream);
      return stream;
    },
  };
  app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", files: { storage } });
  tree = await makeOrgTree(db);
  const user = (opts: Parameters<typeof makeUser>[1]) => makeUser(db, opts).then((u) => u.id);
  people = {
    adminA: await user({ role: "community_admin", unitId: tree.a.community }),
    workerA: await user({ role: "grid_worker", unitId: tree.a.grid }),
    resident: await user({
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
  };
});

afterEach(async () => {
  await app.close();
  await db.destroy();
  rmSync(root, { recursive: true, force: true });
});

/** `n` published activities of 社区 甲 this year, one a minute from 1 March, 活动1 … 活动n. */
async function manyActivities(n: number) {
  const start = Date.parse(`${year}-03-01T08:00:00+08:00`);
  for (let i = 0; i < n; i += 500) {
    const chunk = Array.from({ length: Math.min(500, n - i) }, (_, k) => {
      const at = start + (i + k) * 60_000;
      return {
        community_id: tree.a.community,
        kind: "volunteer_service" as const,
        title: `活动${i + k + 1}`,
        team_id: null,
        starts_at: new Date(at).toISOString(),
        ends_at: new Date(at + 3_600_000).toISOString(),
        place_unit_id: null,
        place_text: `广场${(i + k) % 7}`,
        capacity: 20,
        description: null,
        status: "published" as const,
        created_by: null,
        created_at: new Date().toISOString(),
      };
    });
    await db.insertInto("activity").values(chunk).execute();
  }
}

describe("GET /api/ledgers/:kind", () => {
  it("streams a 10,000-row ledger that Excel opens, with its row count ahead", async () => {
    await manyActivities(10_000);
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const res = await fetch(
      `http://127.0.0.1:${port}/api/ledgers/activities?unitId=${tree.a.community}&${period}`,
      { headers: { cookie: await cookieOf(people.adminA) } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ledger-rows")).toBe("10000");
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const name = `甲社区-志愿服务活动台账-${year}0101-${year}1231.xlsx`;
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="ledger-activities-${year}0101-${year}1231.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    // Read as the console does: chunk by chunk.
    const chunks: Uint8Array[] = [];
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBeGreaterThan(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe("志愿服务活动台账");
    expect(ws.getRow(1).getCell(1).text).toBe("志愿服务活动台账");
    expect(ws.getRow(2).getCell(1).text).toContain("共10000条");
    expect(ws.getRow(4).values).toEqual([
      undefined,
      "序号",
      "活动名称",
      "活动类型",
      "活动日期",
      "活动时间",
      "活动地点",
      "组织单位",
      "报名人数",
      "参加人数",
      "服务时长（小时）",
    ]);
    expect(ws.rowCount).toBe(4 + 10_000);
    const cells = (n: number) => Array.from({ length: 10 }, (_, i) => ws.getRow(n).getCell(i + 1).text);
    expect(cells(5)).toEqual([
      "1",
      "活动1",
      "志愿服务",
      `${year}-03-01`,
      "08:00-09:00",
      "广场0",
      "甲社区",
      "0",
      "0",
      "0",
    ]);
    // The 10,000th: 9,999 minutes (6 days 22:39) after 1 March 08:00, in order.
    expect(cells(4 + 10_000)).toEqual([
      "10000",
      "活动10000",
      "志愿服务",
      `${year}-03-08`,
      "06:39-07:39",
      `广场${9999 % 7}`,
      "甲社区",
      "0",
      "0",
      "0",
    ]);
    const titles = new Set<string>();
    for (let r = 5; r <= 4 + 10_000; r++) titles.add(ws.getRow(r).getCell(2).text);
    expect(titles.size).toBe(10_000);
    // Recorded before it went out.
    const audit = (await auditRows(db)).filter((r) => r.action === "report.ledger_export");
    expect(audit.map((r) => r.after)).toEqual([
      { filter: `志愿服务活动台账，甲社区，${year}-01-01 至 ${year}-12-31`, rows: 10_000 },
    ]);
  }, 120_000);

  it("sends the 问题整改台账 as a zip: the sheet linking to the photos in it", async () => {
    const upload = await storeUpload(db, storage, {
      uploaderId: people.workerA,
      input: await phoneJpeg({ width: 300, height: 200 }),
    });
    const id = await makeProblem(db, { courtyardId: tree.a.courtyard, state: "closed" });
    const step = await db
      .selectFrom("problem_step")
      .select("id")
      .where("problem_id", "=", id)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("file")
      .set({ owner_type: "problem_step", owner_id: step.id })
      .where("id", "=", upload.id)
      .execute();
    const res = await app.inject({
      url: `/api/ledgers/problems?unitId=${tree.a.grid}&${period}`,
      headers: { cookie: await cookieOf(people.workerA) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    expect(res.headers["x-ledger-rows"]).toBe("1");
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files);
    const photo = `照片/问题${id}-整改前.jpg`;
    expect(names).toEqual(["问题整改台账.xlsx", photo]);
    const served = await app.inject({
      url: `/files/${upload.id}`,
      headers: { cookie: await cookieOf(people.workerA) },
    });
    expect(await zip.file(photo)!.async("nodebuffer")).toEqual(served.rawPayload);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file("问题整改台账.xlsx")!.async("arraybuffer")) as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(5);
    expect(row.getCell(2).text).toBe("楼道堆放杂物");
    expect(row.getCell(11).value).toEqual({ text: "整改前照片", hyperlink: photo });
  });

  it("refuses in Chinese before the file starts, naming the field", async () => {
    const get = async (query: string, userId: number | null, kind = "activities") =>
      app.inject({
        url: `/api/ledgers/${kind}?${query}`,
        headers: userId === null ? {} : { cookie: await cookieOf(userId) },
      });
    const unit = `unitId=${tree.a.community}`;
    const cases: Array<[Awaited<ReturnType<typeof get>>, number, Record<string, string>]> = [
      [await get(`${unit}&${period}`, null), 401, { error: "请先登录", code: "UNAUTHORIZED" }],
      [
        await get(period, people.adminA),
        400,
        { error: "请选择要导出台账的单位", code: "BAD_REQUEST", field: "unitId" },
      ],
      [
        await get(`${unit}&from=${year}-12-31&to=${year}-01-01`, people.adminA),
        400,
        { error: "开始日期不能晚于结束日期", code: "BAD_REQUEST", field: "from" },
      ],
      [
        await get(`${unit}&from=2010-01-01&to=2026-01-01`, people.adminA),
        400,
        { error: "导出期间不能超过10年，请缩短期间", code: "BAD_REQUEST", field: "to" },
      ],
      [
        await get(`unitId=${tree.b.community}&${period}`, people.adminA),
        403,
        { error: "没有权限导出乙社区的志愿服务活动台账", code: "FORBIDDEN" },
      ],
      [
        await get(`${unit}&${period}`, people.resident),
        403,
        { error: "没有权限导出甲社区的志愿服务活动台账", code: "FORBIDDEN" },
      ],
      [
        await get(`${unit}&${period}`, people.adminA, "salaries"),
        400,
        { error: "没有这种台账，请从报表与导出页面选择", code: "BAD_REQUEST", field: "kind" },
      ],
    ];
    for (const [res, status, body] of cases) {
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status, body });
    }
    expect((await auditRows(db)).filter((r) => r.action === "report.ledger_export")).toEqual([]);
  });

  it("stops reading when the client goes away", async () => {
    // 200 problems, each with a photo of 256 KB: a zip of about 50 MB.
    const at = new Date().toISOString();
    for (let i = 0; i < 200; i++) {
      const id = await makeProblem(db, { courtyardId: tree.a.courtyard });
      const step = await db
        .selectFrom("problem_step")
        .select("id")
        .where("problem_id", "=", id)
        .executeTakeFirstOrThrow();
      const bytes = randomBytes(256 * 1024);
      const key = createHash("sha256").update(bytes).digest("hex");
      await storage.put(key, bytes);
      await db
        .insertInto("file")
        .values({
          storage_key: key,
          thumb_key: key,
          uploader_id: people.adminA,
          byte_size: bytes.length,
          thumb_byte_size: bytes.length,
          width: 640,
          height: 480,
          mime: "image/jpeg",
          owner_type: "problem_step",
          owner_id: step.id,
          created_at: at,
          attached_at: at,
        })
        .execute();
    }
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const cookie = await cookieOf(people.adminA);
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          port,
          host: "127.0.0.1",
          path: `/api/ledgers/problems?unitId=${tree.a.community}&${period}`,
          headers: { cookie },
        },
        (res) => {
          let n = 0;
          res.on("data", (chunk: Buffer) => {
            n += chunk.length;
            // Past the first megabyte: hang up.
            if (n > 1024 * 1024) {
              res.destroy();
              req.destroy();
              resolve(n);
            }
          });
          res.on("error", () => undefined);
        },
      );
      req.on("error", (e) => (e.message.includes("socket hang up") ? undefined : reject(e)));
      req.end();
    });
    expect(received).toBeLessThan(20 * 1024 * 1024);
    // Every photo stream opened gets closed, and most are never opened.
    await expect.poll(() => opened.every((s) => s.destroyed), { timeout: 5000 }).toBe(true);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.length).toBeLessThan(100);
    const after = await app.inject({ url: "/healthz" });
    expect(after.statusCode).toBe(200);
  });
});
