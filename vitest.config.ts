import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "clients/typescript/**/*.test.ts", "conformance/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.stryker-tmp/**"],
    testTimeout: 30_000,
    // The JSON report lets .ci/run total every test it ran.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
    hookTimeout: 30_000,
    // Integration tests start real processes and servers; two cores are all we have.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
