import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // With TEST_DATABASE_URL: one migrated template database per run, dropped at the end.
    globalSetup: ["src/testing/postgres-global-setup.ts"],
    // CI runs every package's checks at once on two cores, and some tests walk a whole flow
    // (hashing passwords with scrypt on the way): 5 s is too tight there. Not a speed assertion.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
