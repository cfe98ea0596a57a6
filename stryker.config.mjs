// Mutation testing of the runtime and rpc core: `npm run mutation` (too slow for CI;
// see bench/results/mutation.md). Tuned for two shared cores.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  // The checker's first compile of the project takes minutes on a loaded machine;
  // STRYKER_SKIP_TYPECHECK=1 skips it (mutants that do not type-check are then run and
  // count as killed or survived instead of as compile errors).
  checkers: process.env.STRYKER_SKIP_TYPECHECK ? [] : ["typescript"],
  tsconfigFile: "tsconfig.mutation.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    "server/src/runtime/invoker.ts",
    "server/src/runtime/state-writer.ts",
    "server/src/runtime/registry.ts",
    "server/src/runtime/mailbox.ts",
    "server/src/runtime/names.ts",
    "server/src/rpc/deadline.ts",
    "server/src/rpc/invoke-fast-path.ts",
    "server/src/rpc/unary-connect.ts",
    "server/src/rpc/unary-grpc.ts",
    "server/src/rpc/unary-protocol.ts",
    "server/src/store/state-cipher.ts",
  ],
  // Each mutant runs only the tests that reached it in the first (coverage) run.
  coverageAnalysis: "perTest",
  // Mutants of module-level constants (the sets of socket codes and exchange headers,
  // regexes, limits) need every test file re-imported per mutant: about half the run
  // time for 8% of the mutants on two cores. They are reported as ignored.
  ignoreStatic: true,
  concurrency: 2,
  // The machine is shared: a mutant counts as a timeout only well past its normal time.
  timeoutFactor: 4,
  timeoutMS: 3000,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["progress", "clear-text", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  // The sandbox needs the TypeScript sources and configs, not data, bench output or Python.
  ignorePatterns: ["/bench/tmp", "/bench/results", "/clients/python", "/data", "/reports", ".vitest-results.json"],
};
