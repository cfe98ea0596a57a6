import { parseArgs } from "node:util";

// Commands load their modules lazily: `invoke` should not pay for the gateway's.

const USAGE = `usage:
  actorgate serve [--port 9300] [--store sqlite:./data/actorgate.db|postgres://…|mysql://…|memory]
                  [--bus memory|nats://host:4222] [--log-level info] [--config file.json] …
  actorgate migrate [--store …] [--store-schema …]   create or upgrade the store's tables
  actorgate rekey [--store …] [--state-keys id:base64,…]   re-encrypt state with the first key
  actorgate invoke <system> <type>[/<name>] <action> [--json '<payload>'] [--url http://127.0.0.1:9300]
                   [--timeout-ms N] [--metadata k=v …] [--token T (ACTORGATE_TOKEN)] [--ca ca.pem (ACTORGATE_CA)]
  actorgate nodes [--url http://127.0.0.1:9300] [--json]   the cluster's nodes, their age and actor counts
  actorgate activators [--url http://127.0.0.1:9300] [--json]   activators and their counters

Every serve setting is also an ACTORGATE_* environment variable (ACTORGATE_PORT, ACTORGATE_STORE, …).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve": {
      const { configFlags, loadConfig, settingsHelp } = await import("./config.js");
      if (rest.includes("--help") || rest.includes("-h")) {
        console.log(`usage: actorgate serve [settings]\n\nsettings (flag, environment variable, meaning):\n${settingsHelp()}\n  --config FILE                ACTORGATE_CONFIG                   JSON file with any of the settings above`);
        return 0;
      }
      const { values } = parseArgs({ args: rest, options: { ...configFlags, config: { type: "string" } }, strict: true });
      const { serveCommand } = await import("./cli/serve-command.js");
      return serveCommand(loadConfig(values));
    }
    case "migrate":
    case "rekey": {
      const { configFlags, loadConfig } = await import("./config.js");
      const { values } = parseArgs({ args: rest, options: { ...configFlags, config: { type: "string" } }, strict: true });
      const commands = await import("./cli/store-commands.js");
      const config = loadConfig(values);
      return command === "migrate" ? commands.migrateCommand(config) : commands.rekeyCommand(config);
    }
    case "invoke":
      return (await import("./cli/invoke-command.js")).invokeCommand(rest);
    case "nodes":
      return (await import("./cli/nodes-command.js")).nodesCommand(rest);
    case "activators":
      return (await import("./cli/activators-command.js")).activatorsCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    const known = (err as Error).name === "ConfigError" || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(known ? `actorgate: ${(err as Error).message}` : err);
    process.exitCode = 2;
  },
);
