// Rules ESLint cannot express: import cycles. The layer floors (rpc ↛ store, runtime ↛
// drivers, …) are `no-restricted-imports` blocks in eslint.layers.js; this file only
// holds what needs the whole import graph. Run by `npm run lint` (lint:cycles) and .ci/run.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-runtime-cycles",
      severity: "error",
      comment:
        "Runtime files must not import each other in a circle, not even for types: a circle " +
        "makes the pieces impossible to move out of the runtime one at a time (ARCHITECTURE.md, " +
        "'Parts stay parts'). Put shared types in a file of their own, or depend on a small " +
        "interface instead of the other class.",
      from: { path: "^server/src/runtime/" },
      to: { path: "^server/src/runtime/", circular: true },
    },
  ],
  options: {
    // Follow only the gateway's own sources; packages are not part of any circle we own.
    includeOnly: "^server/src/",
    exclude: { path: "\\.test\\.ts$" },
    doNotFollow: { path: "node_modules" },
    // `import type` counts: a type-only circle is still a circle between the files.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Sources import `./x.js` for `./x.ts` (NodeNext); dependency-cruiser maps those itself.
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
