import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startServer, type RunningServer } from "@chuangcheng/browser-testing";

export const ADMIN_PASSWORD = "browser-admin-2026";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: RunningServer | undefined;

/** One built server, demo data on a fresh data folder, for the whole browser run. */
export async function setup(project: TestProject) {
  server = await startServer({
    // BROWSER_TEST_ENTRY: another build of the product (e.g. a copy, while this checkout is rebuilt).
    entry: process.env.BROWSER_TEST_ENTRY ?? fileURLToPath(new URL("../dist/main.js", import.meta.url)),
    // Every test registers its residents from this one machine, like a registration drive on one network.
    env: { ADMIN_PASSWORD, SEED_DEMO: "1", REGISTRATIONS_PER_HOUR: "1000" },
  });
  project.provide("baseUrl", server.baseUrl);
}

export async function teardown() {
  await server?.stop();
}
