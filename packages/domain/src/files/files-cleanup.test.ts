import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Database } from "../db/database.js";
import { createTestDb, makeUser } from "../testing/index.js";
import { removeUnattachedFiles } from "./files-cleanup.js";
import { attachFiles, detachFiles, storeUpload } from "./files-service.js";
import { localDiskStorage, type FileStorage } from "./storage.js";
import { solidPng } from "./test-images.js";

let db: Kysely<Database>;
let root: string;
let storage: ReturnType<typeof localDiskStorage>;
let user: number;

const HOUR = 60 * 60 * 1000;
const t0 = new Date("2026-12-04T08:00:00Z");
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);

beforeEach(async () => {
  db = await createTestDb();
  root = mkdtempSync(join(tmpdir(), "cc-cleanup-"));
  storage = localDiskStorage(root);
  user = (await makeUser(db)).id;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const upload = async (hours: number, colour: [number, number, number]) =>
  storeUpload(db, storage, { uploaderId: user, input: await solidPng(40, 30, colour), now: at(hours) });

async function keysOf(id: number) {
  return db
    .selectFrom("file")
    .select(["storage_key", "thumb_key"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}
const ids = async () => (await db.selectFrom("file").select("id").orderBy("id").execute()).map((r) => r.id);

it("removes uploads not attached within 24 hours, rows and bytes, and keeps the rest", async () => {
  const abandoned = await upload(0, [200, 0, 0]);
  const recent = await upload(2, [0, 200, 0]);
  const attached = await upload(0, [0, 0, 200]);
  await attachFiles(db, { fileIds: [attached.id], ownerType: "problem", ownerId: 1, actorUserId: user });
  const gone = await keysOf(abandoned.id);

  expect(await removeUnattachedFiles(db, storage, at(23.9))).toEqual({ files: 0, objects: 0 });
  expect(await removeUnattachedFiles(db, storage, at(24.5))).toEqual({ files: 1, objects: 2 });
  expect(await ids()).toEqual([recent.id, attached.id]);
  expect(await storage.exists(gone.storage_key)).toBe(false);
  expect(await storage.exists(gone.thumb_key)).toBe(false);
  for (const id of [recent.id, attached.id]) {
    const keys = await keysOf(id);
    expect(await storage.exists(keys.storage_key)).toBe(true);
    expect(await storage.exists(keys.thumb_key)).toBe(true);
  }
  // Two days on, the recent one has had its day too; the attached one stays for good.
  expect(await removeUnattachedFiles(db, storage, at(48))).toEqual({ files: 1, objects: 2 });
  expect(await ids()).toEqual([attached.id]);
});

it("keeps bytes another row shares (the same photo uploaded twice)", async () => {
  const first = await upload(0, [10, 20, 30]);
  const again = await upload(1, [10, 20, 30]);
  await attachFiles(db, { fileIds: [again.id], ownerType: "problem", ownerId: 3, actorUserId: user });
  const keys = await keysOf(first.id);
  expect(await keysOf(again.id)).toEqual(keys);

  expect(await removeUnattachedFiles(db, storage, at(30))).toEqual({ files: 1, objects: 0 });
  expect(await ids()).toEqual([again.id]);
  expect(await storage.exists(keys.storage_key)).toBe(true);
  expect(await storage.exists(keys.thumb_key)).toBe(true);
});

it("removes photos taken off an item once they are a day old", async () => {
  const p = await upload(0, [50, 50, 50]);
  await attachFiles(db, { fileIds: [p.id], ownerType: "problem", ownerId: 1, actorUserId: user });
  expect(await removeUnattachedFiles(db, storage, at(48))).toEqual({ files: 0, objects: 0 });
  await detachFiles(db, { ownerType: "problem", ownerId: 1 });
  expect(await removeUnattachedFiles(db, storage, at(48))).toEqual({ files: 1, objects: 2 });
  expect(await ids()).toEqual([]);
});

it("works through more uploads than one batch", async () => {
  for (let i = 0; i < 5; i++) await upload(i * 0.1, [i * 40, 0, 0]);
  expect(await removeUnattachedFiles(db, storage, at(30), { batch: 2 })).toEqual({ files: 5, objects: 10 });
  expect(await ids()).toEqual([]);
});

it("puts bytes back when a row naming them appears while they are deleted", async () => {
  const old = await upload(0, [90, 90, 90]);
  const keys = await keysOf(old.id);
  // The same photo arrives again just as the cleanup deletes its bytes: its row is in, and its own
  // write of the bytes had happened before the delete.
  let raced = false;
  const racing: FileStorage = {
    ...storage,
    async delete(key) {
      await storage.delete(key);
      if (!raced) {
        raced = true;
        await storeUploadRowOnly(keys);
      }
    },
  };
  // The image was deleted and put back; the thumbnail, named by the new row by then, was left alone.
  expect(await removeUnattachedFiles(db, racing, at(30))).toEqual({ files: 1, objects: 0 });
  expect(raced).toBe(true);
  expect(await storage.exists(keys.storage_key)).toBe(true);
  expect(await storage.exists(keys.thumb_key)).toBe(true);
});

/** A second row naming the same keys, as storeUpload inserts it before writing (and after a check). */
async function storeUploadRowOnly(keys: { storage_key: string; thumb_key: string }) {
  await db
    .insertInto("file")
    .values({
      ...keys,
      uploader_id: user,
      byte_size: 1,
      thumb_byte_size: 1,
      width: 40,
      height: 30,
      mime: "image/jpeg",
      owner_type: null,
      owner_id: null,
      created_at: at(29).toISOString(),
      attached_at: null,
    })
    .execute();
}
