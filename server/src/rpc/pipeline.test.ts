import { Code, ConnectError, createContextValues } from "@connectrpc/connect";
import { ActorService, InvokeRequestSchema } from "@actorgate/client/gen";
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { GatewayError, INTERNAL_MESSAGE, invalidArgument } from "../errors.js";
import { StoreUnavailableError } from "../store/store.js";
import { createCallPipeline, type CallLink, type RpcCall } from "./pipeline.js";

function call(): RpcCall {
  return {
    service: ActorService.typeName,
    method: "Invoke",
    procedure: "/actorgate.v1.ActorService/Invoke",
    descriptor: ActorService.method.invoke,
    protocol: "connect",
    path: "fast-path",
    requestHeader: new Headers(),
    signal: new AbortController().signal,
    timeoutMs: undefined,
    deadline: undefined,
    message: create(InvokeRequestSchema, {}),
    values: createContextValues(),
  };
}

const tracer = (name: string, log: string[]): CallLink => ({
  name,
  async handle(_call, next) {
    log.push(`${name}>`);
    try {
      await next();
    } finally {
      log.push(`<${name}`);
    }
  },
});

async function failure(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (err) {
    return err as ConnectError;
  }
  throw new Error("succeeded");
}

describe("createCallPipeline", () => {
  it("runs links in order, each around the rest, the implementation innermost", async () => {
    const log: string[] = [];
    const pipeline = createCallPipeline([tracer("a", log), tracer("b", log)]);
    await pipeline.run(call(), async () => void log.push("impl"));
    expect(log).toEqual(["a>", "b>", "impl", "<b", "<a"]);
  });

  it("gives links a ConnectError with its final code, and the client the same", async () => {
    const seen: unknown[] = [];
    const watcher: CallLink = {
      name: "watch",
      async handle(_c, next) {
        await next().catch((err: unknown) => {
          seen.push(err);
          throw err;
        });
      },
    };
    const pipeline = createCallPipeline([watcher]);
    const cases: [unknown, Code, string | RegExp][] = [
      [invalidArgument("bad name"), Code.InvalidArgument, "bad name"],
      [new StoreUnavailableError("store load failed: postgres://db/x is unavailable"), Code.Unavailable, /postgres:\/\/db\/x is unavailable/],
      [new Error("duplicate key value violates unique constraint; select * from t"), Code.Internal, INTERNAL_MESSAGE],
      [new ConnectError("host says no", Code.FailedPrecondition), Code.FailedPrecondition, "host says no"],
    ];
    for (const [thrown, code, message] of cases) {
      const err = await failure(pipeline.run(call(), () => Promise.reject(thrown)));
      expect(err).toBeInstanceOf(ConnectError);
      expect(err.code).toBe(code);
      expect(err.rawMessage).toMatch(message);
      expect(seen.at(-1)).toBe(err);
    }
  });

  it("lets a link refuse a call before the implementation runs", async () => {
    let ran = false;
    const deny: CallLink = {
      name: "deny",
      handle: () => Promise.reject(new GatewayError(Code.Unauthenticated, "send a bearer token")),
    };
    const err = await failure(createCallPipeline([deny]).run(call(), async () => void (ran = true)));
    expect([err.code, err.rawMessage, ran]).toEqual([Code.Unauthenticated, "send a bearer token", false]);
  });

  it("fails a call whose link forgets next() or calls it twice, as internal", async () => {
    const silent: CallLink = { name: "silent", handle: async () => undefined };
    expect((await failure(createCallPipeline([silent]).run(call(), async () => undefined))).code).toBe(Code.Internal);
    const twice: CallLink = {
      name: "twice",
      async handle(_c, next) {
        await next();
        await next();
      },
    };
    let runs = 0;
    expect((await failure(createCallPipeline([twice]).run(call(), async () => void runs++))).code).toBe(Code.Internal);
    expect(runs).toBe(1);
  });
});
