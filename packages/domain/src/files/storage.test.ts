import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import { localDiskStorage, readAll } from "./storage.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cc-store-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const keyOf = (data: Buffer) => createHash("sha256").update(data).digest("hex");

it("puts bytes or a stream under a content key, gets them back, and deletes them", async () => {
  const store = localDiskStorage(root);
  const a = Buffer.from("第一张照片");
  const b = Buffer.alloc(300_000, 7);
  await store.put(keyOf(a), a);
  await store.put(keyOf(b), Readable.from([b.subarray(0, 100_000), b.subarray(100_000)]));
  expect(await readAll(store, keyOf(a))).toEqual(a);
  expect(await readAll(store, keyOf(b))).toEqual(b);
  expect(await store.exists(keyOf(a))).toBe(true);
  // Putting the same key again replaces it in place; no temporary files are left behind.
  await store.put(keyOf(a), a);
  expect(readdirSync(join(root, keyOf(a).slice(0, 2), keyOf(a).slice(2, 4)))).toEqual([keyOf(a)]);

  await store.delete(keyOf(a));
  await store.delete(keyOf(a));
  expect(await store.exists(keyOf(a))).toBe(false);
  expect(await store.get(keyOf(a))).toBeNull();
});

it("refuses a key that is not a content hash, so no path reaches the disk", async () => {
  const store = localDiskStorage(root);
  for (const key of ["../../etc/passwd", "ABC", "a".repeat(63), `${"a".repeat(64)}/x`]) {
    await expect(store.put(key, Buffer.from("x"))).rejects.toThrow(/not a content key/);
    await expect(store.get(key)).rejects.toThrow(/not a content key/);
  }
});

it("leaves nothing half-written when a stream fails", async () => {
  const store = localDiskStorage(root);
  const key = keyOf(Buffer.from("never"));
  const failing = new Readable({
    read() {
      this.destroy(new Error("connection lost"));
    },
  });
  await expect(store.put(key, failing)).rejects.toThrow("connection lost");
  expect(await store.exists(key)).toBe(false);
  expect(readdirSync(join(root, key.slice(0, 2), key.slice(2, 4)))).toEqual([]);
});
