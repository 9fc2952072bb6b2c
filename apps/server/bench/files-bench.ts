import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "@chuangcheng/browser-testing";
import { MAX_EDGE, processPhoto } from "@chuangcheng/domain";
import { bareResize, phoneJpeg } from "@chuangcheng/domain/testing";

// Issue 8's photo figures, each beside a baseline measured in the same run:
// - processing one 4000 × 3000 phone JPEG (decode, EXIF rotate, strip, resize to 2048, thumbnail)
//   against a bare sharp resize of the same file to 2048 px;
// - 20 uploads of 8 MB at once through POST /api/files (streamed to disk, processed, stored) against
//   20 plain copies of the same bodies to disk, with the server's peak RSS (it must not hold whole
//   files: 20 × 8 MB would be 160 MB on top of its base).

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const ROUNDS = Number(process.env.BENCH_PHOTO_ROUNDS ?? 8);
const CONCURRENT = 20;

export interface FilesFigures {
  photoBytes: number;
  processMs: number;
  rawResizeMs: number;
  uploads: {
    /** the faster of two rounds */
    ms: number;
    copyMs: number;
    rssBeforeMb: number;
    rssAfterCopiesMb: number;
    peakRssMb: number;
    peakRssSecondMb: number;
    bodyMb: number;
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** A phone photo of about 8 MB: 4000 × 3000 with noise (which compresses like detail), EXIF turned. */
async function eightMegabytePhoto(): Promise<Buffer> {
  let best = await phoneJpeg({ width: 4000, height: 3000, noise: true, orientation: 6, quality: 90 });
  for (const quality of [88, 86, 84, 80]) {
    if (best.length <= 8 * 1024 * 1024) break;
    best = await phoneJpeg({ width: 4000, height: 3000, noise: true, orientation: 6, quality });
  }
  return best;
}

export async function filesBench(): Promise<FilesFigures> {
  const photo = await eightMegabytePhoto();
  const mb = (bytes: number) => bytes / 1024 / 1024;

  // Processing, in this process: ours against a bare resize, alternating, median of ROUNDS each.
  await processPhoto(photo);
  const ours: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await timed(() => processPhoto(photo)));
    raw.push(await timed(() => bareResize(photo, MAX_EDGE)));
  }
  const processMs = median(ours);
  const rawResizeMs = median(raw);

  // Uploads, against the bench server in its own process.
  const dataDir = mkdtempSync(join(tmpdir(), "cc-fbench-"));
  const server = await startServer({
    entry: here("./bench-server.ts"),
    args: ["--import", "tsx"],
    env: { DATA_DIR: dataDir, BENCH_DB_URL: "" },
    timeoutMs: 120_000,
  });
  let uploads: FilesFigures["uploads"];
  try {
    const login = await fetch(`${server.baseUrl}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mobile: "13800000004", password: "chuangcheng2026" }),
    });
    const cookie = login.headers.get("set-cookie")?.split(";")[0];
    if (!login.ok || !cookie) throw new Error(`files bench: login failed (${login.status})`);
    const form = () => {
      const body = new FormData();
      body.append("file", new Blob([photo], { type: "image/jpeg" }), "IMG_0001.jpg");
      return body;
    };
    const upload = async () => {
      const res = await fetch(`${server.baseUrl}/api/files`, {
        method: "POST",
        headers: { cookie },
        body: form(),
      });
      if (res.status !== 201)
        throw new Error(`files bench: upload answered ${res.status}: ${await res.text()}`);
    };
    const copy = async () => {
      const res = await fetch(`${server.baseUrl}/bench/copy`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: photo,
      });
      if (!res.ok) throw new Error(`files bench: copy answered ${res.status}`);
    };
    const rss = async () =>
      (await (await fetch(`${server.baseUrl}/bench/rss`)).json()) as { maxRssKb: number; rssKb: number };

    // Warm up both routes once (sharp's first load, the JIT), then measure: the copies, then two
    // rounds of uploads. The peak RSS after each says whether memory follows the uploads (it would
    // grow by their bodies if they were held) or stays within what processing two at a time takes.
    await upload();
    await copy();
    const before = await rss();
    const copyMs = await timed(() => Promise.all(Array.from({ length: CONCURRENT }, copy)));
    const afterCopies = await rss();
    const ms = await timed(() => Promise.all(Array.from({ length: CONCURRENT }, upload)));
    const afterUploads = await rss();
    const secondMs = await timed(() => Promise.all(Array.from({ length: CONCURRENT }, upload)));
    const afterSecond = await rss();
    uploads = {
      ms: Math.min(ms, secondMs),
      copyMs,
      rssBeforeMb: before.maxRssKb / 1024,
      rssAfterCopiesMb: afterCopies.maxRssKb / 1024,
      peakRssMb: afterUploads.maxRssKb / 1024,
      peakRssSecondMb: afterSecond.maxRssKb / 1024,
      bodyMb: mb(photo.length),
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const figures: FilesFigures = { photoBytes: photo.length, processMs, rawResizeMs, uploads };
  printFilesFigures(figures);
  return figures;
}

function printFilesFigures(f: FilesFigures) {
  const u = f.uploads;
  console.info(
    `\nPhotos (a 4000 × 3000 phone JPEG of ${(f.photoBytes / 1024 / 1024).toFixed(1)} MB with EXIF orientation 6; processing median of ${ROUNDS}; ${CONCURRENT} uploads at once to a server in a child process on SQLite)`,
  );
  console.table([
    {
      figure: "process one photo: decode, rotate, strip, 2048 px + 320 px thumbnail",
      value: Math.round(f.processMs),
      unit: "ms",
      baseline: Math.round(f.rawResizeMs),
      "baseline is": "bare sharp resize to 2048 px",
      ratio: (f.processMs / f.rawResizeMs).toFixed(2),
    },
    {
      figure: `${CONCURRENT} uploads of ${u.bodyMb.toFixed(1)} MB at once, all stored`,
      value: Math.round(u.ms),
      unit: "ms",
      baseline: Math.round(u.copyMs),
      "baseline is": `${CONCURRENT} plain copies of the body to disk`,
      ratio: (u.ms / u.copyMs).toFixed(2),
    },
    {
      figure: `server peak RSS after ${CONCURRENT} plain copies`,
      value: Math.round(u.rssAfterCopiesMb),
      unit: "MB",
      baseline: Math.round(u.rssBeforeMb),
      "baseline is": "peak RSS before (after one upload and one copy)",
      ratio: (u.rssAfterCopiesMb / u.rssBeforeMb).toFixed(2),
    },
    {
      figure: `server peak RSS after ${CONCURRENT} uploads`,
      value: Math.round(u.peakRssMb),
      unit: "MB",
      baseline: Math.round(u.rssBeforeMb),
      "baseline is": "peak RSS before (after one upload and one copy)",
      ratio: (u.peakRssMb / u.rssBeforeMb).toFixed(2),
    },
    {
      figure: `server peak RSS after ${CONCURRENT} more uploads`,
      value: Math.round(u.peakRssSecondMb),
      unit: "MB",
      baseline: Math.round(u.peakRssMb),
      "baseline is": "peak RSS after the first round",
      ratio: (u.peakRssSecondMb / u.peakRssMb).toFixed(2),
    },
  ]);
  const bodies = CONCURRENT * u.bodyMb;
  console.info(
    `${CONCURRENT} uploads of ${u.bodyMb.toFixed(1)} MB are ${bodies.toFixed(0)} MB of bodies: the peak grew ${(u.peakRssMb - u.rssBeforeMb).toFixed(0)} MB in the first round and ${(u.peakRssSecondMb - u.peakRssMb).toFixed(0)} MB more in the second. Bodies go to temporary files; what grows is sharp decoding at most 2 photos at once (a 4000 × 3000 picture is 34 MB of pixels) and the allocator's arenas (MALLOC_ARENA_MAX=2 keeps those smaller).`,
  );
}
