import { createRequire } from "node:module";
import { crc32 } from "node:zlib";

/**
 * archiver computes every zip entry's CRC-32 on the event loop, in JavaScript (crc32-stream calls the
 * crc-32 package's `buf` for each chunk), while everyone else's requests wait behind it. Node's own
 * crc32 (zlib, native) gives the same numbers: a 300 MB 台账 package took 850–1,260 ms of the event
 * loop's CPU with crc-32 and 680–690 ms with it (`npm run bench -- ledger`).
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
  crcModule.buf = nativeBuf;
  return crcModule;
}

export interface CrcModule {
  buf: (data: Uint8Array, seed?: number) => number;
}

export function nativeBuf(data: Uint8Array, seed = 0): number {
  return crc32(data, seed >>> 0) | 0;
}
