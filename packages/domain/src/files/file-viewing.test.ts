import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { AuthSession } from "../context.js";
import type { Database } from "../db/database.js";
import { createTestDb, makeUser, sessionFor } from "../testing/index.js";
import { fileForViewer, type FileAccessRule, type FileAccessRules } from "./file-viewing.js";
import { attachFiles, storeUpload } from "./files-service.js";
import { localDiskStorage } from "./storage.js";
import { solidPng } from "./test-images.js";

let db: Kysely<Database>;
let root: string;
let uploader: AuthSession;
let other: AuthSession;
let fileId: number;

beforeEach(async () => {
  db = await createTestDb();
  root = mkdtempSync(join(tmpdir(), "cc-view-"));
  uploader = await sessionFor(db, (await makeUser(db)).id);
  other = await sessionFor(db, (await makeUser(db)).id);
  const storage = localDiskStorage(root);
  fileId = (await storeUpload(db, storage, { uploaderId: uploader.user.id, input: await solidPng(30, 20) }))
    .id;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const view = (
  session: AuthSession | null,
  rules: FileAccessRules = {},
  id = fileId,
  variant: "image" | "thumb" = "image",
) => fileForViewer(db, session, id, variant, rules);

it("shows an unattached upload to its uploader only", async () => {
  const row = await db.selectFrom("file").selectAll().where("id", "=", fileId).executeTakeFirstOrThrow();
  expect(await view(uploader)).toEqual({ key: row.storage_key, bytes: row.byte_size, mime: "image/jpeg" });
  expect(await view(uploader, {}, fileId, "thumb")).toEqual({
    key: row.thumb_key,
    bytes: row.thumb_byte_size,
    mime: "image/jpeg",
  });
  expect(await view(other)).toBeNull();
  expect(await view(null)).toBeNull();
});

it("shows an attached photo to whom the owner type's rule allows, and to nobody else", async () => {
  await attachFiles(db, {
    fileIds: [fileId],
    ownerType: "problem",
    ownerId: 7,
    actorUserId: uploader.user.id,
  });
  const asked: Array<[number | null, number[]]> = [];
  const onlyOther: FileAccessRule = async (_db, session, ownerIds) => {
    asked.push([session?.user.id ?? null, ownerIds]);
    return new Set(session?.user.id === other.user.id ? ownerIds : []);
  };
  expect(await view(other, { problem: onlyOther })).not.toBeNull();
  expect(await view(null, { problem: onlyOther })).toBeNull();
  expect(asked).toEqual([
    [other.user.id, [7]],
    [null, [7]],
  ]);
  // A rule for another owner type does not apply; no rule for the type: nobody but the uploader.
  expect(await view(other, { board_entry: onlyOther })).toBeNull();
  expect(await view(uploader, {})).not.toBeNull();
  // Published items: a rule that answers for visitors without a login.
  const everyone: FileAccessRule = async (_db, _session, ownerIds) => new Set(ownerIds);
  expect(await view(null, { problem: everyone })).not.toBeNull();
});

it("answers null alike for an id that does not exist or is not an id", async () => {
  const everyone: FileAccessRule = async (_db, _session, ownerIds) => new Set(ownerIds);
  for (const id of [fileId + 1000, 0, -1, 1.5, Number.NaN])
    expect(await view(uploader, { problem: everyone }, id)).toBeNull();
});
