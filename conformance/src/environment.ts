import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createActorgateClient, type ActorgateClient } from "@actorgate/client";
import type { HostInfo } from "@actorgate/client/gen";
import { loadConfig } from "../../server/src/config.js";
import { createGateway, type Gateway } from "../../server/src/gateway.js";
import { MemoryStore } from "../../server/src/store/memory-store.js";
import { SYSTEM } from "./contract.js";
import { describeExit, HostProcess, type HostExit } from "./host-process.js";
import { createObserver, type Observer } from "./observer.js";
import { redact } from "./redact.js";
import { UsageError } from "./usage-error.js";

export interface EnvironmentOptions {
  /** The host under test: command and arguments. */
  readonly hostCommand: readonly string[];
  /** Gateway store URL. Default: a SQLite file in a temp directory (memory if SQLite is unavailable). */
  readonly store?: string | undefined;
  /** Gateway bus URL. Default: the in-process bus. */
  readonly bus?: string | undefined;
  /** How long the host may take to register. Default 20000 ms. */
  readonly registerTimeoutMs?: number;
  /** Show the host's output and the gateway's log. */
  readonly trace?: boolean;
  /** Added to the host's environment (e.g. ACTORGATE_CONFORMANCE_TRANSPORT); see setHostEnv. */
  readonly hostEnv?: Record<string, string>;
  /** Where diagnostics go (stderr in the CLI). */
  readonly log: (line: string) => void;
}

/** What cases may do to the environment (restarts are for exclusive cases only). */
export interface Controls {
  readonly gatewayUrl: string;
  /** Closes the gateway gracefully and starts it again on the same port and store; waits for the host to re-register. */
  restartGateway(): Promise<void>;
  /** Sends SIGTERM to the host and waits for it to exit (SIGKILL after 10 s). */
  stopHost(): Promise<{ exit: HostExit; killed: boolean }>;
  /** Starts the host command again and waits for it to register. */
  startHost(): Promise<void>;
  /** Stops the host, waits for its registration to go away, starts it again. */
  restartHost(): Promise<void>;
  /** The hosts registered in system `conformance`. */
  listHosts(): Promise<HostInfo[]>;
  /** Whether the host process is still running. */
  hostRunning(): boolean;
  /**
   * The secret the gateway signs its callbacks to the registered host with (issue 12),
   * so wire cases that play the gateway can sign theirs.
   */
  callbackSecret(): string | undefined;
}

// Short leases, so a host that dies without unregistering is noticed within seconds.
const LEASE_TTL_MS = 5_000;
const STOP_GRACE_MS = 10_000;
const POLL_MS = 50;

/**
 * A real gateway, in this process, and the host under test as a child process that
 * finds the gateway through ACTORGATE_URL.
 */
export class Environment implements Controls {
  readonly #options: EnvironmentOptions;
  readonly #store: string;
  readonly #memoryStore: MemoryStore | undefined;
  readonly #tempDir: string | undefined;
  #gateway!: Gateway;
  #admin!: ActorgateClient;
  #host: HostProcess | undefined;
  #hostEnv: Record<string, string>;
  /** Sees every call inside the gateway: registrations, headers; injects faults. */
  readonly observer: Observer = createObserver();

  private constructor(options: EnvironmentOptions, store: string, tempDir: string | undefined) {
    this.#options = options;
    this.#hostEnv = { ...options.hostEnv };
    this.#store = store;
    this.#tempDir = tempDir;
    // A memory store must outlive gateway restarts, so the runner owns it.
    this.#memoryStore = store === "memory" ? new MemoryStore() : undefined;
  }

  static async start(options: EnvironmentOptions): Promise<Environment> {
    let store = options.store;
    let tempDir: string | undefined;
    if (!store) {
      if (existsSync(new URL("../../server/src/store/kysely/create-store.ts", import.meta.url))) {
        tempDir = mkdtempSync(join(tmpdir(), "actorgate-conformance-"));
        store = `sqlite:${join(tempDir, "actorgate.db")}`;
      } else {
        store = "memory";
      }
    }
    const env = new Environment(options, store, tempDir);
    try {
      await env.#startGateway(0);
      await env.startHost();
    } catch (err) {
      await env.close();
      throw err;
    }
    return env;
  }

  get gatewayUrl(): string {
    return this.#gateway.url;
  }

  get store(): string {
    return this.#store;
  }

  /** The store and bus for reports: a temp SQLite file is "sqlite (temporary file)", URLs redacted. */
  get description(): string {
    return `store ${this.#tempDir ? "sqlite (temporary file)" : redact(this.#store)}, bus ${redact(this.bus)}`;
  }

  get bus(): string {
    return this.#options.bus ?? "memory";
  }

  /** The host's exit, if it exited since it was started. */
  get hostExit(): HostExit | undefined {
    return this.#host?.exit;
  }

  hostRunning(): boolean {
    return this.#host !== undefined && this.#host.exit === undefined;
  }

  /** The host's recent output, for failure reports. */
  hostOutput(): string {
    return this.#host?.tail() ?? "";
  }

  async listHosts(): Promise<HostInfo[]> {
    return (await this.#admin.admin.listHosts({ system: SYSTEM })).hosts;
  }

  callbackSecret(): string | undefined {
    return this.#gateway?.registry.hosts(SYSTEM)[0]?.endpoint.callbackSecret;
  }

  async restartGateway(): Promise<void> {
    const port = this.#gateway.port;
    await this.#gateway.close();
    await this.#startGateway(port);
    await this.#waitForRegistration("after the gateway restarted");
  }

  /** The extra environment of the next host start (the matrix switches transports with it). */
  setHostEnv(env: Record<string, string>): void {
    this.#hostEnv = { ...env };
  }

  async stopHost(): Promise<{ exit: HostExit; killed: boolean }> {
    const host = this.#host;
    if (!host) throw new Error("the host is not running");
    return host.stop(STOP_GRACE_MS);
  }

  async startHost(): Promise<void> {
    this.#host = HostProcess.start({
      command: this.#options.hostCommand,
      env: { ...this.#hostEnv, ACTORGATE_URL: this.#gateway.url, ACTORGATE_SYSTEM: SYSTEM },
      onLine: this.#options.trace ? (stream, line) => this.#options.log(`[host ${stream}] ${line}`) : undefined,
    });
    await this.#waitForRegistration("after it started");
  }

  async restartHost(): Promise<void> {
    if (this.#host && !this.#host.exit) await this.stopHost();
    // A host that died without unregistering stays listed until its lease runs out.
    const deadline = Date.now() + LEASE_TTL_MS + 2_000;
    while ((await this.listHosts()).length > 0) {
      if (Date.now() > deadline) throw new Error("the stopped host is still registered after its lease ran out");
      await delay(POLL_MS);
    }
    await this.startHost();
  }

  /** Brings a host back if one crashed or lost its registration; true if it had to. */
  async recover(): Promise<boolean> {
    const registered = await this.listHosts().then((h) => h.length > 0, () => false);
    if (registered && this.#host && !this.#host.exit) return false;
    this.#options.log(
      `[runner] the host ${this.#host?.exit ? `exited (${describeExit(this.#host.exit)})` : "lost its registration"}; restarting it`,
    );
    await this.restartHost();
    return true;
  }

  async close(): Promise<void> {
    if (this.#host) await this.#host.stop(STOP_GRACE_MS);
    await this.#gateway?.close();
    if (this.#tempDir) rmSync(this.#tempDir, { recursive: true, force: true });
  }

  async #startGateway(port: number): Promise<void> {
    const overrides = {
      port,
      store: this.#store,
      ...(this.#options.bus ? { bus: this.#options.bus } : {}),
      logLevel: this.#options.trace ? ("warn" as const) : ("silent" as const),
      leaseTtlMs: LEASE_TTL_MS,
    };
    try {
      // No flags, no environment: the runner's own ACTORGATE_* settings must not leak in.
      const config = loadConfig({}, {}, overrides);
      const links = [this.observer.link];
      this.#gateway = await createGateway(config, this.#memoryStore ? { store: this.#memoryStore, links } : { links });
    } catch (err) {
      throw new UsageError(`cannot start the gateway (store ${redact(this.#store)}, bus ${redact(this.bus)}): ${(err as Error).message}`);
    }
    this.#admin = createActorgateClient({ url: this.#gateway.url, httpVersion: "1.1" });
  }

  async #waitForRegistration(when: string): Promise<void> {
    const timeoutMs = this.#options.registerTimeoutMs ?? 20_000;
    const deadline = Date.now() + timeoutMs;
    const host = this.#host!;
    for (;;) {
      if (host.exit) {
        throw new UsageError(
          `the host exited (${describeExit(host.exit)}) ${when}, before it registered with the gateway.\n` +
            this.#hostHelp(),
        );
      }
      if ((await this.listHosts().catch(() => [])).length > 0) return;
      if (Date.now() > deadline) {
        throw new UsageError(
          `the host did not register with the gateway within ${timeoutMs / 1000} s ${when}.\n` +
            `It must call actorgate.v1.HostService/Register at ACTORGATE_URL in system "${SYSTEM}".\n` +
            this.#hostHelp(),
        );
      }
      await Promise.race([delay(POLL_MS), host.exited]);
    }
  }

  #hostHelp(): string {
    return (
      `  command:       ${this.#options.hostCommand.join(" ")}\n` +
      Object.entries(this.#hostEnv)
        .map(([k, v]) => `  ${`${k}:`.padEnd(15)}${v}\n`)
        .join("") +
      `  ACTORGATE_URL: ${this.#gateway.url}\n` +
      `  host output (last lines; "!" marks stderr):\n${indent(this.#host?.tail() || "(none)", "    ")}`
    );
  }
}

const indent = (text: string, prefix: string) =>
  text
    .split("\n")
    .map((l) => prefix + l)
    .join("\n");
