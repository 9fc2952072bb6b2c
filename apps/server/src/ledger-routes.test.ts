import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
  storeDocument,
  storeUpload,
  type Database,
  type FileStorage,
} from "@chuangcheng/domain";
import {
  auditRows,
  callerFor,
  createTestDb,
  makeFileRow,
  makeOrgTree,
  makeUser,
  phoneJpeg,
  TEST_KEYS,
  testPdf,
} from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";

// GET /api/campaigns/:id/ledger.zip through the real server on a temporary file store: the zip opened
// and read (the index workbook's rows, a photo's bytes as stored), the refusals by status and field,
// and a client that goes away mid-download.

let db: Kysely<Database>;
let root: string;
let storage: FileStorage;
let app: Awaited<ReturnType<typeof buildServer>>;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
let people: Record<"street" | "adminA" | "adminB" | "workerA" | "resident", number>;
let campaignId: number;
/** streams the store handed out, to see that an aborted download closes them */
let opened: Readable[];

const cookieOf = async (userId: number) => `${SESSION_COOKIE}=${(await createSession(db, userId)).token}`;

beforeEach(async () => {
  db = await createTestDb();
  root = mkdtempSync(join(tmpdir(), "cc-ledger-http-"));
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
    street: await user({ role: "street_admin", unitId: tree.street }),
    adminA: await user({ role: "community_admin", unitId: tree.a.community }),
    adminB: await user({ role: "community_admin", unitId: tree.b.community }),
    workerA: await user({ role: "grid_worker", unitId: tree.a.grid }),
    resident: await user({
      role: "resident",
      unitId: tree.a.community,
      communityId: tree.a.community,
      courtyardId: tree.a.courtyard,
    }),
  };
  const year = new Date().getFullYear();
  ({ id: campaignId } = await (
    await callerFor(db, people.street)
  ).campaign.create({
    name: "2027年创建全国文明城市",
    kind: "national_civilized_city",
    periodStart: `${year}-01-01`,
    periodEnd: `${year + 1}-12-31`,
    scopeUnitId: tree.street,
  }));
});

afterEach(async () => {
  await app.close();
  await db.destroy();
  rmSync(root, { recursive: true, force: true });
});

const zipUrl = (query: string, id: number | string = campaignId) =>
  `/api/campaigns/${id}/ledger.zip?${query}`;

async function itemOf(content: string) {
  const items = await (
    await callerFor(db, people.adminA)
  ).campaign.checklist({ campaignId, communityId: tree.a.community });
  return items.find((i) => i.content === content)!;
}

async function indexRows(zip: JSZip) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.file("待审材料索引表.xlsx")!.async("arraybuffer")) as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push(Array.from({ length: 7 }, (_, i) => row.getCell(i + 1).text)));
  return rows.slice(rows.findIndex((r) => r[0] === "序号"));
}

describe("the 台账 zip", () => {
  it("streams the package: the index at the top, each photo as stored, a Chinese file name", async () => {
    const admin = await callerFor(db, people.adminA);
    const upload = await storeUpload(db, storage, {
      uploaderId: people.adminA,
      input: await phoneJpeg({ width: 300, height: 200 }),
    });
    const board = await itemOf("宣传栏更新");
    const date = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await admin.campaign.addEvidence({
      itemId: board.id,
      kind: "photo",
      title: "宣传栏更新",
      date,
      photos: [upload.id],
    });
    // A 总结 as a PDF, filed under 道德讲堂.
    const pdf = testPdf("道德讲堂年度总结", 50_000);
    const pdfPath = join(root, "upload.pdf");
    writeFileSync(pdfPath, pdf);
    const summary = await storeDocument(db, storage, {
      uploaderId: people.adminA,
      path: pdfPath,
      name: "年度总结.pdf",
    });
    rmSync(pdfPath);
    await admin.campaign.addEvidence({
      itemId: (await itemOf("道德讲堂")).id,
      kind: "summary",
      title: "道德讲堂年度总结",
      date,
      documents: [summary.id],
    });

    const cookie = await cookieOf(people.adminA);
    const res = await app.inject({ url: zipUrl(`communityId=${tree.a.community}`), headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    expect(res.headers["cache-control"]).toBe("no-store");
    const name = "甲社区-2027年创建全国文明城市-台账.zip";
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="campaign-${campaignId}-community-${tree.a.community}-ledger.zip"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );

    // The first local header (the index) says its name is UTF-8 (general purpose flag, bit 11).
    expect(res.rawPayload.readUInt32LE(0)).toBe(0x04034b50);
    expect(res.rawPayload.readUInt16LE(6) & 0x0800).toBe(0x0800);
    // …and that it is stored (method 0), not deflated again: a spreadsheet is a zip already.
    expect(res.rawPayload.readUInt16LE(8)).toBe(0);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files);
    expect(names[0]).toBe("待审材料索引表.xlsx");
    const photoPath = names.find((n) => n.endsWith(`${date} 宣传栏更新-1.jpg`))!;
    expect(photoPath).toMatch(/^\d{2} 宣传氛围\/\d{2} 宣传栏更新\//);
    const served = await app.inject({ url: `/files/${upload.id}`, headers: { cookie } });
    expect(await zip.file(photoPath)!.async("nodebuffer")).toEqual(served.rawPayload);
    // The PDF byte for byte, under the name it was uploaded with.
    const pdfInZip = names.find((n) => n.endsWith(`/${date} 年度总结.pdf`))!;
    expect(pdfInZip).toMatch(/\/\d{2} 道德讲堂\//);
    expect(await zip.file(pdfInZip)!.async("nodebuffer")).toEqual(pdf);

    const rows = await indexRows(zip);
    expect(rows[0]).toEqual(["序号", "测评项目", "测评内容", "材料名称", "类型", "日期", "文件路径"]);
    expect(rows.find((r) => r[6] === photoPath)).toEqual([
      expect.stringMatching(/^\d+$/),
      "宣传氛围",
      "宣传栏更新",
      "宣传栏更新",
      "图片",
      date,
      photoPath,
    ]);
    // Every item of the checklist is listed, those with nothing as such.
    const items = await admin.campaign.checklist({ campaignId, communityId: tree.a.community });
    expect(new Set(rows.slice(1).map((r) => r[2]))).toEqual(new Set(items.map((i) => i.content)));

    const [audit] = (await auditRows(db)).filter((r) => r.action === "campaign.ledger_download");
    expect(audit).toMatchObject({
      actor_id: people.adminA,
      target_id: String(campaignId),
      org_unit_id: tree.a.community,
    });

    // One 测评项目: only its folder, named in the file name.
    const one = await app.inject({
      url: zipUrl(`communityId=${tree.a.community}&project=${encodeURIComponent("宣传氛围")}`),
      headers: { cookie },
    });
    expect(one.statusCode).toBe(200);
    expect(one.headers["content-disposition"]).toContain(
      encodeURIComponent("甲社区-2027年创建全国文明城市-宣传氛围-台账.zip"),
    );
    const oneZip = await JSZip.loadAsync(one.rawPayload);
    expect((await indexRows(oneZip)).slice(1).every((r) => r[1] === "宣传氛围")).toBe(true);
  });

  it("refuses without a session (401), to another 社区 or a resident (403), an unknown campaign (404), bad parameters (400 by field)", async () => {
    const noSession = await app.inject({ url: zipUrl(`communityId=${tree.a.community}`) });
    expect(noSession.statusCode).toBe(401);
    expect(noSession.json()).toEqual({ error: "请先登录", code: "UNAUTHORIZED" });

    for (const who of [people.adminB, people.resident]) {
      const res = await app.inject({
        url: zipUrl(`communityId=${tree.a.community}`),
        headers: { cookie: await cookieOf(who) },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        code: "FORBIDDEN",
        error: expect.stringMatching(/\p{Script=Han}/u),
      });
    }
    const cookie = await cookieOf(people.street);
    const unknown = await app.inject({
      url: zipUrl(`communityId=${tree.a.community}`, 999_999),
      headers: { cookie },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: "创城活动不存在", code: "NOT_FOUND" });

    const bad = async (url: string, field: string) => {
      const res = await app.inject({ url, headers: { cookie } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({
        code: "BAD_REQUEST",
        field,
        error: expect.stringMatching(/\p{Script=Han}/u),
      });
    };
    await bad(zipUrl(""), "communityId");
    await bad(zipUrl("communityId=abc"), "communityId");
    await bad(zipUrl(`communityId=${tree.a.community}`, "x1"), "campaignId");
    await bad(zipUrl(`communityId=${tree.street}`), "communityId");
    await bad(
      zipUrl(`communityId=${tree.a.community}&project=${encodeURIComponent("没有的项目")}`),
      "project",
    );
    await bad(zipUrl(`communityId=${tree.a.community}&project=`), "project");
    const head = await app.inject({
      method: "HEAD",
      url: zipUrl(`communityId=${tree.a.community}`),
      headers: { cookie },
    });
    expect(head.statusCode).toBe(404);
    // Refusals record nothing.
    expect((await auditRows(db)).filter((r) => r.action === "campaign.ledger_download")).toEqual([]);
  });

  it("stops reading files when the client goes away", async () => {
    const admin = await callerFor(db, people.adminA);
    const board = await itemOf("宣传栏更新");
    // Six incompressible 4 MB files: far more than the socket buffers hold.
    for (let i = 0; i < 6; i++) {
      const bytes = randomBytes(4 * 1024 * 1024);
      const key = createHash("sha256").update(bytes).digest("hex");
      await storage.put(key, bytes);
      const id = await makeFileRow(db, people.adminA);
      await db
        .updateTable("file")
        .set({ storage_key: key, byte_size: bytes.length })
        .where("id", "=", id)
        .execute();
      await admin.campaign.addEvidence({
        itemId: board.id,
        kind: "photo",
        title: `大图${i}`,
        date: "2026-01-05",
        photos: [id],
      });
    }
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const cookie = await cookieOf(people.adminA);
    const received = await new Promise<number>((resolve, reject) => {
      const req = request(
        { port, host: "127.0.0.1", path: zipUrl(`communityId=${tree.a.community}`), headers: { cookie } },
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
    expect(received).toBeLessThan(24 * 1024 * 1024);
    // Every stream the store opened gets closed, and the rest are never opened.
    await expect.poll(() => opened.every((s) => s.destroyed), { timeout: 5000 }).toBe(true);
    expect(opened.length).toBeLessThan(6);
    // The server still answers.
    const after = await app.inject({ url: "/healthz" });
    expect(after.statusCode).toBe(200);
  });
});
