import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { ValidationError } from "../errors.js";
import { createTestDb, makeUser } from "../testing/index.js";
import { checkDocument, cleanDocumentName, sniffDocument } from "./document-type.js";
import {
  attachDocuments,
  detachDocuments,
  documentForViewer,
  documentsOf,
  storeDocument,
} from "./documents-service.js";
import { removeUnattachedFiles } from "./files-cleanup.js";
import { MAX_DOCUMENT_BYTES } from "./limits.js";
import { localDiskStorage, readAll } from "./storage.js";
import { executableBytes, solidPng } from "./test-images.js";
import { testDocx, testPdf, testXlsx, testZip } from "./test-documents.js";

let db: Kysely<Database>;
let root: string;
let temp: string;
let storage: ReturnType<typeof localDiskStorage>;
let alice: number;
let bob: number;

beforeEach(async () => {
  db = await createTestDb();
  root = mkdtempSync(join(tmpdir(), "cc-docs-"));
  temp = mkdtempSync(join(tmpdir(), "cc-docs-in-"));
  storage = localDiskStorage(root);
  alice = (await makeUser(db)).id;
  bob = (await makeUser(db)).id;
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

let counter = 0;
function onDisk(bytes: Buffer): string {
  const path = join(temp, `in-${++counter}`);
  writeFileSync(path, bytes);
  return path;
}

async function refusal(call: Promise<unknown>): Promise<ValidationError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a refusal");
}

const storedObjects = (dir = root): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? storedObjects(join(dir, e.name)) : [e.name],
  );

describe("what a document is, by its content", () => {
  it("knows a PDF, a DOCX and a real XLSX, and nothing else", async () => {
    expect((await sniffDocument(onDisk(testPdf())))?.ext).toBe("pdf");
    expect((await sniffDocument(onDisk(testDocx())))?.ext).toBe("docx");
    expect((await sniffDocument(onDisk(await testXlsx())))?.ext).toBe("xlsx");
    expect(await sniffDocument(onDisk(testZip({ "readme.txt": "hello" })))).toBeNull();
    expect(await sniffDocument(onDisk(await solidPng(10, 10)))).toBeNull();
    expect(await sniffDocument(onDisk(executableBytes()))).toBeNull();
    expect(await sniffDocument(onDisk(Buffer.from("PK\x03\x04 broken")))).toBeNull();
  });

  it("refuses a file that is not what its name says, naming the file and what it really is", async () => {
    const renamed = await refusal(checkDocument(onDisk(await testXlsx()), "总结.docx"));
    expect(renamed.field).toBe("file");
    expect(renamed.message).toBe(
      "「总结.docx」的内容是Excel 表格，与扩展名 .docx 不符，请改正文件名后再上传",
    );
    const fake = await refusal(checkDocument(onDisk(executableBytes()), "实施方案.pdf"));
    expect(fake.message).toBe("「实施方案.pdf」不是有效的PDF（文件内容与扩展名不符或已损坏）");
    expect((await refusal(checkDocument(onDisk(testPdf()), "旧总结.doc"))).message).toContain("另存为 .docx");
    expect((await refusal(checkDocument(onDisk(testPdf()), "setup.exe"))).message).toContain(
      "只能上传 .pdf、.docx、.xlsx 文件",
    );
    expect((await checkDocument(onDisk(testPdf()), "方案.PDF")).ext).toBe("pdf");
  });

  it("keeps the name without folders or control characters, and at most 100 characters", () => {
    expect(cleanDocumentName("C:\\Users\\李\\总结\u0007.pdf")).toBe("总结.pdf");
    const long = `${"长".repeat(150)}.xlsx`;
    expect(cleanDocumentName(long)).toHaveLength(100);
    expect(cleanDocumentName(long).endsWith(".xlsx")).toBe(true);
  });
});

describe("storeDocument", () => {
  it("stores the bytes as sent, by content hash, with the name and type, unattached", async () => {
    const pdf = testPdf();
    const ref = await storeDocument(db, storage, {
      uploaderId: alice,
      path: onDisk(pdf),
      name: "工作总结.pdf",
    });
    expect(ref).toMatchObject({ name: "工作总结.pdf", mime: "application/pdf", byteSize: pdf.length });
    expect(ref.url).toBe(`/documents/${ref.id}`);
    const row = await db
      .selectFrom("document")
      .selectAll()
      .where("id", "=", ref.id)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBeNull();
    expect((await readAll(storage, row.storage_key))!.equals(pdf)).toBe(true);
  });

  it("refuses a disguised file, an empty one and one over 20 MB, and stores nothing", async () => {
    await refusal(
      storeDocument(db, storage, { uploaderId: alice, path: onDisk(executableBytes()), name: "a.pdf" }),
    );
    await refusal(
      storeDocument(db, storage, { uploaderId: alice, path: onDisk(Buffer.alloc(0)), name: "a.pdf" }),
    );
    const big = await refusal(
      storeDocument(db, storage, {
        uploaderId: alice,
        path: onDisk(testPdf("大", MAX_DOCUMENT_BYTES + 1024 * 1024)),
        name: "大文件.pdf",
      }),
    );
    expect(big.message).toContain("20MB");
    expect(await db.selectFrom("document").selectAll().execute()).toEqual([]);
    expect(storedObjects()).toEqual([]);
  });
});

describe("attaching, listing, viewing and cleaning up", () => {
  const owner = { ownerType: "campaign_evidence", ownerId: 7 } as const;

  it("attaches the uploader's own documents, lists them per owner and refuses someone else's", async () => {
    const a = await storeDocument(db, storage, { uploaderId: alice, path: onDisk(testPdf()), name: "a.pdf" });
    const b = await storeDocument(db, storage, {
      uploaderId: alice,
      path: onDisk(testDocx()),
      name: "b.docx",
    });
    const other = await storeDocument(db, storage, {
      uploaderId: bob,
      path: onDisk(testPdf("x")),
      name: "c.pdf",
    });
    const attached = await attachDocuments(db, { ...owner, fileIds: [b.id, a.id], actorUserId: alice });
    expect(attached.map((d) => d.name)).toEqual(["b.docx", "a.pdf"]);
    const refused = await refusal(attachDocuments(db, { ...owner, fileIds: [other.id], actorUserId: alice }));
    expect(refused.field).toBe("documents");
    expect(refused.message).toContain("文件不存在或已过期");
    expect((await documentsOf(db, "campaign_evidence", [7, 8])).get(7)!.map((d) => d.name)).toEqual([
      "a.pdf",
      "b.docx",
    ]);
    expect((await documentsOf(db, "campaign_evidence", [7, 8])).get(8)).toEqual([]);
    expect(await detachDocuments(db, { ...owner, fileIds: [a.id] })).toBe(1);
    expect((await documentsOf(db, "campaign_evidence", [7])).get(7)!.map((d) => d.name)).toEqual(["b.docx"]);
  });

  it("shows a document to its uploader, to whom the owner type's rule allows, and to nobody else", async () => {
    const ref = await storeDocument(db, storage, {
      uploaderId: alice,
      path: onDisk(testPdf()),
      name: "a.pdf",
    });
    const session = (id: number) => ({ user: { id } }) as never;
    const rules = {
      campaign_evidence: async (_db: unknown, s: { user: { id: number } } | null) =>
        new Set(s?.user.id === bob ? [7] : []),
    };
    expect((await documentForViewer(db, session(alice), ref.id, rules))?.name).toBe("a.pdf");
    expect(await documentForViewer(db, session(bob), ref.id, rules)).toBeNull();
    await attachDocuments(db, { ...owner, fileIds: [ref.id], actorUserId: alice });
    expect((await documentForViewer(db, session(bob), ref.id, rules))?.mime).toBe("application/pdf");
    expect(await documentForViewer(db, null, ref.id, rules)).toBeNull();
    expect(await documentForViewer(db, session(bob), ref.id, {})).toBeNull();
  });

  it("removes documents never attached within a day, keeping bytes another row still names", async () => {
    const pdf = testPdf();
    const day = 24 * 60 * 60 * 1000;
    const old = new Date(Date.now() - 2 * day);
    const lone = await storeDocument(db, storage, {
      uploaderId: alice,
      path: onDisk(testDocx()),
      name: "a.docx",
      now: old,
    });
    await storeDocument(db, storage, { uploaderId: alice, path: onDisk(pdf), name: "b.pdf", now: old });
    const kept = await storeDocument(db, storage, { uploaderId: bob, path: onDisk(pdf), name: "same.pdf" });
    await attachDocuments(db, { ...owner, fileIds: [kept.id], actorUserId: bob });
    expect(storedObjects()).toHaveLength(2);
    const removed = await removeUnattachedFiles(db, storage);
    expect(removed).toEqual({ files: 2, objects: 1 });
    expect((await db.selectFrom("document").select("id").execute()).map((r) => r.id)).toEqual([kept.id]);
    expect(storedObjects()).toHaveLength(1);
    expect(lone.id).not.toBe(kept.id);
  });
});
