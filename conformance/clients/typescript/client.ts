// The client adapter for the TypeScript client SDK (@actorgate/client): it maps each
// command of the client conformance protocol (proto/actorgate/conformance/v1/client.proto)
// onto the SDK's API, the way an application would call it, and reports what the SDK
// returned. It fixes nothing up: that is what is being tested.
//
//   npx actorgate-conformance --client --features conformance/clients/typescript/features.json \
//     -- node --import tsx conformance/clients/typescript/client.ts
import { createInterface } from "node:readline";
import { create, fromJson, toJsonString, type MessageInitShape } from "@bufbuild/protobuf";
import { AnySchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { createActorgateClient, fromPayload, type ActorgateClient, type ClientOptions } from "@actorgate/client";
import { codeName } from "@actorgate/client/common";
import { PayloadSchema, type ActorRef, type Payload } from "@actorgate/client/gen";
import type {
  ClientPayloadSchema} from "../../../clients/typescript/src/gen/actorgate/conformance/v1/client_pb.js";
import {
  ClientCommandSchema,
  ClientOutputSchema,
  type ClientCommand,
  type ClientPayload,
  type InvokeCommand,
  type SubscribeCommand,
} from "../../../clients/typescript/src/gen/actorgate/conformance/v1/client_pb.js";

type OutputInit = MessageInitShape<typeof ClientOutputSchema>;
type ResultInit = Extract<NonNullable<OutputInit["output"]>, { case: "result" }>["value"];

/** ACTORGATE_CONFORMANCE_TRANSPORT (protocol+codec+http) as client options. */
export function clientOptions(value = process.env["ACTORGATE_CONFORMANCE_TRANSPORT"]): ClientOptions {
  if (!value) return {};
  const [protocol, codec, http] = value.split("+");
  if ((protocol !== "connect" && protocol !== "grpc" && protocol !== "grpc-web") || (codec !== "json" && codec !== "proto") || (http !== "http1" && http !== "h2c")) {
    throw new Error(`ACTORGATE_CONFORMANCE_TRANSPORT=${value}: expected protocol+codec+http`);
  }
  return { protocol, binary: codec === "proto", httpVersion: http === "h2c" ? "2" : "1.1" };
}

/** The protocol's payload as the SDK's input: natural JSON, or a Payload holding the Any. */
function input(p: ClientPayload | undefined): unknown {
  if (!p) return undefined;
  if (p.kind.case === "json") return fromPayload(create(PayloadSchema, { kind: { case: "json", value: p.kind.value } }));
  if (p.kind.case === "binary") {
    return create(PayloadSchema, { kind: { case: "binary", value: create(AnySchema, { typeUrl: p.kind.value.typeUrl, value: p.kind.value.value }) } });
  }
  return undefined;
}

/** The SDK's reply as the protocol's payload. */
function output(p: Payload | undefined): MessageInitShape<typeof ClientPayloadSchema> | undefined {
  if (!p) return undefined;
  const value = fromPayload(p);
  if (p.kind.case === "binary") return { kind: { case: "binary", value: { typeUrl: p.kind.value.typeUrl, value: p.kind.value.value } } };
  return { kind: { case: "json", value: fromJson(ValueSchema, value as never) } };
}

export function createAdapter(client: ActorgateClient, write: (line: string) => void): { handle: (command: ClientCommand) => Promise<void>; closeAll: () => void } {
  const subscriptions = new Map<string, AbortController>();
  const send = (o: OutputInit) => write(toJsonString(ClientOutputSchema, create(ClientOutputSchema, o)));
  const fail = (id: string, err: unknown, attempts = 1) => {
    const e = ConnectError.from(err);
    send({ id, attempts, output: { case: "error", value: { code: codeName(e.code), message: e.rawMessage } } });
  };

  const invoke = async (c: InvokeCommand) => {
    const actor = c.actor as ActorRef;
    const options = {
      metadata: c.metadata,
      timeoutMs: c.timeoutMs || undefined,
      idempotencyKey: c.idempotencyKey || undefined,
    };
    if (c.async) {
      return { invocationId: await client.invokeAsync(actor, c.action, input(c.payload), options) } satisfies ResultInit;
    }
    // Extra headers need the generated client (the helpers take none); same request.
    const res = Object.keys(c.headers).length
      ? await client.actors.invoke(
          { actor, action: c.action, payload: toSdkPayload(c.payload), metadata: c.metadata, timeoutMs: c.timeoutMs, idempotencyKey: c.idempotencyKey },
          { headers: c.headers, timeoutMs: options.timeoutMs },
        )
      : await client.invokeRaw(actor, c.action, input(c.payload), options);
    return { reply: output(res.reply), invocationId: res.invocationId, revision: res.revision } satisfies ResultInit;
  };

  const subscribe = async (id: string, c: SubscribeCommand) => {
    const controller = new AbortController();
    subscriptions.set(id, controller);
    let events = 0;
    try {
      for await (const e of client.actors.subscribe({ system: c.system, channel: c.channel, actionFilter: c.actionFilter }, { signal: controller.signal })) {
        events++;
        send({ id, output: { case: "event", value: { channel: e.channel, payload: output(e.payload), action: e.action, dropped: e.dropped } } });
        if (c.count && events >= c.count) break;
      }
      send({ id, output: { case: "result", value: { events } } });
    } catch (err) {
      if (controller.signal.aborted) send({ id, output: { case: "result", value: { events } } });
      else fail(id, err);
    } finally {
      subscriptions.delete(id);
    }
  };

  const closeAll = () => {
    for (const c of subscriptions.values()) c.abort();
  };
  return { handle, closeAll };

  async function handle(command: ClientCommand): Promise<void> {
    const { id } = command;
    const c = command.command;
    try {
      switch (c.case) {
        case "invoke": {
          // The SDK has no retry policy of its own: the documented way is to call again
          // with the same arguments (and so the same idempotency key).
          for (let attempt = 1; ; attempt++) {
            try {
              send({ id, attempts: attempt, output: { case: "result", value: await invoke(c.value) } });
              return;
            } catch (err) {
              if (ConnectError.from(err).code !== Code.Unavailable || attempt > c.value.retries) return fail(id, err, attempt);
            }
          }
        }
        case "subscribe":
          return await subscribe(id, c.value);
        case "cancel":
          subscriptions.get(c.value.target)?.abort();
          return send({ id, output: { case: "result", value: {} } });
        case "broadcast": {
          const delivered = await client.broadcast(c.value.system, c.value.channel, input(c.value.payload), { action: c.value.action || undefined, metadata: c.value.metadata });
          return send({ id, output: { case: "result", value: { delivered } } });
        }
        case "activate": {
          const res = await client.actors.activate({ actors: c.value.actors });
          const activated = res.actors.map((a) => ({ actor: a.actor, revision: a.revision, created: a.created }));
          return send({ id, output: { case: "result", value: { activated } } });
        }
        case "getState": {
          const res = await client.state.getState({ actor: c.value.actor });
          return send({ id, output: { case: "result", value: { state: output(res.state), revision: res.revision } } });
        }
        default:
          return fail(id, new ConnectError(`unknown command ${String(c.case)}`, Code.Unimplemented));
      }
    } catch (err) {
      fail(id, err);
    }
  }
}

/** The protocol payload as a Payload message (for the generated client). */
function toSdkPayload(p: ClientPayload | undefined): Payload | undefined {
  if (!p) return undefined;
  const v = input(p);
  return (v as Payload | undefined)?.$typeName === "actorgate.v1.Payload" ? (v as Payload) : create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, v as never) } });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const client = createActorgateClient({ url: process.env["ACTORGATE_URL"], ...clientOptions() });
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const { handle, closeAll } = createAdapter(client, write);
  const running = new Set<Promise<void>>();
  write(toJsonString(ClientOutputSchema, create(ClientOutputSchema, { output: { case: "ready", value: { name: "@actorgate/client (TypeScript)", version: "0.1.0" } } })));
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let command: ClientCommand;
    try {
      command = fromJson(ClientCommandSchema, JSON.parse(line) as never);
    } catch (err) {
      console.error(`[ts-client] not a ClientCommand: ${(err as Error).message}: ${line}`);
      return;
    }
    const p = handle(command).finally(() => running.delete(p));
    running.add(p);
  });
  lines.on("close", () => {
    closeAll();
    void Promise.allSettled([...running]).then(() => process.exit(0));
  });
}
