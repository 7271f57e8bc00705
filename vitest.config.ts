import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests run real builds in child processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
