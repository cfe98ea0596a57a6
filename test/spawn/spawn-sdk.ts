// A Spawn-protocol host written in the test, doing on the wire what the eigr Spawn SDKs
// do: it registers its actors with POST /api/v1/system (protobuf RegistrationRequest),
// serves POST /api/v1/actors/actions (ActorInvocation → ActorInvocationResponse, the
// whole context sent back after every action), carries JSON in JSONType Anys, and spawns
// and invokes actors through the proxy. Every body is real protobuf bytes made with the
// generated Spawn messages (proto/spawn).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { create, fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { AnySchema, type Any } from "@bufbuild/protobuf/wkt";
import {
  ActorInvocationResponseSchema,
  ActorInvocationSchema,
  ChannelSchema,
  InvocationRequestSchema,
  InvocationResponseSchema,
  JSONTypeSchema,
  Kind,
  RegistrationRequestSchema,
  RegistrationResponseSchema,
  SpawnRequestSchema,
  SpawnResponseSchema,
  type ActorId,
  type ActorInvocation,
  type ActorSchema,
  type InvocationResponse,
  type WorkflowSchema,
} from "@actorgate/client/gen/spawn";

export const JSON_TYPE_URL = "type.googleapis.com/eigr.functions.protocol.JSONType";

export function jsonAny(value: unknown): Any {
  return create(AnySchema, { typeUrl: JSON_TYPE_URL, value: toBinary(JSONTypeSchema, create(JSONTypeSchema, { content: JSON.stringify(value) })) });
}

export function fromJsonAny(any: Any | undefined): unknown {
  if (!any) return undefined;
  if (!any.typeUrl.endsWith("/eigr.functions.protocol.JSONType")) throw new Error(`not JSON: ${any.typeUrl}`);
  return JSON.parse(fromBinary(JSONTypeSchema, any.value).content) as unknown;
}

export interface SdkContext {
  readonly state: unknown;
  readonly tags: { [key: string]: string };
  readonly metadata: { [key: string]: string };
  readonly self: ActorId | undefined;
  readonly caller: ActorId | undefined;
}

export interface SdkResult {
  /** The new state; omitted: the state is sent back unchanged, as SDKs do. */
  readonly state?: unknown;
  readonly value?: unknown;
  readonly tags?: { [key: string]: string };
  readonly checkpoint?: boolean;
  readonly workflow?: MessageInitShape<typeof WorkflowSchema>;
  /** Answer with these bytes (and this HTTP status) instead of an ActorInvocationResponse. */
  readonly raw?: { status: number; body: Uint8Array };
}

export type SdkAction = (input: unknown, ctx: SdkContext) => SdkResult | Promise<SdkResult>;

export interface SdkActor {
  readonly name: string;
  readonly kind: Kind;
  readonly stateful?: boolean;
  readonly actions: { [name: string]: SdkAction };
  /** Timer actions: name → period (ms, in Spawn's `seconds` field). */
  readonly timers?: { [name: string]: number };
  /** Older SDKs: one topic string in Metadata.channel_group. */
  readonly channelTopic?: string;
  /** Newer SDKs: Channel{topic, action} messages in Metadata.channel_group. */
  readonly channels?: readonly { topic: string; action?: string }[];
  readonly tags?: { [key: string]: string };
  readonly snapshotMs?: number;
  readonly deactivationMs?: number;
  readonly minPoolSize?: number;
  readonly maxPoolSize?: number;
}

export interface PostResult<Desc extends DescMessage> {
  readonly status: number;
  readonly message: MessageShape<Desc>;
}

/** POSTs protobuf bytes as Spawn SDKs do and decodes the answer whatever its HTTP status. */
export async function postSpawn<Desc extends DescMessage>(url: string, body: Uint8Array, answer: Desc): Promise<PostResult<Desc>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", accept: "application/octet-stream" },
    body,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, message: fromBinary(answer, bytes) };
}

export class SpawnSdkHost {
  readonly received: ActorInvocation[] = [];
  #server: http.Server | undefined;
  #url = "";
  proxyUrl = "";

  constructor(
    readonly system: string,
    readonly actors: readonly SdkActor[],
  ) {}

  /** Listens on a free port; returns the base URL the proxy calls back. */
  async listen(): Promise<string> {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (req.url !== "/api/v1/actors/actions") {
          res.writeHead(404).end();
          return;
        }
        this.#handle(new Uint8Array(Buffer.concat(chunks))).then(
          ({ status, body }) => {
            res.writeHead(status, { "content-type": "application/octet-stream" });
            res.end(body);
          },
          (err: unknown) => {
            res.writeHead(500, { "content-type": "text/plain" });
            res.end(String(err));
          },
        );
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.#url;
  }

  /** The base URL the proxy calls back (after listen()). */
  get url(): string {
    return this.#url;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  registrationBytes(): Uint8Array {
    const actors: { [name: string]: MessageInitShape<typeof ActorSchema> } = {};
    for (const a of this.actors) {
      const channelGroup: Uint8Array[] = [];
      if (a.channelTopic) channelGroup.push(new TextEncoder().encode(a.channelTopic));
      for (const c of a.channels ?? []) channelGroup.push(toBinary(ChannelSchema, create(ChannelSchema, { topic: c.topic, action: c.action ?? "" })));
      actors[a.name] = {
        id: { name: a.name, system: this.system },
        settings: {
          kind: a.kind,
          stateful: a.stateful ?? true,
          snapshotStrategy: a.snapshotMs ? { strategy: { case: "timeout", value: { timeout: BigInt(a.snapshotMs) } } } : undefined,
          deactivationStrategy: a.deactivationMs ? { strategy: { case: "timeout", value: { timeout: BigInt(a.deactivationMs) } } } : undefined,
          minPoolSize: a.minPoolSize ?? 0,
          maxPoolSize: a.maxPoolSize ?? 0,
        },
        actions: Object.keys(a.actions).filter((n) => !(a.timers && n in a.timers)).map((name) => ({ name })),
        timerActions: Object.entries(a.timers ?? {}).map(([name, ms]) => ({ seconds: ms, action: { name } })),
        metadata: { channelGroup, tags: a.tags ?? {} },
      };
    }
    return toBinary(
      RegistrationRequestSchema,
      create(RegistrationRequestSchema, {
        serviceInfo: { serviceName: "test-sdk", serviceVersion: "1.0.0", serviceRuntime: `node ${process.version}`, supportLibraryName: "spawn-test-sdk", supportLibraryVersion: "1.0.0", protocolMajorVersion: 1, protocolMinorVersion: 2 },
        actorSystem: { name: this.system, registry: { actors } },
      }),
    );
  }

  async register(proxyUrl: string) {
    this.proxyUrl = proxyUrl;
    return postSpawn(`${proxyUrl}/api/v1/system`, this.registrationBytes(), RegistrationResponseSchema);
  }

  async spawn(actors: { name: string; parent: string }[], revision?: number) {
    const body = toBinary(SpawnRequestSchema, create(SpawnRequestSchema, { actors: actors.map((a) => ({ ...a, system: this.system })) }));
    const query = revision === undefined ? "" : `?revision=${revision}`;
    return postSpawn(`${this.proxyUrl}/api/v1/system/${this.system}/actors/spawn${query}`, body, SpawnResponseSchema);
  }

  async invoke(
    actor: string,
    action: string,
    value?: unknown,
    options: { parent?: string; registerRef?: string; async?: boolean; scheduledTo?: number; metadata?: { [k: string]: string }; pooled?: boolean } = {},
  ): Promise<PostResult<typeof InvocationResponseSchema> & { value: unknown }> {
    const request = create(InvocationRequestSchema, {
      system: { name: this.system },
      actor: { id: { name: actor, system: this.system, parent: options.parent ?? "" } },
      actionName: action,
      payload: value === undefined ? { case: "noop", value: {} } : { case: "value", value: jsonAny(value) },
      async: options.async ?? false,
      metadata: options.metadata ?? {},
      scheduledTo: BigInt(options.scheduledTo ?? 0),
      pooled: options.pooled ?? false,
      registerRef: options.registerRef ?? "",
    });
    const result = await postSpawn(`${this.proxyUrl}/api/v1/system/${this.system}/actors/${actor}/invoke`, toBinary(InvocationRequestSchema, request), InvocationResponseSchema);
    return { ...result, value: valueOf(result.message) };
  }

  async #handle(body: Uint8Array): Promise<{ status: number; body: Uint8Array }> {
    const invocation = fromBinary(ActorInvocationSchema, body);
    this.received.push(invocation);
    const id = invocation.actor;
    // SDKs find an unnamed actor's code by its parent, a named one's by its name.
    const def = this.actors.find((a) => a.name === (id?.parent || id?.name));
    const fn = def?.actions[invocation.actionName];
    const context = invocation.currentContext;
    if (!def || !fn) throw new Error(`no action ${invocation.actionName} on ${id?.name}`);
    const input = invocation.payload.case === "value" ? fromJsonAny(invocation.payload.value) : undefined;
    const result = await fn(input, {
      state: fromJsonAny(context?.state),
      tags: { ...context?.tags },
      metadata: { ...context?.metadata },
      self: context?.self,
      caller: invocation.caller,
    });
    if (result.raw) return result.raw;
    const response = create(ActorInvocationResponseSchema, {
      actorName: id?.name ?? "",
      actorSystem: id?.system ?? "",
      updatedContext: {
        state: "state" in result ? jsonAny(result.state) : context?.state,
        tags: result.tags ?? context?.tags ?? {},
        metadata: context?.metadata ?? {},
        self: context?.self,
        caller: context?.caller,
      },
      payload: result.value === undefined ? { case: "noop", value: {} } : { case: "value", value: jsonAny(result.value) },
      workflow: result.workflow,
      checkpoint: result.checkpoint ?? false,
    });
    return { status: 200, body: toBinary(ActorInvocationResponseSchema, response) };
  }
}

export function valueOf(response: InvocationResponse): unknown {
  return response.payload.case === "value" ? fromJsonAny(response.payload.value) : undefined;
}

export { Kind };
