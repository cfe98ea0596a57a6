import { createHost, type ActorDefinition, type HostOptions } from "@actorgate/client/host";

/**
 * The callback transport the suite asks for (ACTORGATE_CONFORMANCE_TRANSPORT, e.g.
 * `grpc+proto+h2c`) as host options; nothing when the variable is unset (the SDK's
 * defaults). The host SDK's server speaks every combination, so any listed one works.
 */
export function transportOptions(value = process.env["ACTORGATE_CONFORMANCE_TRANSPORT"]): Pick<HostOptions, "protocol" | "codec" | "httpVersion"> {
  if (!value) return {};
  const [protocol, codec, http] = value.split("+");
  if ((protocol !== "connect" && protocol !== "grpc" && protocol !== "grpc-web") || (codec !== "json" && codec !== "proto") || (http !== "http1" && http !== "h2c")) {
    throw new Error(`ACTORGATE_CONFORMANCE_TRANSPORT=${value}: expected protocol+codec+http, e.g. connect+proto+h2c`);
  }
  return { protocol, codec, httpVersion: http === "h2c" ? "2" : "1.1" };
}

/**
 * Serves `actors` in the system the suite names (ACTORGATE_SYSTEM, at ACTORGATE_URL)
 * over the transport it names until SIGTERM or SIGINT, then unregisters and exits 0 —
 * what the suite expects of every host under test.
 */
export async function serve(label: string, actors: readonly ActorDefinition<unknown>[]): Promise<void> {
  const host = createHost({
    system: process.env["ACTORGATE_SYSTEM"] ?? "conformance",
    actors,
    ...transportOptions(),
    onEvent: (e) => {
      // The suite shows the host's stderr when it fails to register; say why here.
      if (e.type === "registration-failed") console.error(`[${label}] registration failed: ${e.error.message}`);
    },
  });
  await host.start();
  console.log(`[${label}] serving ${actors.map((a) => a.name).join(", ")} at ${host.url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void host.stop().then(() => process.exit(0));
    });
  }
}
