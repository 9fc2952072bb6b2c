import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // These tests start Fastify instances and hash passwords (scrypt) while turbo runs the other
    // packages' checks on the same two cores: 5 s is too tight there. Not a speed assertion.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
