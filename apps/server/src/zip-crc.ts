import { createRequire } from "node:module";
import { crc32 } from "node:zlib";

/**
 * archiver computes every zip entry's CRC-32 on the event loop, in JavaScript (crc32-stream calls the
 * crc-32 package's `buf` for each chunk). A 台账 package of 69 MB of photos spent 0.5 s of the event
 * loop's time there, in the seconds everyone else's requests waited behind it. Node's own crc32
 * (zlib, native) gives the same numbers at a fraction of the cost.
 *
 * crc32-stream holds the crc-32 module object and reads `buf` at each call, so replacing the function
 * on that object (the one archiver's copy of crc32-stream loads, wherever npm put it) is enough. The
 * answer keeps crc-32's contract: a signed 32-bit number, `seed` the CRC so far.
 */
export function useNativeZipCrc(): CrcModule {
  const fromArchiver = createRequire(createRequire(import.meta.url).resolve("archiver"));
  const fromZipStream = createRequire(fromArchiver.resolve("zip-stream"));
  const fromCompressCommons = createRequire(fromZipStream.resolve("compress-commons"));
  const fromCrcStream = createRequire(fromCompressCommons.resolve("crc32-stream"));
  const crcModule = fromCrcStream("crc-32") as CrcModule;
  if (crcModule.buf !== nativeBuf) crcModule.buf = nativeBuf;
  return crcModule;
}

export interface CrcModule {
  buf: (data: Uint8Array, seed?: number) => number;
}

export function nativeBuf(data: Uint8Array, seed = 0): number {
  return crc32(data, seed >>> 0) | 0;
}
