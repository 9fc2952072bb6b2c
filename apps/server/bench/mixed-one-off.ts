import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { get } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { OneOff } from "./mixed-report.js";

// The mixed bench's two one-off jobs (the 10,000-row import preview and the 台账 package), each in a
// process of its own. Uploading 13 MB and draining a 69 MB zip in the process that times the 235 users
// stalled its event loop (its own delay p99 about 20 ms), and every request it timed meanwhile counted
// that stall as the server's. The server sees the same requests either way.

export type OneOffJob =
  | { kind: "import"; url: string; cookie: string; communityId: number; file: string; rows: number }
  | { kind: "package"; url: string; cookie: string };

const SELF = fileURLToPath(import.meta.url);

/**
 * Starts `job` in a child process, which loads and then waits; `go()` starts the job and resolves
 * with its figures, timed in the child from the go to the last byte.
 */
export async function prepareOneOff(job: OneOffJob): Promise<{ go: () => Promise<OneOff> }> {
  const child = spawn(process.execPath, ["--import", "tsx", SELF, JSON.stringify(job)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        child.off("exit", onExit);
        resolve(line);
      };
      const onExit = (code: number | null) => {
        lines.off("line", onLine);
        reject(new Error(`mixed bench: the ${job.kind} process ended (${code})`));
      };
      lines.once("line", onLine);
      child.once("exit", onExit);
    });
  if ((await next()) !== "ready") throw new Error(`mixed bench: the ${job.kind} process did not start`);
  return {
    go: async () => {
      const answer = next();
      child.stdin.end("go\n");
      return JSON.parse(await answer) as OneOff;
    },
  };
}

async function run(job: OneOffJob): Promise<string> {
  if (job.kind === "import") {
    const res = await fetch(`${job.url}/trpc/volunteer.importPreview`, {
      method: "POST",
      headers: { cookie: job.cookie, "content-type": "application/json" },
      body: JSON.stringify({ communityId: job.communityId, fileBase64: readFileSync(job.file, "utf8") }),
    });
    const body = (await res.json()) as { result?: { data?: { new: number } }; error?: { message?: string } };
    if (!res.ok) throw new Error(`${res.status} ${body.error?.message ?? ""}`);
    return `${body.result?.data?.new ?? "?"} new of ${job.rows.toLocaleString()} rows`;
  }
  // node:http, not fetch: draining 72 MB through fetch's web streams took 580 ms of CPU here against
  // 250 ms, on the 2 cores the server shares with this bench.
  const bytes = await new Promise<number>((resolve, reject) => {
    const req = get(job.url, { headers: { cookie: job.cookie } }, (res) => {
      if (res.statusCode !== 200) {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => reject(new Error(`${res.statusCode} ${text}`)));
        return;
      }
      let n = 0;
      res.on("data", (c: Buffer) => (n += c.length));
      res.on("end", () => resolve(n));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
  return `${(bytes / 1024 / 1024).toFixed(1)} MB zip`;
}

// As a child: say ready, wait for the go, run, print the figures as one line of JSON.
if (process.argv[1] === SELF) {
  const job = JSON.parse(process.argv[2]!) as OneOffJob;
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const t0 = performance.now();
  let figures: OneOff;
  try {
    const detail = await run(job);
    figures = { ok: true, seconds: (performance.now() - t0) / 1000, detail };
  } catch (error) {
    figures = {
      ok: false,
      seconds: (performance.now() - t0) / 1000,
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  // Pipes are written synchronously on Linux: the line is out. fetch's idle sockets would keep it alive.
  process.exit(0);
}
