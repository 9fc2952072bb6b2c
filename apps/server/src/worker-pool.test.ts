import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import JSZip from "jszip";
import sharp from "sharp";
import { checkCharacter, idNumberIndex, inlineOffload } from "@chuangcheng/domain";
import { createTestDb, TEST_KEYS, workbookOf } from "@chuangcheng/domain/testing";
import { buildServer } from "./server.js";
import { createWorkerPool, type WorkerPool } from "./worker-pool.js";

// The worker pool runs the domain's offload tasks on worker threads and answers as the inline runner
// does: the same parsed sheet, a .docx as a Buffer, a failure as an error with its message; jobs beyond
// the workers queue; a closed pool refuses.

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

it(
  "parses a sheet and builds a .docx on a worker, as the inline runner does",
  { timeout: 60_000 },
  async () => {
    pool = createWorkerPool(1);
    const rows = Array.from({ length: 2_000 }, (_, i) => [
      `志愿者${i}`,
      `1380000${String(i).padStart(4, "0")}`,
    ]);
    const base64 = await workbookOf(["姓名", "手机号"], rows);
    const [onWorker, inline] = await Promise.all([
      pool.run("readSheet", base64),
      inlineOffload.run("readSheet", base64),
    ]);
    expect(onWorker).toEqual(inline);
    expect(onWorker.rows).toHaveLength(2_000);
    expect(onWorker.rows[1_999]).toEqual({
      line: 2_001,
      cells: { 姓名: "志愿者1999", 手机号: "13800001999" },
    });

    const doc = {
      title: "东街社区2026年度创城工作总结",
      unitName: "东街社区",
      dateText: "2026年12月3日",
      paragraphs: [
        {
          key: "basic.main.1",
          section: "basic" as const,
          topic: null,
          text: "东街社区共划分4个网格。",
          figureKeys: [],
        },
      ],
      figures: [
        {
          key: "units.grids",
          label: "网格数",
          value: "4个",
          source: "组织架构：网格",
          period: "截至2026年12月3日",
        },
      ],
    };
    const docx = await pool.run("summaryDocx", doc, new Map());
    expect(Buffer.isBuffer(docx)).toBe(true);
    const xml = await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string");
    expect(xml).toContain("东街社区共划分4个网格。");

    // A workbook built there, its picture sent across as bytes: the same cells and the picture inside.
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#c00" } })
      .png()
      .toBuffer();
    const built = await pool.run("workbook", [
      {
        name: "整改台账",
        header: ["编号", "问题"],
        rows: [[1, "楼道堆物"]],
        images: [{ row: 0, col: 1, data: png, extension: "png", width: 4, height: 4 }],
      },
    ]);
    const cells = await inlineOffload.run("readSheet", built);
    expect(cells.rows).toEqual([{ line: 2, cells: { 编号: "1", 问题: "楼道堆物" } }]);
    const media = Object.keys((await JSZip.loadAsync(Buffer.from(built, "base64"))).files);
    expect(media.some((f) => f.startsWith("xl/media/"))).toBe(true);
  },
);

it(
  "queues jobs beyond its workers, fails one with the task's error, and refuses once closed",
  { timeout: 60_000 },
  async () => {
    pool = createWorkerPool(1);
    const base64 = await workbookOf(["姓名"], [["甲"], ["乙"]]);
    const jobs = [
      pool.run("readSheet", base64),
      pool.run("readSheet", "not a workbook"),
      pool.run("readSheet", base64),
    ];
    expect(pool.stats()).toMatchObject({ size: 1, busy: 1, queued: 2 });
    const [a, bad, c] = await Promise.allSettled(jobs);
    expect(a).toMatchObject({
      status: "fulfilled",
      value: { rows: [{ cells: { 姓名: "甲" } }, { cells: { 姓名: "乙" } }] },
    });
    expect(bad!.status).toBe("rejected");
    expect(c!.status).toBe("fulfilled");
    expect(pool.stats()).toMatchObject({ busy: 0, queued: 0 });
    await pool.close();
    await expect(pool.run("readSheet", base64)).rejects.toThrow("offload pool closed");
  },
);

it("shows its threads on /healthz", { timeout: 60_000 }, async () => {
  pool = createWorkerPool(1);
  const db = await createTestDb();
  const app = await buildServer({ db, keys: TEST_KEYS, logLevel: "silent", offload: pool });
  try {
    const res = await app.inject({ url: "/healthz" });
    expect(res.json()).toMatchObject({ status: "ok", workers: { size: 1, busy: 0, queued: 0 } });
  } finally {
    await app.close();
    await db.destroy();
  }
});

it(
  "checks the 志愿者 import's rows on a worker as in this thread, 身份证号 hashed with the key passed",
  { timeout: 60_000 },
  async () => {
    pool = createWorkerPool(1);
    const first17 = "37030219800101001";
    const idNumber = first17 + checkCharacter(first17);
    const base64 = await workbookOf(
      ["姓名", "身份证号", "手机号", "楼院", "政治面貌", "服务技能", "服务时间", "监护人同意"],
      [
        ["王芳", idNumber, "13600000001", "建安小区", "群众", "文艺、环卫", "周末上午", "否"],
        ["李明", "123", "1360000000", "无此楼院", "群众", "", "", "否"],
      ],
    );
    const context = {
      courtyards: [["建安小区", 7]] as Array<[string, number]>,
      today: "2026-12-04",
      keys: { index: new Uint8Array(TEST_KEYS.index) },
    };
    const [onWorker, inline] = await Promise.all([
      pool.run("volunteerImportRows", base64, context),
      inlineOffload.run("volunteerImportRows", base64, context),
    ]);
    expect(onWorker).toEqual(inline);
    expect(onWorker).toMatchObject({
      kind: "rows",
      rows: [
        { line: 2, fields: { name: "王芳", courtyardId: 7 }, index: idNumberIndex(TEST_KEYS, idNumber) },
      ],
    });
    expect(onWorker.kind === "rows" && onWorker.errors.map((e) => e.field)).toEqual([
      "手机号",
      "楼院",
      "身份证号",
    ]);
    await expect(pool.run("volunteerImportRows", "not a workbook", context)).resolves.toEqual({
      kind: "unreadable",
    });
  },
);

/** The nice value of each of this process's threads, by thread id (Linux: /proc/self/task/<tid>/stat). */
function threadNiceValues(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    // after "pid (name) ": state is field 3, nice field 19
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.set(Number(tid), Number(fields[19 - 3]));
  }
  return out;
}

it.runIf(existsSync("/proc/thread-self"))(
  "runs its threads at the nice value it is given, the rest of the process as it was",
  { timeout: 60_000 },
  async () => {
    const before = threadNiceValues();
    pool = createWorkerPool(2, 7);
    // A job answered by each thread: both have started, and set their priority first.
    const base64 = await workbookOf(["姓名"], [["甲"]]);
    await Promise.all([pool.run("readSheet", base64), pool.run("readSheet", base64)]);
    const after = threadNiceValues();
    const added = [...after].filter(([tid]) => !before.has(tid));
    expect(added.filter(([, nice]) => nice === 7)).toHaveLength(2);
    expect(after.get(process.pid)).toBe(before.get(process.pid));
    for (const [tid, nice] of before) if (after.has(tid)) expect(after.get(tid)).toBe(nice);
  },
);
