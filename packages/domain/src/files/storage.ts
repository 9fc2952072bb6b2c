import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";

/**
 * Where the bytes of uploaded files live, by key (the SHA-256 of the content, in hex). Features never
 * see it: they attach and list files through the files feature, and the server streams them out. The
 * local-disk store below serves one server, or several sharing one volume; an S3-compatible store for
 * several servers implements the same four calls.
 */
export interface FileStorage {
  /** Stores the bytes under `key`, replacing what was there (the same key always holds the same bytes). */
  put(key: string, data: Buffer | Readable): Promise<void>;
  /** The bytes under `key` as a stream, or null when there are none. */
  get(key: string): Promise<Readable | null>;
  /** Removes the bytes under `key`; nothing happens when there are none. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

const KEY = /^[0-9a-f]{64}$/;

/**
 * Read in 256 KB chunks, not Node's 64 KB: each chunk costs the event loop the same whatever its size
 * as it goes through a zip's streams to the socket. A 台账 package of 315 MB of photos took 310–430 ms
 * of the event loop's CPU in 64 KB chunks, 160–210 ms in 256 KB ones (1 MB: no better).
 */
const READ_CHUNK = 256 * 1024;

/** Keys are content hashes; anything else (a path, "..") never reaches the file system. */
function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`file storage: not a content key: ${JSON.stringify(key)}`);
  return key;
}

/**
 * Files under `root` (DATA_DIR/files), sharded by the first two pairs of hex digits (ab/cd/abcd…) so
 * that no folder grows past a few thousand entries. A write goes to a temporary name beside its
 * target and is renamed into place, so a reader never sees half a file.
 */
export function localDiskStorage(root: string): FileStorage & { root: string; pathOf(key: string): string } {
  const pathOf = (key: string) => {
    const k = checkedKey(key);
    return join(root, k.slice(0, 2), k.slice(2, 4), k);
  };
  return {
    root,
    pathOf,
    async put(key, data) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString("hex")}.part`;
      try {
        if (Buffer.isBuffer(data)) await writeFile(temp, data);
        else await pipeline(data, createWriteStream(temp));
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async get(key) {
      const path = pathOf(key);
      // Opened before returning, so that a missing file is null here rather than an error mid-stream.
      try {
        const stream = createReadStream(path, { highWaterMark: READ_CHUNK });
        await new Promise<void>((resolve, reject) => {
          stream.once("open", () => resolve());
          stream.once("error", reject);
        });
        return stream;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      try {
        await unlink(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    },
    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    },
  };
}

/** All the bytes under `key` (the cleanup keeps a copy while it checks nobody needs them), or null. */
export async function readAll(storage: FileStorage, key: string): Promise<Buffer | null> {
  const stream = await storage.get(key);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
