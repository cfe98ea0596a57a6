// The floors of ARCHITECTURE.md ("Growing the gateway", "Parts stay parts") as lint rules:
// which folder of server/src may not import which. Import cycles need the whole graph and
// are checked by dependency-cruiser (.dependency-cruiser.cjs); both run in `npm run lint`.
//
// Tests are left out: wiring real parts together is what a test (like gateway.ts) does.
// Each folder gets one block, since a later `no-restricted-imports` replaces an earlier one.

const DRIVERS =
  "The runtime never imports a driver (ARCHITECTURE.md, 'Parts stay parts'): put the code that needs it " +
  "behind an interface in its own folder (store/, bus/, telemetry/, host/) and let gateway.ts wire it. " +
  "@opentelemetry/api is the one exception.";

/** Relative imports of a sibling folder of server/src, from any depth inside another. */
const folder = (...names) => `^(\\.\\./)+(${names.join("|")})(/|$)`;

export const layerFloors = [
  {
    files: ["server/src/rpc/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: folder("store"),
              message:
                "rpc reaches state through the runtime, never the store (ARCHITECTURE.md): call a runtime facade " +
                "(e.g. runtime/state-queries.ts); actor keys come from ../actor-key.js.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/src/runtime/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: folder("rpc", "host", "activators"),
              message:
                "The runtime is called by rpc, host clients and activators, never the other way round: depend on an " +
                "interface in runtime/ (like runtime/host-client.ts) that gateway.ts fills in.",
            },
            {
              regex: "^@connectrpc/connect-node(/|$)",
              message: "connect-node is a transport: it belongs to rpc/ and host/, not the runtime. " + DRIVERS,
            },
            { regex: "^(kysely|pg|mysql2|better-sqlite3|amqplib|mqtt|undici)(/|$)", message: DRIVERS },
            { regex: "^@nats-io/", message: DRIVERS },
            { regex: "^@opentelemetry/(sdk-|exporter-)", message: DRIVERS },
          ],
        },
      ],
    },
  },
  {
    files: ["server/src/store/**/*.ts", "server/src/bus/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: folder("runtime", "rpc"),
              message:
                "Store and bus never import the runtime or rpc (ARCHITECTURE.md): they are the floor the runtime " +
                "stands on. Move what both need into the store/bus interface or a neutral module under server/src/.",
            },
          ],
        },
      ],
    },
  },
];
