import { defineConfig } from "vitest/config";

// The tests Stryker runs against each mutant of the files in stryker.config.mjs: unit
// tests next to the code, plus the gateway tests that drive the runtime and the Invoke
// fast path in one process (memory store and bus). Tests that need PostgreSQL, MariaDB,
// NATS or child processes stay out: they are slow, and the mutated files are already
// exercised here.
export default defineConfig({
  test: {
    include: [
      "server/src/runtime/**/*.test.ts",
      "server/src/rpc/**/*.test.ts",
      "server/src/store/**/*.test.ts",
      "test/gateway/invoke.test.ts",
      "test/gateway/protocols.test.ts",
      "test/gateway/lifecycle.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/.stryker-tmp/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
