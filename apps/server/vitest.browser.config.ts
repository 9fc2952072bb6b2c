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
    // A flow that fails once on a loaded CI machine runs once more; the report still names every retry,
    // and each one seen so far has been chased to its cause (see git log for "race").
    retry: 1,
  },
});
