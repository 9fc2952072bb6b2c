import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { ConflictError, NotFoundError, ThrottledError, ValidationError } from "../errors.js";
import { createTestDb, makeUser } from "../testing/index.js";
import { NOT_AN_IMAGE } from "./image-processing.js";
import {
  attachFiles,
  copyFilesTo,
  detachFiles,
  filesOf,
  MAX_PENDING_UPLOADS,
  photoIdsSchema,
  storeUpload,
} from "./files-service.js";
import { removeUnattachedFiles } from "./files-cleanup.js";
import { localDiskStorage, readAll } from "./storage.js";
import { executableBytes, phoneJpeg, solidPng } from "./test-images.js";

let db: Kysely<Database>;
let root: string;
let storage: ReturnType<typeof localDiskStorage>;
let alice: number;
let bob: number;

beforeEach(async () => {
  db = await createTestDb();
  root = mkdtempSync(join(tmpdir(), "cc-files-"));
  storage = localDiskStorage(root);
  alice = (await makeUser(db)).id;
  bob = (await makeUser(db)).id;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Every stored object under the store's root (sharded folders walked). */
function storedObjects(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? storedObjects(join(dir, e.name)) : [e.name],
  );
}

const upload = async (uploaderId: number, colour: [number, number, number] = [30, 160, 60]) =>
  storeUpload(db, storage, { uploaderId, input: await solidPng(64, 48, colour) });

async function refusal(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal");
}

describe("storeUpload", () => {
  it("stores the re-encoded image and its thumbnail by content hash, with one row for the uploader", async () => {
    const ref = await storeUpload(db, storage, {
      uploaderId: alice,
      input: await phoneJpeg({ width: 400, height: 200 }),
    });
    expect(ref).toEqual({
      id: ref.id,
      width: 200,
      height: 400,
      url: `/files/${ref.id}`,
      thumbUrl: `/files/${ref.id}/thumb`,
    });
    const row = await db.selectFrom("file").selectAll().where("id", "=", ref.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      uploader_id: alice,
      width: 200,
      height: 400,
      mime: "image/jpeg",
      owner_type: null,
      owner_id: null,
    });
    expect(row.storage_key).toMatch(/^[0-9a-f]{64}$/);
    const image = await readAll(storage, row.storage_key);
    const thumb = await readAll(storage, row.thumb_key);
    expect(image?.length).toBe(row.byte_size);
    expect(thumb?.length).toBe(row.thumb_byte_size);
    expect((await sharp(thumb!).metadata()).height).toBe(320);
    // Sharded: ab/cd/abcd…
    const k = row.storage_key;
    expect(storage.pathOf(k)).toBe(join(root, k.slice(0, 2), k.slice(2, 4), k));
  });

  it("keeps one copy of the bytes for the same photo uploaded twice", async () => {
    const a = await upload(alice);
    const b = await upload(bob);
    const rows = await db
      .selectFrom("file")
      .select(["id", "storage_key", "thumb_key"])
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(rows[0]!.storage_key).toBe(rows[1]!.storage_key);
    expect(storedObjects()).toHaveLength(2);
  });

  it("stores nothing for a refused file", async () => {
    const error = await refusal(storeUpload(db, storage, { uploaderId: alice, input: executableBytes() }));
    expect(error).toEqual(new ValidationError("file", NOT_AN_IMAGE));
    expect(await db.selectFrom("file").selectAll().execute()).toEqual([]);
    expect(storedObjects()).toEqual([]);
  });

  it(`refuses an uploader holding ${MAX_PENDING_UPLOADS} photos not yet attached`, async () => {
    const now = new Date().toISOString();
    const row = {
      storage_key: "a".repeat(64),
      thumb_key: "b".repeat(64),
      byte_size: 1,
      thumb_byte_size: 1,
      width: 1,
      height: 1,
    };
    await db
      .insertInto("file")
      .values(
        Array.from({ length: MAX_PENDING_UPLOADS }, () => ({
          ...row,
          uploader_id: alice,
          mime: "image/jpeg" as const,
          owner_type: null,
          owner_id: null,
          created_at: now,
          attached_at: null,
        })),
      )
      .execute();
    expect(await refusal(upload(alice))).toBeInstanceOf(ThrottledError);
    await upload(bob);
  });
});

describe("attachFiles", () => {
  it("attaches the uploader's own photos to an item, and filesOf lists them per item in upload order", async () => {
    const [p1, p2, p3] = [
      await upload(alice, [1, 2, 3]),
      await upload(alice, [4, 5, 6]),
      await upload(alice, [7, 8, 9]),
    ];
    const refs = await attachFiles(db, {
      fileIds: [p2.id, p1.id],
      ownerType: "problem",
      ownerId: 10,
      actorUserId: alice,
    });
    expect(refs.map((r) => r.id)).toEqual([p2.id, p1.id]);
    await attachFiles(db, { fileIds: [p3.id], ownerType: "problem_step", ownerId: 10, actorUserId: alice });

    const photos = await filesOf(db, "problem", [10, 11]);
    expect(photos.get(10)).toEqual([p1, p2]);
    expect(photos.get(11)).toEqual([]);
    expect((await filesOf(db, "problem_step", [10])).get(10)).toEqual([p3]);
    const row = await db.selectFrom("file").selectAll().where("id", "=", p1.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_type: "problem", owner_id: 10 });
    expect(row.attached_at).not.toBeNull();
  });

  it("refuses someone else's upload, an unknown id and a photo used elsewhere, on the field photos, attaching none", async () => {
    const mine = await upload(alice, [1, 1, 1]);
    const theirs = await upload(bob, [2, 2, 2]);
    const used = await upload(alice, [3, 3, 3]);
    await attachFiles(db, { fileIds: [used.id], ownerType: "problem", ownerId: 1, actorUserId: alice });

    const attach = (fileIds: number[]) =>
      refusal(attachFiles(db, { fileIds, ownerType: "problem", ownerId: 2, actorUserId: alice }));
    const missing = "照片不存在或已过期（上传后须在 24 小时内提交），请重新上传";
    expect(await attach([mine.id, theirs.id])).toEqual(new ValidationError("photos", missing));
    expect(await attach([mine.id, 999_999])).toEqual(new ValidationError("photos", missing));
    expect(await attach([mine.id, used.id])).toEqual(
      new ValidationError("photos", "这张照片已用于其他记录，请重新上传"),
    );
    expect((await filesOf(db, "problem", [2])).get(2)).toEqual([]);
    const row = await db
      .selectFrom("file")
      .select("owner_id")
      .where("id", "=", mine.id)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBeNull();
  });

  it("accepts the item's own photos sent again, so a form can send its whole list", async () => {
    const a = await upload(alice, [1, 1, 1]);
    const b = await upload(alice, [2, 2, 2]);
    await attachFiles(db, { fileIds: [a.id], ownerType: "problem", ownerId: 5, actorUserId: alice });
    const refs = await attachFiles(db, {
      fileIds: [a.id, b.id, a.id],
      ownerType: "problem",
      ownerId: 5,
      actorUserId: alice,
    });
    expect(refs.map((r) => r.id)).toEqual([a.id, b.id]);
    expect((await filesOf(db, "problem", [5])).get(5)?.map((r) => r.id)).toEqual([a.id, b.id]);
  });

  it("refuses a 10th photo on an item, in one call or added to those it has", async () => {
    const photos = [];
    for (let i = 0; i < 10; i++) photos.push(await upload(alice, [i * 20, 0, 0]));
    const ids = photos.map((p) => p.id);
    const tooMany = await refusal(
      attachFiles(db, { fileIds: ids, ownerType: "problem", ownerId: 1, actorUserId: alice }),
    );
    expect(tooMany).toEqual(new ValidationError("photos", "最多上传 9 张照片"));

    await attachFiles(db, { fileIds: ids.slice(0, 8), ownerType: "problem", ownerId: 1, actorUserId: alice });
    const oneMore = await refusal(
      attachFiles(db, { fileIds: ids.slice(8), ownerType: "problem", ownerId: 1, actorUserId: alice }),
    );
    expect(oneMore).toEqual(new ValidationError("photos", "每条记录最多 9 张照片，已有 8 张"));
    expect((await filesOf(db, "problem", [1])).get(1)).toHaveLength(8);
    // A smaller limit for items that take fewer.
    const limited = await refusal(
      attachFiles(db, {
        fileIds: ids.slice(8),
        ownerType: "board_entry",
        ownerId: 1,
        actorUserId: alice,
        max: 1,
      }),
    );
    expect(limited).toEqual(new ValidationError("photos", "最多上传 1 张照片"));
  });

  it("lets only one of two requests attaching the same photo at once succeed", async () => {
    const p = await upload(alice);
    const attachTo = (ownerId: number) =>
      db
        .transaction()
        .execute((trx) =>
          attachFiles(trx, { fileIds: [p.id], ownerType: "problem", ownerId, actorUserId: alice }),
        );
    const results = await Promise.allSettled([attachTo(1), attachTo(2)]);
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i + 1] : []));
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    // PostgreSQL runs both side by side (the second write finds it taken); SQLite one after the other.
    expect(lost.reason instanceof ConflictError || lost.reason instanceof ValidationError).toBe(true);
    const row = await db
      .selectFrom("file")
      .select("owner_id")
      .where("id", "=", p.id)
      .executeTakeFirstOrThrow();
    expect(row.owner_id).toBe(won[0]);
  });
});

describe("detachFiles", () => {
  it("takes all or some photos off an item, and only that item's", async () => {
    const [a, b, c] = [
      await upload(alice, [1, 1, 1]),
      await upload(alice, [2, 2, 2]),
      await upload(alice, [3, 3, 3]),
    ];
    await attachFiles(db, { fileIds: [a.id, b.id], ownerType: "problem", ownerId: 1, actorUserId: alice });
    await attachFiles(db, { fileIds: [c.id], ownerType: "problem", ownerId: 2, actorUserId: alice });
    expect(await detachFiles(db, { ownerType: "problem", ownerId: 1, fileIds: [b.id, c.id] })).toBe(1);
    expect((await filesOf(db, "problem", [1, 2])).get(1)).toEqual([a]);
    expect(await detachFiles(db, { ownerType: "problem", ownerId: 1 })).toBe(1);
    expect((await filesOf(db, "problem", [1, 2])).get(1)).toEqual([]);
    expect((await filesOf(db, "problem", [1, 2])).get(2)).toEqual([c]);
  });
});

describe("copyFilesTo", () => {
  it("attaches copies naming the same bytes to another owner, which outlive the source's removal", async () => {
    const [a, b] = [await upload(alice, [4, 4, 4]), await upload(alice, [5, 5, 5])];
    await attachFiles(db, {
      fileIds: [a.id, b.id],
      ownerType: "problem_step",
      ownerId: 7,
      actorUserId: alice,
    });
    const objects = storedObjects().length;
    const now = new Date("2026-12-02T08:00:00Z");
    const copies = await copyFilesTo(db, {
      fileIds: [b.id, a.id],
      ownerType: "board_entry_after",
      ownerId: 3,
      actorUserId: bob,
      now,
    });
    expect(copies.map((c) => [c.width, c.height])).toEqual([
      [b.width, b.height],
      [a.width, a.height],
    ]);
    expect(copies.every((c) => c.id !== a.id && c.id !== b.id)).toBe(true);
    expect((await filesOf(db, "board_entry_after", [3])).get(3)!.map((c) => c.id)).toEqual(
      copies.map((c) => c.id),
    );
    const rows = await db
      .selectFrom("file")
      .selectAll()
      .where("id", "in", [a.id, copies[1]!.id])
      .orderBy("id")
      .execute();
    const [source, copy] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect({ ...copy, id: source.id }).toEqual({
      ...source,
      uploader_id: bob,
      owner_type: "board_entry_after",
      owner_id: 3,
      created_at: now.toISOString(),
      attached_at: now.toISOString(),
    });
    // No new bytes: the copies name the stored objects of their sources.
    expect(storedObjects()).toHaveLength(objects);

    // The source taken off and cleaned away a day later: the copies and their bytes stay.
    await detachFiles(db, { ownerType: "problem_step", ownerId: 7 });
    await removeUnattachedFiles(db, storage, new Date(Date.now() + 2 * 24 * 3600 * 1000));
    expect(await db.selectFrom("file").select("id").where("id", "in", [a.id, b.id]).execute()).toEqual([]);
    expect(storedObjects()).toHaveLength(objects);
    const copied = await db
      .selectFrom("file")
      .select("storage_key")
      .where("id", "=", copies[0]!.id)
      .executeTakeFirstOrThrow();
    expect((await readAll(storage, copied.storage_key))?.length).toBeGreaterThan(0);
  });

  it("refuses an upload not attached to anything and an unknown id, copying none", async () => {
    const attached = await upload(alice, [6, 6, 6]);
    await attachFiles(db, { fileIds: [attached.id], ownerType: "problem", ownerId: 1, actorUserId: alice });
    const pending = await upload(alice, [7, 7, 7]);
    for (const ids of [
      [attached.id, pending.id],
      [attached.id, 999_999],
    ]) {
      const error = await refusal(
        db
          .transaction()
          .execute((trx) =>
            copyFilesTo(trx, { fileIds: ids, ownerType: "board_entry_after", ownerId: 1, actorUserId: bob }),
          ),
      );
      expect(error).toBeInstanceOf(NotFoundError);
    }
    expect((await filesOf(db, "board_entry_after", [1])).get(1)).toEqual([]);
  });
});

describe("photoIdsSchema", () => {
  it("takes up to 9 distinct ids and says in Chinese what is wrong otherwise", () => {
    expect(photoIdsSchema.parse([1, 2, 3])).toEqual([1, 2, 3]);
    const issue = (value: unknown) => photoIdsSchema.safeParse(value).error?.issues[0]?.message;
    expect(issue([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe("最多上传 9 张照片");
    expect(issue([1, 1])).toBe("同一张照片只能添加一次");
    expect(issue([0])).toBe("照片编号无效");
    expect(issue(["1"])).toBe("照片编号无效");
    expect(issue("1,2")).toBe("照片须为照片编号的列表");
  });
});
