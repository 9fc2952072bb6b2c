import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchLogin, measureRoutes, startBenchServer, type BenchRoute } from "./measure.js";
// Issue 10's figure: campaign.readiness of a 40-item campaign for a street of 30 社区 with 5 years of
// data, server time p99 (target < 100 ms), for the street admin (all 30 社区 side by side) and for a
// 社区 admin (their own), at 1 and 10 connections, beside campaign.detail and auth.me measured in the
// same run. The campaign runs the whole 5 years, so every measure reads all of it. The data is
// inserted straight into the tables (a quarter of a million rows through tRPC would take longer
// than the figures): per 社区 and year ~130 activities of every kind (道德讲堂 twice a month),
// ~1,300 problems (most closed, some late), monthly 黑白榜 editions; registered volunteers; evidence
// with photo and document rows for two items in three; the activities, editions and some closed
// problems confirmed as evidence of their items.

import { COMMUNITIES, ITEMS, YEARS, generate } from "./readiness-data.js";

const TARGET_MS = 100;

interface Answer {
  communities: Array<{ name: string; items: number; readyPercent: number; gaps: unknown[] }>;
}

export async function readinessBench() {
  const dataDir = mkdtempSync(join(tmpdir(), "cc-rbench-"));
  try {
    const data = await generate(dataDir);
    console.info(
      `\n准备情况 on SQLite: a ${ITEMS}-item campaign over ${YEARS} years for ${COMMUNITIES} 社区, generated in ${data.loadS.toFixed(1)} s:`,
    );
    console.table([Object.fromEntries(Object.entries(data.rows).map(([t, n]) => [t, n.toLocaleString()]))]);
    const server = await startBenchServer(dataDir);
    try {
      const street = { cookie: await benchLogin(server.baseUrl, "13800000001") };
      const community = { cookie: await benchLogin(server.baseUrl, "13800000002") };
      const url = (path: string, input: unknown) =>
        `${server.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
      const readiness = url("campaign.readiness", { campaignId: data.campaignId });

      // What it answers, before measuring: 30 社区 of 40 items for the street, one for the 社区.
      const check = async (headers: Record<string, string>, expected: number) => {
        const s0 = performance.now();
        const res = await fetch(readiness, { headers });
        const body = (await res.json()) as { result?: { data?: Answer } };
        const ms = performance.now() - s0;
        const answer = body.result?.data;
        if (!res.ok || !answer) throw new Error(`readiness bench: answered ${res.status}`);
        if (answer.communities.length !== expected || answer.communities.some((c) => c.items !== ITEMS))
          throw new Error(
            `readiness bench: expected ${expected} 社区 of ${ITEMS} items, got ${answer.communities.map((c) => `${c.name}:${c.items}`).join(", ")}`,
          );
        return { ms, answer };
      };
      const first = await check(street, COMMUNITIES);
      await check(community, 1);
      const spread = first.answer.communities.map((c) => c.readyPercent);
      console.info(
        `street answer: ${COMMUNITIES} 社区, ready ${Math.min(...spread)}–${Math.max(...spread)} %, ${first.answer.communities.reduce((n, c) => n + c.gaps.length, 0)} gaps listed; first request ${Math.round(first.ms)} ms`,
      );

      const routes: BenchRoute[] = [
        ["auth.me, street admin (baseline)", `${server.baseUrl}/trpc/auth.me`, street, false],
        [
          "campaign.detail, street admin (baseline)",
          url("campaign.detail", { id: data.campaignId }),
          street,
          false,
        ],
        ["campaign.readiness, street admin: 30 社区", readiness, street, true],
        ["campaign.readiness, 社区 admin: 东街社区", readiness, community, true],
      ];
      return await measureRoutes("campaign.readiness", routes, [1, 10], TARGET_MS);
    } finally {
      await server.stop();
    }
  } finally {
    if (process.env.BENCH_KEEP_DATA === "1") console.info(`readiness bench data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}
