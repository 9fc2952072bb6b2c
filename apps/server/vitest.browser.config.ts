import { defineConfig } from "vitest/config";

// Browser flows against the built product: one server for the run, started in globalSetup.
export default defineConfig({
  test: {
    include: ["browser/**/*.browser.test.ts"],
    globalSetup: ["browser/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // expect.poll waits for the page to catch up; on a loaded CI machine a second is not enough.
    expect: { poll: { timeout: 10_000 } },
  },
});
