import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";

export const ADMIN_PASSWORD = "browser-admin-2026";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** the server's warnings and errors, appended as they come: a failing test quotes the last ones */
    serverLog: string;
  }
}

let server: RunningServer | undefined;
let logDir: string | undefined;

/** One built server, demo data on a fresh data folder, for the whole browser run. */
export async function setup(project: TestProject) {
  logDir = mkdtempSync(join(tmpdir(), "chuangcheng-browser-log-"));
  const logFile = join(logDir, "server.log");
  server = await startServer({
    logFile,
    // BROWSER_TEST_ENTRY: another build of the product (e.g. a copy, while this checkout is rebuilt).
    entry: process.env.BROWSER_TEST_ENTRY ?? fileURLToPath(new URL("../dist/main.js", import.meta.url)),
    // Every test registers its residents from this one machine, like a registration drive on one network.
    env: { ADMIN_PASSWORD, SEED_DEMO: "1", REGISTRATIONS_PER_HOUR: "1000" },
  });
  project.provide("baseUrl", server.baseUrl);
  project.provide("serverLog", logFile);
}

export async function teardown() {
  await server?.stop();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
}
