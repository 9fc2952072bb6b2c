import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  attachDocuments,
  createSession,
  localDiskStorage,
  SESSION_COOKIE,
  type Database,
} from "@chuangcheng/domain";
import {
  createTestDb,
  executableBytes,
  makeUser,
  TEST_KEYS,
  testDocx,
  testPdf,
  testXlsx,
} from "@chuangcheng/domain/testing";
import { multipart } from "./files-routes.test-cases.js";
import { attachment } from "./files-routes.js";
import { buildServer } from "./server.js";

// Documents over HTTP (files-routes.ts): POST /api/documents checks the content against the name and
// the 20 MB limit; GET /documents/:id downloads under the uploaded name, to whoever may see its owner.
// The domain's rules run on both databases in packages/domain; this covers the HTTP side on SQLite.

let db: Kysely<Database>;
let root: string;
let temp: string;
let app: Awaited<ReturnType<typeof buildServer>>;
let alice: { id: number; cookie: string };
let bob: { id: number; cookie: string };

const login = async () => {
  const { id } = await makeUser(db);
  const { token } = await createSession(db, id);
  return { id, cookie: `${SESSION_COOKIE}=${token}` };
};

beforeEach(async () => {
  db = await createTestDb();
  root = mkdtempSync(join(tmpdir(), "cc-docs-http-"));
  temp = mkdtempSync(join(tmpdir(), "cc-docs-tmp-"));
  app = await buildServer({
    db,
    keys: TEST_KEYS,
    logLevel: "silent",
    files: { storage: localDiskStorage(root), tempDir: temp },
  });
  alice = await login();
  bob = await login();
});
afterEach(async () => {
  await app.close();
  await db.destroy();
  rmSync(root, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

const send = (data: Buffer, filename: string, cookie = alice.cookie) => {
  const body = multipart([{ name: "file", data, filename, type: "application/octet-stream" }]);
  return app.inject({
    method: "POST",
    url: "/api/documents",
    headers: { "content-type": body.contentType, cookie },
    payload: body.payload,
  });
};
const download = (id: number, cookie?: string) =>
  app.inject({ method: "GET", url: `/documents/${id}`, headers: cookie ? { cookie } : {} });

describe("document routes", () => {
  it("takes a DOCX under its Chinese name and gives the same bytes back to its uploader, as a download", async () => {
    const docx = testDocx();
    const res = await send(docx, "东街社区道德讲堂总结.docx");
    expect(res.statusCode).toBe(201);
    const ref = res.json();
    expect(ref).toMatchObject({
      name: "东街社区道德讲堂总结.docx",
      mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      byteSize: docx.length,
      url: `/documents/${ref.id}`,
    });
    const got = await download(ref.id, alice.cookie);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(docx)).toBe(true);
    expect(got.headers["content-disposition"]).toBe(attachment("东街社区道德讲堂总结.docx"));
    expect(got.headers["content-disposition"]).toContain(
      "filename*=UTF-8''%E4%B8%9C%E8%A1%97%E7%A4%BE%E5%8C%BA",
    );
    expect(got.headers["x-content-type-options"]).toBe("nosniff");
    // Unattached: nobody else, and no visitor.
    expect((await download(ref.id, bob.cookie)).statusCode).toBe(404);
    expect((await download(ref.id)).statusCode).toBe(404);
    expect((await download(999_999, alice.cookie)).statusCode).toBe(404);
  });

  it("shows an attached document to whom its owner's rule allows (a 社区's evidence: not to a stranger)", async () => {
    const ref = (await send(await testXlsx(), "台账.xlsx")).json();
    await attachDocuments(db, {
      fileIds: [ref.id],
      ownerType: "campaign_evidence",
      ownerId: 12345,
      actorUserId: alice.id,
    });
    expect((await download(ref.id, alice.cookie)).statusCode).toBe(200);
    expect((await download(ref.id, bob.cookie)).statusCode).toBe(404);
  });

  it("refuses a file that is not what its name says, an old .doc, and more than 20 MB, storing nothing", async () => {
    const cases: Array<[Buffer, string, number, string]> = [
      [
        executableBytes(),
        "实施方案.pdf",
        400,
        "「实施方案.pdf」不是有效的PDF（文件内容与扩展名不符或已损坏）",
      ],
      [
        await testXlsx(),
        "总结.docx",
        400,
        "「总结.docx」的内容是Excel 表格，与扩展名 .docx 不符，请改正文件名后再上传",
      ],
      [testPdf(), "总结.doc", 400, "「总结.doc」旧版 .doc 请在 Office 或 WPS 中另存为 .docx 后再上传"],
      [testPdf("大", 21 * 1024 * 1024), "大.pdf", 413, "文件超过 20MB，请压缩或拆分后再上传"],
    ];
    for (const [data, name, status, error] of cases) {
      const res = await send(data, name);
      expect(res.statusCode, name).toBe(status);
      expect(res.json(), name).toEqual({ error, field: "file" });
    }
    expect(await db.selectFrom("document").select("id").execute()).toEqual([]);
    expect(readdirSync(root)).toEqual([]);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("needs a session, like photos", async () => {
    const res = await send(testPdf(), "a.pdf", "");
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: "请先登录" });
  });
});
