import { defineConfig } from "vitest/config";

// The tests Stryker runs against each mutant of the files in stryker.config.mjs: the unit
// tests next to the code (in-process, memory store, real sockets only on 127.0.0.1).
// Gateway tests (test/gateway) stay out: a first run with invoke, protocols and lifecycle
// in took about 9 s per mutant on two shared cores (an estimated 1.5 h for 874 mutants),
// and the tests that need PostgreSQL, MariaDB, NATS or child processes are slower still.
export default defineConfig({
  test: {
    include: [
      "server/src/runtime/**/*.test.ts",
      "server/src/rpc/**/*.test.ts",
      "server/src/store/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/.stryker-tmp/**"],
    // Stryker reruns a few test files per mutant; re-importing the gateway's modules for
    // each run cost several seconds on a loaded machine. Runtime-activated mutants need
    // no fresh modules (static ones are skipped, see stryker.config.mjs).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
