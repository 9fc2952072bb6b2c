import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  attachFiles,
  createSession,
  FILE_ACCESS_RULES,
  localDiskStorage,
  MAX_UPLOAD_BYTES,
  SESSION_COOKIE,
  storeUpload,
  type Database,
} from "@chuangcheng/domain";
import {
  EXIF_GPS_TAG,
  executableBytes,
  makeOrgTree,
  makeUser,
  phoneJpeg,
  pngBomb,
  solidPng,
  TEST_DEVICE,
  TEST_KEYS,
  truncated,
} from "@chuangcheng/domain/testing";
import type { Role } from "@chuangcheng/domain";
import { scheduleFileCleanup } from "./files-routes.js";
import { buildServer } from "./server.js";

// The photo routes against a real database: server.ts with the files storage in a temporary folder.
// Run by files-routes.test.ts (SQLite) and files-routes.pg.test.ts (PostgreSQL).

export interface TestDatabase {
  db: Kysely<Database>;
  close(): Promise<void>;
}

/** One multipart/form-data body, as a browser's FormData sends it. */
export function multipart(
  parts: Array<{ name: string; data: Buffer | string; filename?: string; type?: string }>,
) {
  const boundary = `----cc${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`;
    chunks.push(Buffer.from(head), Buffer.from(p.data), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A photo the way the portal sends it: field `file`, a name and the browser's idea of its type. */
const photo = (data: Buffer | string, filename = "photo.jpg", type = "image/jpeg") =>
  multipart([{ name: "file", data, filename, type }]);

function storedObjects(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? storedObjects(join(dir, e.name)) : [e.name],
  );
}

export function fileRouteCases(open: () => Promise<TestDatabase>) {
  let database: TestDatabase;
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
    database = await open();
    db = database.db;
    root = mkdtempSync(join(tmpdir(), "cc-files-http-"));
    temp = mkdtempSync(join(tmpdir(), "cc-upload-tmp-"));
    app = await buildServer({
      db,
      keys: TEST_KEYS,
      logLevel: "silent",
      files: { storage: localDiskStorage(root), tempDir: temp },
      allowedOrigins: ["https://cc.example.cn"],
    });
    alice = await login();
    bob = await login();
  });
  afterEach(async () => {
    await app.close();
    await database.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  });

  const upload = (body: ReturnType<typeof multipart>, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url: "/api/files",
      headers: { "content-type": body.contentType, ...headers },
      payload: body.payload,
    });

  async function nothingStored() {
    expect(await db.selectFrom("file").select("id").execute()).toEqual([]);
    expect(storedObjects(root)).toEqual([]);
    expect(readdirSync(temp)).toEqual([]);
  }

  it("takes a phone photo and serves it upright, without EXIF, privately cached, to its uploader", async () => {
    const res = await upload(photo(await phoneJpeg({ width: 400, height: 200 })), {
      cookie: alice.cookie,
      origin: "http://localhost:80",
    });
    expect(res.statusCode).toBe(201);
    const ref = res.json();
    expect(ref).toEqual({
      id: ref.id,
      width: 200,
      height: 400,
      url: `/files/${ref.id}`,
      thumbUrl: `/files/${ref.id}/thumb`,
    });
    expect(readdirSync(temp)).toEqual([]);

    const image = await app.inject({ url: ref.url, headers: { cookie: alice.cookie } });
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/jpeg");
    expect(image.headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    expect(image.headers["x-content-type-options"]).toBe("nosniff");
    expect(Number(image.headers["content-length"])).toBe(image.rawPayload.length);
    expect(image.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(image.rawPayload.includes(EXIF_GPS_TAG)).toBe(false);
    expect(image.rawPayload.includes(Buffer.from(TEST_DEVICE))).toBe(false);
    // The security headers of every answer still apply (helmet): images may come from this origin and blob:.
    expect(image.headers["content-security-policy"]).toContain("img-src 'self' data: blob:");

    const thumb = await app.inject({ url: ref.thumbUrl, headers: { cookie: alice.cookie } });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.rawPayload.length).toBeLessThan(image.rawPayload.length);

    // The same bytes forever: a revalidation is answered 304 from the ETag.
    const again = await app.inject({
      url: ref.url,
      headers: { cookie: alice.cookie, "if-none-match": String(image.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it("answers 404 for a photo the session may not see, a guessed id, and a path that is no id", async () => {
    const ref = (await upload(photo(await solidPng(80, 60)), { cookie: alice.cookie })).json();
    for (const [url, cookie] of [
      [ref.url, bob.cookie],
      [ref.thumbUrl, bob.cookie],
      [ref.url, undefined],
      [`/files/${ref.id + 1}`, alice.cookie],
      ["/files/abc", alice.cookie],
      ["/files/0", alice.cookie],
      [`/files/${ref.id}/original`, alice.cookie],
    ] as const) {
      const res = await app.inject({ url, headers: cookie ? { cookie } : {} });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"], url).toMatch(/^application\/json/);
      expect(res.json().error).toBe("未找到");
    }
  });

  it("shows an attached photo to whom its owner type's rule allows", async () => {
    const ref = (await upload(photo(await solidPng(80, 60)), { cookie: alice.cookie })).json();
    await attachFiles(db, {
      fileIds: [ref.id],
      ownerType: "board_entry",
      ownerId: 42,
      actorUserId: alice.id,
    });
    const before = FILE_ACCESS_RULES.board_entry;
    FILE_ACCESS_RULES.board_entry = async (_db, session, ids) =>
      new Set(session?.user.id === bob.id ? ids : []);
    try {
      expect((await app.inject({ url: ref.url, headers: { cookie: bob.cookie } })).statusCode).toBe(200);
      expect((await app.inject({ url: ref.url })).statusCode).toBe(404);
      // The uploader keeps seeing their own photo.
      expect((await app.inject({ url: ref.url, headers: { cookie: alice.cookie } })).statusCode).toBe(200);
    } finally {
      if (before) FILE_ACCESS_RULES.board_entry = before;
      else delete FILE_ACCESS_RULES.board_entry;
    }
  });

  it("lets every role upload, and shows an unattached upload to its uploader alone, whatever their role", async () => {
    const tree = await makeOrgTree(db);
    const roles: Array<[Role, number | null]> = [
      ["resident", null],
      ["grid_worker", tree.a.grid],
      ["community_admin", tree.a.community],
      ["street_admin", tree.street],
      ["system_admin", null],
    ];
    const people = [];
    for (const [role, unitId] of roles) {
      const { id } = await makeUser(
        db,
        role === "resident" ? { communityId: tree.a.community } : { role, unitId },
      );
      const { token } = await createSession(db, id);
      const cookie = `${SESSION_COOKIE}=${token}`;
      const res = await upload(photo(await solidPng(40, 30, [people.length * 40, 10, 10])), { cookie });
      expect(res.statusCode, role).toBe(201);
      people.push({ role, cookie, url: res.json().url as string });
    }
    for (const viewer of people) {
      for (const owner of people) {
        const status = (await app.inject({ url: owner.url, headers: { cookie: viewer.cookie } })).statusCode;
        expect(status, `${viewer.role} viewing ${owner.role}'s upload`).toBe(viewer === owner ? 200 : 404);
      }
    }
  });

  it("refuses an upload without a session, from another site, or with a temporary password", async () => {
    const body = photo(await solidPng(20, 20));
    const noSession = await upload(body);
    expect(noSession.statusCode).toBe(401);
    expect(noSession.json()).toEqual({ error: "请先登录" });
    const foreign = await upload(body, { cookie: alice.cookie, origin: "https://evil.example" });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toMatch(/请求来源不被允许/);
    expect((await upload(body, { cookie: alice.cookie, origin: "https://cc.example.cn" })).statusCode).toBe(
      201,
    );

    await db.deleteFrom("file").execute();
    rmSync(root, { recursive: true, force: true });
    await db.updateTable("user").set({ must_change_password: 1 }).where("id", "=", bob.id).execute();
    const temporary = await upload(body, { cookie: bob.cookie });
    expect(temporary.statusCode).toBe(403);
    expect(temporary.json().error).toBe("请先修改临时密码");
    expect(await db.selectFrom("file").select("id").execute()).toEqual([]);
  });

  it("refuses what is not multipart, and multipart without a file", async () => {
    const json = await app.inject({
      method: "POST",
      url: "/api/files",
      headers: { cookie: alice.cookie, "content-type": "application/json" },
      payload: JSON.stringify({ file: "x" }),
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error).toMatch(/multipart\/form-data/);
    const noFile = await upload(multipart([{ name: "note", data: "只有文字" }]), { cookie: alice.cookie });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json()).toEqual({ error: "请选择要上传的照片", field: "file" });
    await nothingStored();
  });

  it("decides from the content, never the name or type: each bad file gets a Chinese message and stores nothing", async () => {
    const whole = await phoneJpeg({ width: 800, height: 600, noise: true, orientation: 1 });
    const cases: Array<[string, Buffer | string, string, string]> = [
      [
        "a program renamed",
        executableBytes(),
        "photo.jpg",
        "文件不是有效的图片，请上传 JPG、PNG 或 WebP 照片",
      ],
      [
        "text renamed",
        "这是一段文字，不是照片。".repeat(20),
        "IMG_0001.JPG",
        "文件不是有效的图片，请上传 JPG、PNG 或 WebP 照片",
      ],
      ["an empty file", Buffer.alloc(0), "empty.jpg", "文件是空的，请重新选择照片"],
      ["a truncated JPEG", truncated(whole, 0.6), "broken.jpg", "图片已损坏或不完整，请重新拍摄或选择"],
      [
        "a pixel bomb",
        pngBomb(30_000, 30_000),
        "bomb.png",
        "图片尺寸过大（最多约 6400 万像素），请缩小后再上传",
      ],
    ];
    for (const [what, data, filename, message] of cases) {
      const res = await upload(photo(data, filename), { cookie: alice.cookie });
      expect(res.statusCode, what).toBe(400);
      expect(res.json(), what).toEqual({ error: message, field: "file" });
    }
    await nothingStored();
    // A real photo sent as application/octet-stream with no extension is still a photo.
    expect(
      (await upload(photo(whole, "blob", "application/octet-stream"), { cookie: alice.cookie })).statusCode,
    ).toBe(201);
  });

  it("answers 413 with a Chinese message for more than 10 MB, and stores nothing", async () => {
    const big = photo(Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0xff));
    const res = await upload(big, { cookie: alice.cookie });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: "文件超过 10MB，请压缩后再上传", field: "file" });
    await nothingStored();
  });

  it("answers 413 over a real connection while the browser is still sending, instead of dropping it", async () => {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("no address");
    const big = photo(Buffer.alloc(MAX_UPLOAD_BYTES + 2 * 1024 * 1024, 0xff));
    const res = await fetch(`http://127.0.0.1:${address.port}/api/files`, {
      method: "POST",
      headers: { "content-type": big.contentType, cookie: alice.cookie },
      body: big.payload,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "文件超过 10MB，请压缩后再上传", field: "file" });
    // The connection still serves the next request.
    const small = photo(await solidPng(10, 10));
    const ok = await fetch(`http://127.0.0.1:${address.port}/api/files`, {
      method: "POST",
      headers: { "content-type": small.contentType, cookie: alice.cookie },
      body: small.payload,
    });
    expect(ok.status).toBe(201);
  });

  it("refuses a body announced far beyond the limit before reading it", async () => {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("no address");
    const { request } = await import("node:http");
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: address.port,
          method: "POST",
          path: "/api/files",
          headers: {
            cookie: alice.cookie,
            "content-type": "multipart/form-data; boundary=x",
            "content-length": String(50 * 1024 * 1024),
          },
        },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      // A little of the promised body, then nothing more: the answer must not wait for the rest.
      req.write(Buffer.alloc(64 * 1024));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: "文件超过 10MB，请压缩后再上传", field: "file" });
    await nothingStored();
  });

  it("removes uploads never attached within a day, at start and then on its schedule", async () => {
    const storage = localDiskStorage(root);
    const old = await storeUpload(db, storage, {
      uploaderId: alice.id,
      input: await solidPng(30, 30, [1, 2, 3]),
      now: new Date(Date.now() - 25 * 60 * 60 * 1000),
    });
    const fresh = await storeUpload(db, storage, {
      uploaderId: alice.id,
      input: await solidPng(30, 30, [4, 5, 6]),
    });
    const cleanup = scheduleFileCleanup(app, { db, storage, everyMs: 60_000 });
    await app.ready();
    await cleanup.run();
    const ids = (await db.selectFrom("file").select("id").execute()).map((r) => r.id);
    expect(ids).toEqual([fresh.id]);
    expect((await app.inject({ url: old.url, headers: { cookie: alice.cookie } })).statusCode).toBe(404);
    expect(storedObjects(root)).toHaveLength(2);
  });
}
