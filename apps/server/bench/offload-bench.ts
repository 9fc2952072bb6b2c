import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { checkCharacter } from "@chuangcheng/domain";
import { startServer } from "@chuangcheng/browser-testing";
import { benchLogin } from "./measure.js";

// Issue 13's first step: a 10,000-row 志愿者 import preview (Excel parse, then the plan) while another
// client asks /healthz every 5 ms — how long the others wait. The built server, once with the Excel
// parse on a worker thread (OFFLOAD_WORKERS=1, the default on 2 cores) and once on the event loop
// (OFFLOAD_WORKERS=0, the baseline), in the same run.

export const ROWS = 10_000;
const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));

/** A 10,000-row 志愿者 import file, base64 as volunteer.importPreview takes it (also the mixed bench's). */
export async function importFile(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("志愿者导入");
  ws.addRow(["姓名", "身份证号", "手机号", "楼院", "政治面貌", "服务技能", "服务时间", "监护人同意"]);
  const courtyards = ["邮政局家属院", "房管所家属院", "一小家属院", "供销社家属院", "建安小区", "粮站家属院"];
  for (let i = 0; i < ROWS; i++) {
    const first17 = `370302${1950 + (i % 50)}${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}${String(i % 1000).padStart(3, "0")}`;
    ws.addRow([
      `志愿者${i}`,
      first17 + checkCharacter(first17),
      `136${String(10_000_000 + i).slice(-8)}`,
      courtyards[i % courtyards.length],
      "群众",
      "文艺、环卫",
      "周末上午",
      "否",
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function run(workers: number, fileBase64: string) {
  const server = await startServer({
    entry: MAIN,
    env: { OFFLOAD_WORKERS: String(workers) },
    timeoutMs: 120_000,
  });
  try {
    const cookie = await benchLogin(server.baseUrl, "13800000002");
    const tree = (await (await fetch(`${server.baseUrl}/trpc/org.tree`, { headers: { cookie } })).json()) as {
      result: { data: Array<{ id: number; name: string }> };
    };
    const communityId = tree.result.data.find((u) => u.name === "东街社区")!.id;
    const preview = () =>
      fetch(`${server.baseUrl}/trpc/volunteer.importPreview`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ communityId, fileBase64 }),
      });
    await (await preview()).arrayBuffer(); // warm: the worker starts, the code is compiled
    const waits: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t0 = performance.now();
        await (await fetch(`${server.baseUrl}/healthz`)).arrayBuffer();
        waits.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const t0 = performance.now();
    const res = await preview();
    const body = (await res.json()) as { result?: { data?: { new: number } } };
    const ms = performance.now() - t0;
    done = true;
    await probe;
    if (!res.ok || body.result?.data?.new !== ROWS)
      throw new Error(`offload bench: preview answered ${res.status}`);
    waits.sort((a, b) => a - b);
    return { ms, probes: waits.length, p50: pct(waits, 0.5), p99: pct(waits, 0.99), max: waits.at(-1)! };
  } finally {
    await server.stop();
  }
}

export async function offloadBench() {
  const fileBase64 = await importFile();
  const inline = await run(0, fileBase64);
  const pooled = await run(1, fileBase64);
  console.info(
    `\n${ROWS.toLocaleString()}-row 志愿者 import preview, /healthz asked every 5 ms meanwhile (built server, SQLite)`,
  );
  console.table(
    [
      ["Excel parse on the event loop (OFFLOAD_WORKERS=0, baseline)", inline],
      ["Excel parse on a worker thread (OFFLOAD_WORKERS=1)", pooled],
    ].map(([name, r]) => {
      const f = r as Awaited<ReturnType<typeof run>>;
      return {
        "import preview": name,
        "preview ms": Math.round(f.ms),
        "/healthz answered": f.probes,
        "/healthz p50 ms": Math.round(f.p50),
        "/healthz p99 ms": Math.round(f.p99),
        "/healthz max ms": Math.round(f.max),
      };
    }),
  );
  console.info(
    `longest /healthz wait, worker / event loop: ${(pooled.max / inline.max).toFixed(2)}; preview time ${(pooled.ms / inline.ms).toFixed(2)}`,
  );
}

// `npx tsx bench/offload-bench.ts` runs it alone (as `npm run bench -- offload`).
if (import.meta.url === `file://${process.argv[1]}`) await offloadBench();
