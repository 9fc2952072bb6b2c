import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // With TEST_DATABASE_URL: one migrated template database per run, dropped at the end.
    globalSetup: ["src/testing/postgres-global-setup.ts"],
  },
});
